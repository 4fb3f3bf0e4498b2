/**
 * The typed arrays that worker threads read in place (cvPool.ts, gramPool.ts): an array already in a
 * SharedArrayBuffer (designs are: src/data/design.ts) is used as it is, any other is copied there.
 */
export function sharedCopy<T extends Float64Array | Int32Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new (a.constructor as { new (b: SharedArrayBuffer): T })(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
