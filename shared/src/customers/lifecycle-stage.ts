/** The customer lifecycle, by vehicle age. Priority and routing rules read it. */
export const LIFECYCLE_STAGES = ['honeymoon', 'early_use', 'warranty', 'out_of_warranty', 'repurchase'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Whole months from purchase to `at` (a partial month does not count). */
export function monthsBetween(from: Date, at: Date): number {
  const months = (at.getUTCFullYear() - from.getUTCFullYear()) * 12 + (at.getUTCMonth() - from.getUTCMonth());
  return at.getUTCDate() < from.getUTCDate() ? months - 1 : months;
}

/**
 * honeymoon 0–3 months, early use to 1 year, warranty to 3 years, out of warranty to 5 years, then repurchase.
 * Returns null when the purchase date is unknown.
 */
export function lifecycleStageOf(purchaseDate: string | Date | null, at: Date): LifecycleStage | null {
  if (purchaseDate === null) return null;
  const purchased = typeof purchaseDate === 'string' ? new Date(`${purchaseDate}T00:00:00Z`) : purchaseDate;
  const months = monthsBetween(purchased, at);
  if (months < 3) return 'honeymoon';
  if (months < 12) return 'early_use';
  if (months < 36) return 'warranty';
  if (months < 60) return 'out_of_warranty';
  return 'repurchase';
}
