/** The `regularization.*` settings, read fresh for every job so edits apply at once. */
import * as vscode from 'vscode';
import type { MissingPolicy } from '../protocol';

export interface ExtensionConfig {
  standardize: boolean;
  testSize: number;
  seed: number;
  cvFolds: number;
  nAlphas: number;
  eps: number;
  maxIter: number;
  tol: number;
  missingValues: MissingPolicy;
  maxCategoricalLevels: number;
  missingTokens: string[];
  workerMemoryMb: number;
}

export const CONFIG_DEFAULTS: ExtensionConfig = {
  standardize: true,
  testSize: 0.2,
  seed: 42,
  cvFolds: 5,
  nAlphas: 100,
  eps: 1e-3,
  maxIter: 10000,
  tol: 1e-8,
  missingValues: 'drop',
  maxCategoricalLevels: 20,
  missingTokens: ['', 'NA', 'NaN', 'nan', 'null', 'NULL', 'N/A', 'n/a', 'None'],
  workerMemoryMb: 2048,
};

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
    workerMemoryMb: num('workerMemoryMb', (v) => int(v) && v >= 128),
  };
}
