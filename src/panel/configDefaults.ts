/** The `regularization.*` settings' shape and defaults (the same defaults as package.json). */
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
  /** Skip rows whose field count differs from the header's (reported in the notes) instead of stopping. */
  skipBadRows: boolean;
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
  skipBadRows: false,
  workerMemoryMb: 2048,
};
