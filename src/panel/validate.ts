/**
 * Every message from the webview is checked before the host acts on it: the webview renders
 * CSV-derived text and is treated as untrusted. Unknown or malformed messages are dropped (the
 * caller logs the returned reason). No `vscode` import (unit-tested).
 */
import type { ExportKind, GeometryRequest, LogisticPenalty, PanelSettings, RefitRequest, WebviewToHost } from '../protocol';

export type Validated = { ok: true; message: WebviewToHost } | { ok: false; reason: string };

const PENALTIES: readonly LogisticPenalty[] = ['none', 'l1', 'l2', 'elasticnet'];
const MAX_FEATURES = 10_000;
const MAX_NAME = 10_000;
const EXPORT_KINDS: readonly ExportKind[] = ['results-csv', 'results-json', 'python', 'r', 'notebook', 'chart-png', 'chart-svg'];
/** A chart export's data (PNG data URL or SVG text) may not be longer than this. */
const MAX_CHART_CHARS = 40_000_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const name = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME;

/** Returns the problem with `v` as a PanelSettings, or undefined when it is valid. */
export function checkSettings(v: unknown): string | undefined {
  if (!isRecord(v)) return 'settings is not an object';
  if (!name(v.target)) return 'settings.target must be a column name';
  if (!Array.isArray(v.features) || v.features.length > MAX_FEATURES || !v.features.every(name)) {
    return 'settings.features must be a list of column names';
  }
  if (v.task !== 'regression' && v.task !== 'classification') return 'settings.task must be regression or classification';
  if (!finite(v.alpha) || v.alpha < 0) return 'settings.alpha must be a number >= 0';
  if (!finite(v.ridgeAlpha) || v.ridgeAlpha < 0) return 'settings.ridgeAlpha must be a number >= 0';
  if (!finite(v.l1Ratio) || v.l1Ratio < 0 || v.l1Ratio > 1) return 'settings.l1Ratio must be between 0 and 1';
  if (!finite(v.C) || v.C <= 0) return 'settings.C must be a number > 0';
  if (!PENALTIES.includes(v.penalty as LogisticPenalty)) return `settings.penalty must be one of ${PENALTIES.join(', ')}`;
  if (typeof v.standardize !== 'boolean') return 'settings.standardize must be true or false';
  if (!finite(v.testSize) || v.testSize < 0 || v.testSize >= 1) return 'settings.testSize must be in [0, 1)';
  if (!Number.isInteger(v.cvFolds) || (v.cvFolds as number) < 2 || (v.cvFolds as number) > 1000) return 'settings.cvFolds must be an integer >= 2';
  if (!Number.isSafeInteger(v.seed)) return 'settings.seed must be an integer';
  if (v.positiveClass !== undefined && typeof v.positiveClass !== 'string') return 'settings.positiveClass must be a string';
  const known = new Set(['target', 'features', 'task', 'alpha', 'l1Ratio', 'ridgeAlpha', 'C', 'penalty', 'standardize', 'testSize', 'cvFolds', 'seed', 'positiveClass']);
  const extra = Object.keys(v).filter((k) => !known.has(k));
  if (extra.length) return `settings has unknown field(s) ${extra.join(', ')}`;
  return undefined;
}

/** A clean copy (no extra fields survive, key order fixed). */
function copySettings(v: PanelSettings): PanelSettings {
  const s: PanelSettings = {
    target: v.target, features: v.features.filter((f) => f !== v.target), task: v.task, alpha: v.alpha, l1Ratio: v.l1Ratio,
    ridgeAlpha: v.ridgeAlpha, C: v.C, penalty: v.penalty, standardize: v.standardize, testSize: v.testSize,
    cvFolds: v.cvFolds, seed: v.seed,
  };
  if (v.positiveClass !== undefined) s.positiveClass = v.positiveClass;
  return s;
}

const REFIT_MODELS: readonly RefitRequest['model'][] = ['lasso', 'elasticnet', 'ridge'];
/** Stability selection runs one Lasso per subsample: more than this is not interactive. */
const MAX_SUBSAMPLES = 1000;

function onlyKeys(v: Record<string, unknown>, keys: string[], what: string): string | undefined {
  const extra = Object.keys(v).filter((k) => !keys.includes(k));
  return extra.length ? `${what} has unknown field(s) ${extra.join(', ')}` : undefined;
}

function checkRefit(v: unknown): string | undefined {
  if (!isRecord(v)) return 'request is not an object';
  if (!REFIT_MODELS.includes(v.model as RefitRequest['model'])) return `request.model must be one of ${REFIT_MODELS.join(', ')}`;
  if (!finite(v.alpha) || v.alpha < 0) return 'request.alpha must be a number >= 0';
  if (!finite(v.l1Ratio) || v.l1Ratio < 0 || v.l1Ratio > 1) return 'request.l1Ratio must be between 0 and 1';
  return onlyKeys(v, ['model', 'alpha', 'l1Ratio'], 'request');
}

function checkGeometry(v: unknown): string | undefined {
  if (!isRecord(v)) return 'request is not an object';
  if (!Array.isArray(v.features) || v.features.length !== 2 || !v.features.every(name)) return 'request.features must be two column names';
  if (v.features[0] === v.features[1]) return 'request.features must be two different columns';
  if (!finite(v.alpha) || v.alpha < 0) return 'request.alpha must be a number >= 0';
  if (!finite(v.ridgeAlpha) || v.ridgeAlpha < 0) return 'request.ridgeAlpha must be a number >= 0';
  if (!finite(v.l1Ratio) || v.l1Ratio < 0 || v.l1Ratio > 1) return 'request.l1Ratio must be between 0 and 1';
  return onlyKeys(v, ['features', 'alpha', 'l1Ratio', 'ridgeAlpha'], 'request');
}

export function validateWebviewMessage(raw: unknown): Validated {
  if (!isRecord(raw) || typeof raw.type !== 'string') return { ok: false, reason: 'not a {type: string} object' };
  const extra = (allowed: string[]) => Object.keys(raw).filter((k) => k !== 'type' && !allowed.includes(k));
  switch (raw.type) {
    case 'webview/ready':
    case 'analysis/cancel': {
      const bad = extra([]);
      if (bad.length) return { ok: false, reason: `${raw.type} has unknown field(s) ${bad.join(', ')}` };
      return { ok: true, message: { type: raw.type } };
    }
    case 'analysis/run':
    case 'settings/changed': {
      const bad = extra(['settings']);
      if (bad.length) return { ok: false, reason: `${raw.type} has unknown field(s) ${bad.join(', ')}` };
      const problem = checkSettings(raw.settings);
      if (problem) return { ok: false, reason: `${raw.type}: ${problem}` };
      return { ok: true, message: { type: raw.type, settings: copySettings(raw.settings as PanelSettings) } };
    }
    case 'refit/request': {
      const bad = extra(['settings', 'request']);
      if (bad.length) return { ok: false, reason: `refit/request has unknown field(s) ${bad.join(', ')}` };
      const problem = checkSettings(raw.settings) ?? checkRefit(raw.request);
      if (problem) return { ok: false, reason: `refit/request: ${problem}` };
      const r = raw.request as RefitRequest;
      return { ok: true, message: { type: 'refit/request', settings: copySettings(raw.settings as PanelSettings), request: { model: r.model, alpha: r.alpha, l1Ratio: r.l1Ratio } } };
    }
    case 'insights/request': {
      const bad = extra(['settings', 'threshold', 'nSubsamples']);
      if (bad.length) return { ok: false, reason: `insights/request has unknown field(s) ${bad.join(', ')}` };
      const problem = checkSettings(raw.settings);
      if (problem) return { ok: false, reason: `insights/request: ${problem}` };
      if (!finite(raw.threshold) || raw.threshold <= 0 || raw.threshold > 1) return { ok: false, reason: 'insights/request: threshold must be in (0, 1]' };
      if (!Number.isInteger(raw.nSubsamples) || (raw.nSubsamples as number) < 1 || (raw.nSubsamples as number) > MAX_SUBSAMPLES) {
        return { ok: false, reason: `insights/request: nSubsamples must be an integer from 1 to ${MAX_SUBSAMPLES}` };
      }
      return { ok: true, message: { type: 'insights/request', settings: copySettings(raw.settings as PanelSettings), threshold: raw.threshold, nSubsamples: raw.nSubsamples as number } };
    }
    case 'geometry/request': {
      const bad = extra(['settings', 'request']);
      if (bad.length) return { ok: false, reason: `geometry/request has unknown field(s) ${bad.join(', ')}` };
      const problem = checkSettings(raw.settings) ?? checkGeometry(raw.request);
      if (problem) return { ok: false, reason: `geometry/request: ${problem}` };
      const g = raw.request as GeometryRequest;
      return {
        ok: true,
        message: { type: 'geometry/request', settings: copySettings(raw.settings as PanelSettings), request: { features: [g.features[0], g.features[1]], alpha: g.alpha, l1Ratio: g.l1Ratio, ridgeAlpha: g.ridgeAlpha } },
      };
    }
    case 'export/request': {
      const bad = extra(['kind', 'settings', 'chart', 'data']);
      if (bad.length) return { ok: false, reason: `export/request has unknown field(s) ${bad.join(', ')}` };
      if (!EXPORT_KINDS.includes(raw.kind as ExportKind)) return { ok: false, reason: `export/request: kind must be one of ${EXPORT_KINDS.join(', ')}` };
      const problem = checkSettings(raw.settings);
      if (problem) return { ok: false, reason: `export/request: ${problem}` };
      const kind = raw.kind as ExportKind;
      const settings = copySettings(raw.settings as PanelSettings);
      if (kind !== 'chart-png' && kind !== 'chart-svg') {
        if (raw.chart !== undefined || raw.data !== undefined) return { ok: false, reason: 'export/request: only chart exports carry chart and data' };
        return { ok: true, message: { type: 'export/request', kind, settings } };
      }
      if (typeof raw.chart !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(raw.chart)) return { ok: false, reason: 'export/request: chart must be a short lower-case name' };
      if (typeof raw.data !== 'string' || raw.data.length === 0 || raw.data.length > MAX_CHART_CHARS) return { ok: false, reason: `export/request: data must be a non-empty string of at most ${MAX_CHART_CHARS} characters` };
      return { ok: true, message: { type: 'export/request', kind, settings, chart: raw.chart, data: raw.data } };
    }
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(raw.type).slice(0, 80)}` };
  }
}
