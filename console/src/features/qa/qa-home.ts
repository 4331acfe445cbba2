/**
 * Where a QA user lands after signing in: the resolution-time report (features/reports). One constant (the registry
 * reads it through `qaFeature.homes`); the review list stays in the QA menu entry (`/qa`).
 */
export const QA_HOME_PATH = '/reports';
