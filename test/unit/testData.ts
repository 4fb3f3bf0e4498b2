// Deterministic test data shared by the unit tests (imported, not a test file itself: esbuild.js
// bundles only *.test.ts as entries). Each test keeps its own shapes and constants; only the draws
// and the AR(1) column recurrence live here, with the exact arithmetic the tests were written with,
// so every generated number is unchanged.

/** Seeded draws: u() uniform in (0, 1) from the LCG of Numerical Recipes (Press et al., ch. 7), g() a standard normal by Box-Muller from two u(). */
export interface Draws {
  u: () => number;
  g: () => number;
}

export function lcg(seed: number): Draws {
  let s = seed >>> 0;
  const u = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  const g = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return { u, g };
}

/** count pseudo-random normals from a fresh lcg(seed), so the tests need no data files. */
export function normals(count: number, seed: number): Float64Array {
  const { g } = lcg(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = g();
  return out;
}

/**
 * n×p column-major AR(1)-correlated columns from draws g: column 0 iid normals, then
 * x_j = 0.5 x_{j-1} + 0.87 g() (+ shift(j) when given), row by row within each column.
 */
export function ar1Columns(n: number, p: number, g: () => number, shift?: (j: number) => number): Float64Array {
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) x[i] = g();
  for (let j = 1; j < p; j++) {
    if (shift) {
      const c = shift(j);
      for (let i = 0; i < n; i++) x[j * n + i] = 0.5 * x[(j - 1) * n + i] + 0.87 * g() + c;
    } else {
      for (let i = 0; i < n; i++) x[j * n + i] = 0.5 * x[(j - 1) * n + i] + 0.87 * g();
    }
  }
  return x;
}
