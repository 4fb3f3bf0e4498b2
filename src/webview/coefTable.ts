// The rows of the coefficient tables, built from the pipeline's results. Pure, unit tested.

import type { CompareResult, FitResult, RegressionModel } from '../protocol';
import type { SortableRow } from './sort';

export type Units = 'original' | 'standardized';

export interface ModelColumn {
  key: string;
  label: string;
}

export const REGRESSION_COLUMNS: readonly (ModelColumn & { key: RegressionModel })[] = [
  { key: 'ols', label: 'OLS' },
  { key: 'ridge', label: 'Ridge' },
  { key: 'lasso', label: 'Lasso' },
  { key: 'elasticnet', label: 'Elastic Net' },
];

export interface CoefTable {
  columns: ModelColumn[];
  rows: SortableRow[];
  /** Intercept per column key, in the same units as the rows (undefined when not known). */
  intercepts: Record<string, number | undefined>;
  /** False when the fits carry no standardized coefficients (standardize was off). */
  standardizedAvailable: boolean;
  /** The units actually shown (falls back to original when standardized is not available). */
  units: Units;
}

/** A coefficient the penalty set to exactly zero (what Lasso and Elastic Net do; never rounding). */
export function isZeroed(v: number | undefined): boolean {
  return v === 0;
}

/** OLS | Ridge | Lasso | Elastic Net, one row per design column in `compare.columns` order. */
export function compareTable(compare: CompareResult, units: Units): CoefTable {
  const fits = new Map<string, FitResult>();
  for (const f of compare.fits) fits.set(f.model, f);
  const columns = REGRESSION_COLUMNS.filter((c) => fits.has(c.key)).map((c) => ({ key: c.key, label: c.label }));
  return buildTable(compare.columns, columns, fits, units);
}

/** The logistic fit's coefficients as a one-column table. */
export function logisticTable(fit: FitResult, units: Units): CoefTable {
  const fits = new Map<string, FitResult>([['logistic', fit]]);
  const names = Object.keys(fit.coef);
  return buildTable(names, [{ key: 'logistic', label: 'Logistic' }], fits, units);
}

function buildTable(names: readonly string[], columns: ModelColumn[], fits: Map<string, FitResult>, requested: Units): CoefTable {
  const standardizedAvailable = columns.length > 0 && columns.every((c) => fits.get(c.key)?.coef_standardized != null);
  const units: Units = requested === 'standardized' && standardizedAvailable ? 'standardized' : 'original';
  const rows: SortableRow[] = names.map((name, index) => {
    const values: Record<string, number | undefined> = {};
    for (const c of columns) {
      const fit = fits.get(c.key)!;
      const source = units === 'standardized' ? fit.coef_standardized! : fit.coef;
      values[c.key] = source[name];
    }
    return { name, index, values };
  });
  const intercepts: Record<string, number | undefined> = {};
  for (const c of columns) {
    const fit = fits.get(c.key)!;
    intercepts[c.key] = units === 'standardized' ? fit.intercept_standardized ?? undefined : fit.intercept;
  }
  return { columns, rows, intercepts, standardizedAvailable, units };
}

/** "Lasso selected k of p features" */
export function lassoSelectedText(compare: CompareResult): string {
  return `Lasso selected ${compare.lasso_selected} of ${compare.p} features`;
}

/** How many values in a column are exactly zero. */
export function countZeroed(rows: readonly SortableRow[], key: string): number {
  let n = 0;
  for (const r of rows) if (isZeroed(r.values[key])) n++;
  return n;
}
