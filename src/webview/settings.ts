// The setup form's logic: which columns can be the target or features, what changing the target
// does to the other choices, and turning the form's text fields into PanelSettings. Pure, unit tested.

import type { ColumnInfo, DatasetSummary, LogisticPenalty, PanelSettings } from '../protocol';

/** A target with exactly two distinct values can be modelled as a classification. */
export function isTwoValued(col: ColumnInfo | undefined): boolean {
  if (!col || col.kind === 'excluded') return false;
  if (col.kind === 'boolean') return true;
  if (col.levels && col.levels.length === 2) return true;
  return col.distinct === 2;
}

/**
 * Columns offered as the target: numeric and boolean ones, and categorical ones with two levels
 * (a classification target). The current target is always offered so a saved choice shows.
 */
export function targetCandidates(summary: DatasetSummary, current?: string): ColumnInfo[] {
  return summary.columns.filter(
    (c) => c.name === current || c.kind === 'numeric' || c.kind === 'boolean' || (c.kind === 'categorical' && isTwoValued(c)),
  );
}

export interface FeatureChoice {
  column: ColumnInfo;
  /** False for excluded columns (they are shown, disabled, with their reason). */
  usable: boolean;
}

/** Every column except the target, in file order. */
export function featureChoices(summary: DatasetSummary, target: string): FeatureChoice[] {
  return summary.columns.filter((c) => c.name !== target).map((column) => ({ column, usable: column.kind !== 'excluded' }));
}

/** "numeric", "boolean", "categorical · 3 levels", "excluded" (the reason is shown separately). */
export function describeKind(col: ColumnInfo): string {
  if (col.kind === 'categorical') {
    const k = col.levels?.length ?? col.distinct;
    return k === undefined ? 'categorical' : `categorical · ${k} level${k === 1 ? '' : 's'}`;
  }
  return col.kind;
}

/**
 * New settings after the user picks another target: the new target leaves the features, the old
 * one (if usable) joins them, the task follows the host's default (two-valued: classification), and the positive
 * class is forgotten because it named a level of the old target.
 */
export function changeTarget(settings: PanelSettings, summary: DatasetSummary, target: string): PanelSettings {
  if (target === settings.target) return settings;
  const byName = new Map(summary.columns.map((c) => [c.name, c]));
  const features = settings.features.filter((f) => f !== target);
  const old = byName.get(settings.target);
  if (old && old.kind !== 'excluded' && !features.includes(old.name)) features.push(old.name);
  const order = new Map(summary.columns.map((c, i) => [c.name, i]));
  features.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const col = byName.get(target);
  const twoValued = isTwoValued(col);
  // The host's default rule (src/panel/settings.ts): a two-valued target is a classification.
  const task: PanelSettings['task'] = twoValued ? 'classification' : 'regression';
  const next: PanelSettings = { ...settings, target, features, task };
  delete next.positiveClass;
  return next;
}

/** The positive-class choices for a classification target: its two levels when known. */
export function positiveClassChoices(col: ColumnInfo | undefined): string[] {
  if (!col) return [];
  if (col.levels && col.levels.length === 2) return col.levels.slice();
  if (col.kind === 'boolean') return ['true', 'false'];
  return [];
}

/** The numeric fields of the form, as the text the user typed. */
export interface NumericDraft {
  alpha: string;
  l1Ratio: string;
  ridgeAlpha: string;
  C: string;
  testSize: string;
  cvFolds: string;
  seed: string;
}

export type NumericField = keyof NumericDraft;

export function draftOf(s: PanelSettings): NumericDraft {
  return {
    alpha: String(s.alpha),
    l1Ratio: String(s.l1Ratio),
    ridgeAlpha: String(s.ridgeAlpha),
    C: String(s.C),
    testSize: String(s.testSize),
    cvFolds: String(s.cvFolds),
    seed: String(s.seed),
  };
}

interface FieldRule {
  label: string;
  check(v: number): string | null;
  integer?: boolean;
}

const RULES: Record<NumericField, FieldRule> = {
  // alpha = 0 is allowed, as the host's validation (src/panel/validate.ts) and scikit-learn allow it.
  alpha: { label: 'alpha', check: (v) => (v >= 0 ? null : 'must be 0 or more') },
  l1Ratio: { label: 'l1_ratio', check: (v) => (v >= 0 && v <= 1 ? null : 'must be between 0 and 1') },
  ridgeAlpha: { label: 'Ridge alpha', check: (v) => (v >= 0 ? null : 'must be 0 or more') },
  C: { label: 'C', check: (v) => (v > 0 ? null : 'must be greater than 0') },
  testSize: { label: 'Test size', check: (v) => (v >= 0 && v < 1 ? null : 'must be at least 0 and less than 1') },
  cvFolds: { label: 'CV folds', integer: true, check: (v) => (v >= 2 && v <= 1000 ? null : 'must be a whole number from 2 to 1000') },
  seed: { label: 'Seed', integer: true, check: (v) => (v >= 0 && v <= 4294967295 ? null : 'must be a whole number from 0 to 4294967295') },
};

export interface Validation {
  settings: PanelSettings | null;
  /** One sentence per invalid field, keyed by field. */
  errors: Partial<Record<NumericField | 'features' | 'target', string>>;
}

/** Parses the draft into settings; any invalid field gives an error and no settings. */
export function validateSettings(base: PanelSettings, draft: NumericDraft): Validation {
  const errors: Validation['errors'] = {};
  const parsed: Partial<Record<NumericField, number>> = {};
  for (const key of Object.keys(RULES) as NumericField[]) {
    const rule = RULES[key];
    const text = draft[key].trim();
    const v = text === '' ? NaN : Number(text);
    if (!Number.isFinite(v)) {
      errors[key] = `${rule.label}: "${text}" is not a number.`;
      continue;
    }
    if (rule.integer && !Number.isInteger(v)) {
      errors[key] = `${rule.label} ${rule.check(NaN) ?? 'must be a whole number'}.`;
      continue;
    }
    const problem = rule.check(v);
    if (problem) errors[key] = `${rule.label} ${problem}.`;
    else parsed[key] = v;
  }
  if (!base.target) errors.target = 'Choose a target column.';
  if (base.features.length === 0) errors.features = 'Choose at least one feature.';
  if (Object.keys(errors).length > 0) return { settings: null, errors };
  return {
    settings: {
      ...base,
      alpha: parsed.alpha!,
      l1Ratio: parsed.l1Ratio!,
      ridgeAlpha: parsed.ridgeAlpha!,
      C: parsed.C!,
      testSize: parsed.testSize!,
      cvFolds: parsed.cvFolds!,
      seed: parsed.seed!,
    },
    errors,
  };
}

export const PENALTIES: readonly { value: LogisticPenalty; label: string }[] = [
  { value: 'l2', label: 'L2 (ridge)' },
  { value: 'l1', label: 'L1 (lasso)' },
  { value: 'elasticnet', label: 'Elastic net' },
  { value: 'none', label: 'None' },
];

/** Which numeric fields the form shows for a task (and penalty). */
export function visibleFields(task: PanelSettings['task'], penalty: LogisticPenalty): NumericField[] {
  const common: NumericField[] = ['testSize', 'cvFolds', 'seed'];
  if (task === 'regression') return ['alpha', 'l1Ratio', 'ridgeAlpha', ...common];
  const model: NumericField[] = penalty === 'none' ? [] : penalty === 'elasticnet' ? ['C', 'l1Ratio'] : ['C'];
  return [...model, ...common];
}
