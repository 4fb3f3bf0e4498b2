/** The `regularization.*` settings, read fresh for every job so edits apply at once. */
import * as vscode from 'vscode';
import { CONFIG_DEFAULTS, type ExtensionConfig } from './configDefaults';

export { CONFIG_DEFAULTS, type ExtensionConfig };

export function readConfig(scope?: vscode.Uri): ExtensionConfig {
  const c = vscode.workspace.getConfiguration('regularization', scope);
  const num = (key: keyof ExtensionConfig, ok: (v: number) => boolean): number => {
    const v = c.get<number>(key);
    return typeof v === 'number' && ok(v) ? v : (CONFIG_DEFAULTS[key] as number);
  };
  const int = (v: number) => Number.isInteger(v);
  const tokens = c.get<unknown>('missingTokens');
  const missing = c.get<string>('missingValues');
  return {
    standardize: c.get<boolean>('standardize') ?? CONFIG_DEFAULTS.standardize,
    testSize: num('testSize', (v) => v >= 0 && v < 1),
    seed: num('seed', int),
    cvFolds: num('cvFolds', (v) => int(v) && v >= 2),
    nAlphas: num('nAlphas', (v) => int(v) && v >= 2),
    eps: num('eps', (v) => v > 0 && v < 1),
    maxIter: num('maxIter', (v) => int(v) && v >= 1),
    tol: num('tol', (v) => v > 0),
    missingValues: missing === 'mean' ? 'mean' : 'drop',
    maxCategoricalLevels: num('maxCategoricalLevels', (v) => int(v) && v >= 2),
    missingTokens: Array.isArray(tokens) && tokens.every((t) => typeof t === 'string') ? tokens : CONFIG_DEFAULTS.missingTokens,
    skipBadRows: c.get<boolean>('skipBadRows') === true,
    workerMemoryMb: num('workerMemoryMb', (v) => int(v) && v >= 8),
  };
}
