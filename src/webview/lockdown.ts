/**
 * Turns off every way of running a string as code in this realm, before any other panel code runs.
 *
 * Why: the panel's CSP has no 'unsafe-eval', and inside VS Code's webview the browser enforces its
 * nonce and source rules, but VS Code writes our page into its own fake.html document
 * (document.open/write) after the realm was created, and that realm keeps `eval` and
 * `new Function` enabled (observed in code-server 4.100 with Chromium; a bare Chromium with the
 * same CSP blocks them). Nothing in our bundle turns strings into code (the e2e test greps
 * dist/webview.js), so closing these doors costs nothing and leaves a template or injection gadget
 * in any library nothing to run. String timers are already refused by the CSP.
 */

/** What lockDownCodeFromStrings closed; the e2e and unit tests check each one. */
export interface LockdownReport {
  eval: boolean;
  functionConstructor: boolean;
  prototypeConstructors: number;
}

/**
 * Self-contained (no outer references) so a test can run its source text in a fresh vm realm.
 * A blocked attempt throws an EvalError, as the CSP's own refusal does.
 */
export function lockDownCodeFromStrings(realm: typeof globalThis = globalThis): LockdownReport {
  const IntrinsicFunction = realm.Function;
  const refuse = function refuse(): never {
    throw new realm.EvalError('Regularization Explorer: running strings as code is disabled in this panel (Content-Security-Policy)');
  };
  // `x instanceof Function` keeps working: instanceof reads the right-hand side's .prototype.
  Object.defineProperty(refuse, 'prototype', { value: IntrinsicFunction.prototype, writable: false });

  // The constructors reachable from any function object: (function(){}).constructor('code') etc.
  // Their prototypes come from the realm's own syntax, so this does not depend on globals.
  const kinds: object[] = [
    IntrinsicFunction.prototype,
    Object.getPrototypeOf(function* () { /* generator */ }),
    Object.getPrototypeOf(async function () { /* async */ }),
    Object.getPrototypeOf(async function* () { /* async generator */ }),
  ];
  let prototypeConstructors = 0;
  for (const proto of kinds) {
    Object.defineProperty(proto, 'constructor', { value: refuse, writable: false, configurable: false });
    prototypeConstructors++;
  }
  // A direct `eval(...)` only evaluates when the name resolves to the intrinsic %eval%; any other
  // function makes it an ordinary call, which throws here.
  Object.defineProperty(realm, 'eval', { value: refuse, writable: false, configurable: false });
  Object.defineProperty(realm, 'Function', { value: refuse, writable: false, configurable: false });
  return { eval: realm.eval === refuse, functionConstructor: realm.Function === (refuse as unknown), prototypeConstructors };
}

// Runs on import in the webview (main.ts imports this module first, so it runs before any library
// code is evaluated); importing it elsewhere (the unit tests, in Node) changes nothing.
if (typeof window !== 'undefined' && typeof document !== 'undefined') lockDownCodeFromStrings();
