// The webview's lockdown (src/webview/lockdown.ts) run in a fresh realm (node:vm), as the panel runs
// it before any other code: every way of turning a string into code throws, ordinary code still works.
import * as assert from 'assert';
import * as vm from 'vm';
import { lockDownCodeFromStrings } from '../../src/webview/lockdown';

function lockedRealm(): vm.Context {
  const ctx = vm.createContext({});
  vm.runInContext(`globalThis.__report = (${lockDownCodeFromStrings.toString()})(globalThis);`, ctx);
  return ctx;
}

const ATTEMPTS: Record<string, string> = {
  'direct eval': `eval('6*7')`,
  'indirect eval': `(0, eval)('6*7')`,
  'globalThis.eval': `globalThis.eval('6*7')`,
  'new Function': `new Function('return 6*7')()`,
  'Function()': `Function('return 6*7')()`,
  "a function's constructor": `(function () {}).constructor('return 6*7')()`,
  "an arrow's constructor": `(() => 0).constructor('return 6*7')()`,
  "a generator's constructor": `(function* () {}).constructor('yield 6*7')().next().value`,
  "an async function's constructor": `(async function () {}).constructor('return 6*7')`,
  "an async generator's constructor": `(async function* () {}).constructor('yield 6*7')`,
  "a method's constructor": `({ m() {} }).m.constructor('return 6*7')()`,
  "a class's constructor": `(class {}).constructor('return 6*7')()`,
  "a bound function's constructor": `(function () {}).bind(null).constructor('return 6*7')()`,
  'Reflect.construct(Function)': `Reflect.construct(Function, ['return 6*7'])()`,
};

describe('webview lockdown: no code from strings', () => {
  it('reports what it closed', () => {
    const report = vm.runInContext('__report', lockedRealm());
    assert.deepStrictEqual({ ...report }, { eval: true, functionConstructor: true, prototypeConstructors: 4 });
  });

  for (const [name, code] of Object.entries(ATTEMPTS)) {
    it(`refuses ${name}`, () => {
      const ctx = lockedRealm();
      const outcome = vm.runInContext(`(() => { try { return 'ran: ' + String(${code}); } catch (e) { return e.name + ': ' + e.message; } })()`, ctx);
      assert.match(outcome, /^EvalError: .*disabled in this panel/, `${name}: ${outcome}`);
    });
  }

  it('cannot be undone by reassigning', () => {
    const ctx = lockedRealm();
    const out = vm.runInContext(`(() => {
      'use strict';
      const tries = [];
      try { globalThis.eval = (s) => s; tries.push('eval reassigned'); } catch (e) { tries.push(e.name); }
      try { Object.defineProperty(Function.prototype, 'constructor', { value: 1 }); tries.push('constructor redefined'); } catch (e) { tries.push(e.name); }
      return tries.join(',');
    })()`, ctx);
    assert.strictEqual(out, 'TypeError,TypeError');
  });

  it('leaves ordinary code working (instanceof Function, call/apply/bind, classes, async, JSON)', async () => {
    const ctx = lockedRealm();
    const out = vm.runInContext(`(async () => {
      const f = function (a, b) { return a + b; };
      class A { constructor(x) { this.x = x; } get twice() { return 2 * this.x; } }
      const g = function* () { yield 1; yield 2; };
      const r = [
        f instanceof Function, (() => 0) instanceof Function, typeof Function, f.call(null, 1, 2), f.apply(null, [2, 3]), f.bind(null, 3)(4),
        new A(5).twice, [...g()].join('+'), await (async () => 7)(), JSON.parse('{"a":[1,2]}').a[1], [3, 1, 2].sort((a, b) => a - b).join(''),
      ];
      return JSON.stringify(r);
    })()`, ctx);
    assert.strictEqual(await out, JSON.stringify([true, true, 'function', 3, 5, 7, 10, '1+2', 7, 2, '123']));
  });

  it('does nothing when imported outside a browser (no window)', () => {
    assert.strictEqual((0, eval)('1 + 1'), 2);
    assert.strictEqual(typeof Function.prototype.constructor, 'function');
    assert.strictEqual(Function.prototype.constructor, Function);
  });
});
