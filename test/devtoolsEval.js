// Reading a page that runs our webview bundle. Playwright's evaluate / $eval / $$eval /
// waitForFunction compile the test's function by calling the page's own `eval`, which the bundle
// closes at start-up (src/webview/lockdown.ts). withDevToolsEvaluation(target, ...) returns the
// Playwright Frame or Page with those four going through the DevTools protocol instead
// (Runtime.evaluate in the target's default execution context: DevTools compiles the expression
// itself), keeping Playwright's signatures. Used by test/e2e/run.js (the panel's frame inside
// code-server) and the webview preview scripts (a top-level page).
const contexts = new WeakMap();

/** The CDP session and execution context id of `target`: the default context where `isTarget` (an expression) is true. */
async function contextOf(target, browserContext, isTarget) {
  const cached = contexts.get(target);
  if (cached) return cached;
  // A frame shares its CDP session with the nearest out-of-process frame above it; a page has its own.
  let session;
  if (typeof target.parentFrame === 'function') {
    for (let f = target; f && !session; f = f.parentFrame()) session = await browserContext.newCDPSession(f).catch(() => undefined);
    if (!session) session = await browserContext.newCDPSession(target.page());
  } else {
    session = await browserContext.newCDPSession(target);
  }
  const ids = [];
  session.on('Runtime.executionContextCreated', (e) => { if (e.context.auxData && e.context.auxData.isDefault) ids.push(e.context.id); });
  await session.send('Runtime.enable');
  for (const id of ids) {
    const r = await session.send('Runtime.evaluate', { contextId: id, expression: `!!(${isTarget})`, returnByValue: true }).catch(() => undefined);
    if (r && r.result && r.result.value === true) {
      const found = { session, contextId: id };
      contexts.set(target, found);
      return found;
    }
  }
  await session.detach().catch(() => undefined);
  throw new Error(`no DevTools execution context where ${isTarget} (${ids.length} contexts looked at)`);
}

async function evaluateIn(target, browserContext, isTarget, expression) {
  for (let attempt = 0; ; attempt++) {
    const { session, contextId } = await contextOf(target, browserContext, isTarget);
    let r;
    try {
      r = await session.send('Runtime.evaluate', { contextId, expression, returnByValue: true, awaitPromise: true });
    } catch (e) {
      // The context went away (a reload or a navigation): find it again once.
      contexts.delete(target);
      if (attempt === 0) continue;
      throw e;
    }
    if (r.exceptionDetails) {
      const d = r.exceptionDetails;
      throw new Error((d.exception && d.exception.description) || d.text);
    }
    return r.result.value;
  }
}

const literal = (a) => (a === undefined ? 'undefined' : JSON.stringify(a));
const one = (selector) => `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) throw new Error('no element matches ' + ${JSON.stringify(JSON.stringify(selector))}); return el; })()`;

/** `target` (a Playwright Frame or Page) reading its page through DevTools; `isTarget` picks its context. */
function withDevToolsEvaluation(target, browserContext, isTarget) {
  const run = (expression) => evaluateIn(target, browserContext, isTarget, expression);
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'evaluate') return (fn, arg) => run(`(${fn})(${literal(arg)})`);
      if (prop === '$eval') return (selector, fn, arg) => run(`(${fn})(${one(selector)}, ${literal(arg)})`);
      if (prop === '$$eval') return (selector, fn, arg) => run(`(${fn})([...document.querySelectorAll(${JSON.stringify(selector)})], ${literal(arg)})`);
      if (prop === 'waitForFunction') {
        return async (fn, arg, opts = {}) => {
          const deadline = Date.now() + (opts.timeout ?? 30_000);
          for (;;) {
            const v = await run(`(${fn})(${literal(arg)})`);
            if (v) return v;
            if (Date.now() > deadline) throw new Error(`waitForFunction timed out: ${fn}`);
            await new Promise((r) => setTimeout(r, 50));
          }
        };
      }
      const v = Reflect.get(t, prop, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

module.exports = { withDevToolsEvaluation };
