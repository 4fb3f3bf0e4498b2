/**
 * The regression solver's public API: pure numerics on column-major Float64Array, scikit-learn's
 * conventions (objectives, standardization, alpha grid, stopping rule). No I/O, no Node-only APIs.
 *
 * Conventions worth knowing when calling it:
 * - "Fitted scale" = the columns the penalty sees: centred and divided by the ddof=0 std of the
 *   fitting rows when standardize=true, only centred otherwise. coefStd / PathFit.coefStd are on it;
 *   coef is in original units (coefStd/scale), intercept = mean(y) - mean·coef.
 * - warmStart (fitElasticNet) is on the fitted scale (coefStd, or coef when standardize=false).
 * - dualGap / dualGaps are on the (1/(2n)) objective's scale, as sklearn's dual_gap_; convergence
 *   means gap <= tol * ||y - mean(y)||^2 / n.
 * - nIter counts coordinate sweeps over the working set (strong-rule set grown by KKT checks),
 *   including sweeps over the active set only; sklearn counts full epochs, so counts differ.
 * - LinearModelFit.objective: OLS ||r||^2/(2n) (the CLI contract's), Ridge ||r||^2 + alpha||w||^2,
 *   ElasticNet (1/(2n))||r||^2 + alpha*l1*||w||_1 + alpha*(1-l1)/2*||w||^2, on the fitted scale.
 * - CvOptions.foldIds: one label 0..K-1 per row of X, or per entry of `rows` when rows is given.
 *   Each fold refits the standardization on its training rows. In covariance mode (p < 500, n > p)
 *   folds are built from one shared centred Gram minus the fold's held-out rows (cvGram.ts) instead
 *   of a design copy per fold; foldGram: false forces the copies. With p <= 256 every fold's held-out
 *   Gram comes from one blocked pass over X and the shared Gram is their sum (no centred copy), and
 *   held-out errors are scored through the held-out Gram (cvGram.ts heldOutMseFromGram).
 * - Covariance mode with p <= 256 (fitElasticNetPath, fitElasticNet with alpha > 0 and l1_ratio > 0)
 *   runs from sufficient statistics (column means, centred Gram, X^T y, ||y||^2) computed in one
 *   blocked pass, without a centred copy of X; fitElasticNetPathFromStats takes such statistics
 *   accumulated elsewhere (a streamed CSV) and returns the same PathFit (sufficientStats.ts).
 * - Algorithms: OLS = pivoted Householder QR + complete orthogonal decomposition (ols.ts, linalg.ts);
 *   Ridge = Cholesky primal/dual, paths from one R-SVD (Jacobi) or Gram/kernel eigen-decomposition
 *   (ridge.ts); Lasso/ElasticNet = cyclic coordinate descent, covariance or naive updates, strong
 *   rules + KKT checks, active-set cycling, sign-constrained Newton steps, duality-gap stop (enet.ts).
 */
export type { DenseMatrix, FittedDesign } from './design';
export { fittedDesign, toOriginalUnits } from './design';
export type { FittedLinearModel, LinearFitOptions, LinearModelFit, PathOptions, PathFit, CvOptions, CvFit, CvCurve } from './types';
export type { CdMode } from './enet';
export { defaultCdMode, enetObjective } from './enet';
export { fitOLS, solveLeastSquares } from './ols';
export { fitRidge, fitRidgePath, ridgeAlphaGrid, ridgeAlphaGridFromSingularValues, ridgeDf } from './ridge';
export { fitElasticNet, fitElasticNetPath, alphaMax, defaultAlphaGrid, logAlphaGrid, DEFAULT_TOL, DEFAULT_MAX_ITER } from './path';
export type { SufficientStats } from './sufficientStats';
export { fitElasticNetPathFromStats, sufficientStats } from './sufficientStats';
export type { CvFoldRuns } from './cv';
export { crossValidate, crossValidateFolds, combineCvFolds, sharedCvGram, summarizeCv } from './cv';
export type { CenteredGramParts } from './cvGram';
export { regressionMetrics, predict } from './metrics';
