// Bit-for-bit comparison helpers shared by the unit tests (imported, not a test file: esbuild.js
// bundles only *.test.ts as entries).
import * as assert from 'assert';
import { setWasmKernels } from '../../src/solver/wasm/load';

/** Asserts a and b hold the same doubles bit for bit (Object.is: -0 and NaN payload-blind). */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.strictEqual(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

/** Runs f with the WebAssembly kernels off (their JavaScript twins), then turns them on again whatever f does. */
export function withJs<T>(f: () => T): T {
  setWasmKernels(false);
  try {
    return f();
  } finally {
    setWasmKernels(true);
  }
}
