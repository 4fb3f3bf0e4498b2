/**
 * PanelSettings for a file: the defaults of the "one click to results" rule, stored
 * choices reconciled with the columns the file has now, and the jobs built from them.
 * No `vscode` import (unit-tested).
 */
import type { AnalyzeJob, ColumnInfo, DataOptions, DatasetSummary, FitOptions, JobSource, PanelSettings } from '../protocol';
import type { ExtensionConfig } from './configDefaults';

const TARGET_NAMES = ['y', 'target', 'label', 'outcome'];

/** Seed-analysis values: Lasso/Elastic Net alpha 0.1 with l1_ratio 0.5, Ridge alpha 1, logistic C 1 (sklearn's default). */
const MODEL_DEFAULTS = { alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1, C: 1, penalty: 'l2' } as const;

export function isTwoValued(col: ColumnInfo | undefined): boolean {
  if (!col || col.kind === 'excluded') return false;
  return col.kind === 'boolean' || col.distinct === 2 || (col.kind === 'categorical' && col.levels?.length === 2);
}

function usable(summary: DatasetSummary): ColumnInfo[] {
  return summary.columns.filter((c) => c.kind !== 'excluded');
}

/** y / target / label / outcome (any case), else the data layer's default, else the last numeric column. */
export function defaultTarget(summary: DatasetSummary): string | undefined {
  const cols = usable(summary);
  for (const name of TARGET_NAMES) {
    const hit = cols.find((c) => c.name.toLowerCase() === name);
    if (hit) return hit.name;
  }
  if (summary.defaultTarget && cols.some((c) => c.name === summary.defaultTarget)) return summary.defaultTarget;
  const numeric = cols.filter((c) => c.kind === 'numeric');
  return numeric.length ? numeric[numeric.length - 1].name : cols[cols.length - 1]?.name;
}

function featuresFor(summary: DatasetSummary, target: string): string[] {
  return usable(summary).map((c) => c.name).filter((n) => n !== target);
}

export function defaultSettings(summary: DatasetSummary, cfg: ExtensionConfig): PanelSettings {
  const target = defaultTarget(summary) ?? '';
  const col = summary.columns.find((c) => c.name === target);
  return {
    target,
    features: featuresFor(summary, target),
    task: isTwoValued(col) ? 'classification' : 'regression',
    ...MODEL_DEFAULTS,
    standardize: cfg.standardize,
    testSize: cfg.testSize,
    cvFolds: cfg.cvFolds,
    seed: cfg.seed,
  };
}

/**
 * Stored choices still apply if their target exists; features that vanished are dropped
 * (and if none is left, every usable column is taken). Otherwise the defaults.
 */
export function reconcileSettings(stored: PanelSettings | undefined, summary: DatasetSummary, cfg: ExtensionConfig): PanelSettings {
  if (!stored || !usable(summary).some((c) => c.name === stored.target)) return defaultSettings(summary, cfg);
  const names = new Set(usable(summary).map((c) => c.name));
  let features = stored.features.filter((f) => names.has(f) && f !== stored.target);
  if (features.length === 0) features = featuresFor(summary, stored.target);
  return { ...stored, features };
}

/** For the logistic command: keep a two-valued target, else take the first two-valued column. */
export function classificationSettings(settings: PanelSettings, summary: DatasetSummary): PanelSettings | undefined {
  const current = summary.columns.find((c) => c.name === settings.target);
  if (isTwoValued(current)) return { ...settings, task: 'classification' };
  const binary = summary.columns.find(isTwoValued);
  if (!binary) return undefined;
  return { ...settings, task: 'classification', target: binary.name, features: featuresFor(summary, binary.name), positiveClass: undefined };
}

export function dataOptions(settings: PanelSettings, cfg: ExtensionConfig): DataOptions {
  return {
    target: settings.target,
    features: settings.features,
    missing: cfg.missingValues,
    missingTokens: cfg.missingTokens,
    maxCategoricalLevels: cfg.maxCategoricalLevels,
    ...(cfg.skipBadRows ? { skipBadRows: true } : {}),
    ...(settings.positiveClass !== undefined ? { positiveClass: settings.positiveClass } : {}),
  };
}

export function fitOptions(settings: PanelSettings, cfg: ExtensionConfig): FitOptions {
  return { standardize: settings.standardize, testSize: settings.testSize, seed: settings.seed, maxIter: cfg.maxIter, tol: cfg.tol };
}

export function analyzeJob(source: JobSource, settings: PanelSettings, cfg: ExtensionConfig): AnalyzeJob {
  return {
    kind: 'analyze', source, settings,
    data: dataOptions(settings, cfg), fit: fitOptions(settings, cfg),
    nAlphas: cfg.nAlphas, eps: cfg.eps,
  };
}
