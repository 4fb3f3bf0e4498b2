// A tiny element builder. Every string child becomes a Text node, so CSV-derived text (column
// names, levels, messages) can never be parsed as HTML. There is deliberately no way to set
// innerHTML or a style attribute through it (the CSP forbids inline styles anyway).

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** data-testid */
  testid?: string;
  /** Attributes; true sets an empty attribute, false/undefined leaves it out. */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** DOM properties (for custom elements: value, checked, label...). */
  props?: Record<string, unknown>;
  on?: Record<string, (ev: Event) => void>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement;
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (props) {
    if (props.class) el.className = props.class;
    if (props.testid) el.dataset.testid = props.testid;
    if (props.attrs) {
      for (const [k, v] of Object.entries(props.attrs)) {
        if (v === undefined || v === false) continue;
        if (k === 'style') throw new Error('inline style attributes are blocked by the CSP; use a class');
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    if (props.props) Object.assign(el, props.props);
    if (props.on) for (const [k, fn] of Object.entries(props.on)) el.addEventListener(k, fn);
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces all children of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
}

/** Text for screen readers only. */
export function srOnly(text: string): HTMLSpanElement {
  return h('span', { class: 'visually-hidden' }, text);
}

let idCounter = 0;
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
