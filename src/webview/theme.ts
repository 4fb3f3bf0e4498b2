// Colours and fonts of the current VS Code theme, read from the --vscode-* CSS variables that the
// webview host puts on <html>/<body>. `buildTheme` is pure (give it a variable reader) so it is unit
// tested; `readTheme` reads the live document.

import { mix, parseColor, toCss } from './color';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Theme {
  kind: ThemeKind;
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  border: string;
  focus: string;
  fontFamily: string;
  fontSize: number;
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
  red: string;
  blue: string;
  green: string;
  yellow: string;
  orange: string;
  purple: string;
  /** Line colours for many series: the six chart colours, then lighter and darker variants. */
  palette: string[];
}

/** Used when a variable is missing (a theme that does not define it, or the preview page). */
const FALLBACK: Record<string, string> = {
  'editor-foreground': '#cccccc',
  'editor-background': '#1e1e1e',
  'charts-red': '#f14c4c',
  'charts-blue': '#3794ff',
  'charts-green': '#89d185',
  'charts-yellow': '#cca700',
  'charts-orange': '#d18616',
  'charts-purple': '#b180d7',
};

export function themeKindFromClasses(classes: string): ThemeKind {
  const c = ` ${classes} `;
  if (c.includes(' vscode-high-contrast-light ')) return 'high-contrast-light';
  if (c.includes(' vscode-high-contrast ')) return 'high-contrast';
  if (c.includes(' vscode-light ')) return 'light';
  return 'dark';
}

/** `read(name)` returns the value of --vscode-<name> ('' when not set). */
export function buildTheme(read: (name: string) => string, bodyClasses: string): Theme {
  const v = (...names: string[]): string => {
    for (const n of names) {
      const s = read(n).trim();
      if (s) return s;
    }
    return FALLBACK[names[names.length - 1]] ?? '';
  };
  const kind = themeKindFromClasses(bodyClasses);
  const foreground = v('foreground', 'editor-foreground');
  const background = v('editor-background');
  const contrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const border = v('contrastBorder', 'panel-border', 'editorWidget-border', 'editor-foreground');
  const gridBase = contrast ? border : v('editorWidget-border', 'panel-border', 'editor-foreground');
  const theme: Theme = {
    kind,
    foreground,
    muted: v('descriptionForeground', 'editor-foreground'),
    background,
    // High contrast themes have bright borders; a full-strength grid would compete with the lines.
    grid: fade(gridBase, background, contrast ? 0.45 : 0.35),
    border,
    focus: v('focusBorder', 'charts-blue'),
    fontFamily: v('font-family') || 'sans-serif',
    fontSize: parseFloat(v('font-size')) || 13,
    tooltipBackground: v('editorHoverWidget-background', 'editor-background'),
    tooltipForeground: v('editorHoverWidget-foreground', 'editor-foreground'),
    tooltipBorder: v('editorHoverWidget-border', 'editor-foreground'),
    red: v('charts-red'),
    blue: v('charts-blue'),
    green: v('charts-green'),
    yellow: v('charts-yellow'),
    orange: v('charts-orange'),
    purple: v('charts-purple'),
    palette: [],
  };
  theme.palette = expandPalette([theme.blue, theme.orange, theme.green, theme.red, theme.purple, theme.yellow], foreground, background, contrast);
  return theme;
}

/**
 * Six theme colours are too few for a path with dozens of lines: add variants pulled towards the
 * foreground and towards the background (not in high contrast themes, which want pure colours).
 */
export function expandPalette(base: string[], foreground: string, background: string, highContrast: boolean): string[] {
  if (highContrast) return base.slice();
  const fg = parseColor(foreground);
  const bg = parseColor(background);
  const out = base.slice();
  for (const [target, t] of [
    [fg, 0.4],
    [bg, 0.35],
  ] as const) {
    if (!target) continue;
    for (const b of base) {
      const c = parseColor(b);
      if (c) out.push(toCss(mix(c, target, t)));
    }
  }
  return out;
}

function fade(color: string, background: string, t: number): string {
  const c = parseColor(color);
  const bg = parseColor(background);
  if (!c || !bg) return color;
  return toCss(mix(bg, c, t));
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  return buildTheme((name) => style.getPropertyValue(`--vscode-${name}`), document.body.className);
}
