// Number formatting for the panel's tables. Pure: no DOM, so it is unit tested under mocha.

/**
 * `x` with `digits` significant digits, written the way Python's '%.6g' (and so numpy and
 * scikit-learn users) would write it: trailing zeros dropped, exponent form below 1e-4 or from
 * 10^digits on, exponent with at least two digits ("1.23457e+06").
 */
export function formatSig(x: number, digits = 6): string {
  if (typeof x !== 'number') return '—'; // a field the pipeline left out (null in JSON)
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0'; // also -0: a zeroed coefficient must not read "-0"
  // toExponential rounds first, so a carry (9.999995 -> 1.00000e+1) already moved the exponent.
  const [mantissa, expText] = x.toExponential(digits - 1).split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= digits) {
    const sign = exp < 0 ? '-' : '+';
    const abs = Math.abs(exp);
    return `${stripZeros(mantissa)}e${sign}${abs < 10 ? '0' : ''}${abs}`;
  }
  return stripZeros(x.toFixed(Math.max(0, digits - 1 - exp)));
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

/** Full precision (the shortest text that reads back as the same double), for title tooltips. */
export function formatFull(x: number): string {
  if (Object.is(x, -0)) return '0';
  return String(x);
}

/** A count with thousands separators: 120000 -> "120,000". */
export function formatCount(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** A fraction as a percentage with one decimal: 0.25 -> "25%", 0.123 -> "12.3%". */
export function formatPercent(f: number): string {
  return `${stripZeros((f * 100).toFixed(1))}%`;
}

/** Milliseconds for humans: 850 -> "850 ms", 12_345 -> "12.3 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${formatSig(ms / 1000, 3)} s`;
}

/** Tick labels on a log10(alpha) axis: the exponent as a number, short. */
export function formatLogTick(v: number): string {
  return formatSig(v, 3);
}
