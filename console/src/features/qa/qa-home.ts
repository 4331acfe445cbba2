/**
 * Where a QA user lands after signing in. One constant, so the QA reports pages can become QA's home by changing
 * this line only (the registry reads it through `qaFeature.homes`).
 */
export const QA_HOME_PATH = '/qa/reviews';
