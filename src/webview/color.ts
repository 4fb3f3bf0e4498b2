// Colour arithmetic for the heatmap and the charts. Pure, unit tested: the colours themselves come
// from the theme's --vscode-* variables, read elsewhere and passed in as CSS colour strings.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** Parses #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(...) and rgba(...) (what VS Code's variables hold). */
export function parseColor(text: string): Rgba | null {
  const s = text.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4})$/.exec(s);
  if (m) {
    const d = m[1].split('').map((c) => parseInt(c + c, 16));
    return { r: d[0], g: d[1], b: d[2], a: d.length === 4 ? d[3] / 255 : 1 };
  }
  m = /^#([0-9a-f]{6}|[0-9a-f]{8})$/.exec(s);
  if (m) {
    const h = m[1];
    const byte = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return { r: byte(0), g: byte(2), b: byte(4), a: h.length === 8 ? byte(6) / 255 : 1 };
  }
  m = /^rgba?\(([^)]*)\)$/.exec(s);
  if (m) {
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) return null;
    const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p));
    const alpha = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
    const c = { r: channel(parts[0]), g: channel(parts[1]), b: channel(parts[2]), a: alpha };
    return [c.r, c.g, c.b, c.a].every(Number.isFinite) ? c : null;
  }
  return null;
}

export function toCss(c: Rgba): string {
  const r = Math.round(clamp(c.r, 0, 255));
  const g = Math.round(clamp(c.g, 0, 255));
  const b = Math.round(clamp(c.b, 0, 255));
  const a = clamp(c.a, 0, 1);
  return a >= 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${Math.round(a * 1000) / 1000})`;
}

/** Linear mix: t = 0 gives `from`, t = 1 gives `to`. */
export function mix(from: Rgba, to: Rgba, t: number): Rgba {
  const u = clamp(t, 0, 1);
  return {
    r: from.r + (to.r - from.r) * u,
    g: from.g + (to.g - from.g) * u,
    b: from.b + (to.b - from.b) * u,
    a: from.a + (to.a - from.a) * u,
  };
}

/** `color` with its alpha replaced, as CSS (for translucent bands and fills). */
export function withAlpha(color: string, alpha: number): string {
  const c = parseColor(color);
  return c ? toCss({ ...c, a: alpha }) : color;
}

/** WCAG 2 relative luminance of an opaque colour. */
export function luminance(c: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG 2 contrast ratio (1..21). */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Of the candidates, the text colour that reads best on `background`. */
export function bestTextColor(background: Rgba, candidates: Rgba[]): Rgba {
  let best = candidates[0];
  let bestRatio = -1;
  for (const c of candidates) {
    const r = contrastRatio(background, c);
    if (r > bestRatio) {
      best = c;
      bestRatio = r;
    }
  }
  return best;
}

/**
 * Where `value` sits between min and max, 0..1 (0.5 when the range is empty, so a flat grid is
 * drawn in one middle colour rather than looking like all-worst).
 */
export function scalePosition(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return 0;
  if (!(max > min)) return 0.5;
  return clamp((value - min) / (max - min), 0, 1);
}

/**
 * A sequential heatmap colour: `low` at the minimum, `high` at the maximum, composited onto the
 * page background so the result is opaque (text contrast can then be computed exactly).
 */
export function heatColor(value: number, min: number, max: number, low: Rgba, high: Rgba, background: Rgba): Rgba {
  const c = mix(low, high, scalePosition(value, min, max));
  return composite(c, background);
}

/** `top` drawn over an opaque `bottom` (source-over). */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = clamp(top.a, 0, 1);
  return {
    r: top.r * a + bottom.r * (1 - a),
    g: top.g * a + bottom.g * (1 - a),
    b: top.b * a + bottom.b * (1 - a),
    a: 1,
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
