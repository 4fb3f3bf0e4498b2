/**
 * The regression solver's public API: pure numerics on column-major Float64Array, scikit-learn's
 * conventions (objectives, standardization, alpha grid, stopping rule). No I/O, no Node-only APIs.
 */
export type { DenseMatrix, FittedDesign } from './design';
export { fittedDesign, toOriginalUnits } from './design';
export type { LinearFitOptions, LinearModelFit, PathOptions, PathFit, CvOptions, CvFit, CvCurve } from './types';
export type { CdMode } from './enet';
export { defaultCdMode, enetObjective } from './enet';
export { fitOLS, solveLeastSquares } from './ols';
export { fitRidge, fitRidgePath, ridgeAlphaGrid, ridgeAlphaGridFromSingularValues, ridgeDf } from './ridge';
export { fitElasticNet, fitElasticNetPath, alphaMax, defaultAlphaGrid, logAlphaGrid, DEFAULT_TOL, DEFAULT_MAX_ITER } from './path';
export { crossValidate, summarizeCv } from './cv';
export { regressionMetrics, predict } from './metrics';
