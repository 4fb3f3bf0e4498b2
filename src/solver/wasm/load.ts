/**
 * The solver's WebAssembly kernels (src/solver/wasm/*.wat, assembled by scripts/build-wasm.js into
 * base64 in *.wasm.ts): each module compiled once per thread on first use, synchronously (they are
 * a few hundred bytes, within every engine's synchronous-compile limit), with no file access, so
 * the solver stays usable in Node, worker threads and browsers. Where WebAssembly or its 128-bit
 * SIMD is missing (or refused: a content security policy without 'wasm-unsafe-eval'), or turned off
 * with setWasmKernels(false), callers use their JavaScript loops, which give the same bits.
 */

let enabled = true;
const compiled = new Map<string, WebAssembly.Module | null>();

/** Turns the WebAssembly kernels off (false) or back on (tests and benchmarks of the JavaScript loops). */
export function setWasmKernels(on: boolean): void {
  enabled = on;
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The compiled module of base64 bytes, or null when the kernels are off or this engine cannot compile it. */
export function wasmModule(base64: string): WebAssembly.Module | null {
  if (!enabled || typeof WebAssembly !== 'object') return null;
  let mod = compiled.get(base64);
  if (mod === undefined) {
    try {
      mod = new WebAssembly.Module(bytesOf(base64));
    } catch {
      mod = null;
    }
    compiled.set(base64, mod);
  }
  return mod;
}

/** Pages of 64 KiB holding `bytes`. */
export function pagesFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 65536));
}

/**
 * Largest memory the kernels get: 4 GiB less one page, so every byte address and every end pointer
 * (one past the last byte) stays below 2^32 in the kernels' i32 arithmetic.
 */
const MAX_PAGES = 65535;

/**
 * A zero-filled WebAssembly memory of at least `bytes`, or null when it would exceed MAX_PAGES or
 * the engine refuses it (address space exhausted): callers then use plain arrays and their
 * JavaScript loops, which give the same bits.
 */
export function wasmMemory(bytes: number): WebAssembly.Memory | null {
  const pages = pagesFor(bytes);
  if (pages > MAX_PAGES) return null;
  try {
    return new WebAssembly.Memory({ initial: pages });
  } catch {
    return null;
  }
}
