/**
 * New-vehicle campaign callbacks (新车回访): the selling dealer (or the hotline) calls a new car's owner 3 days, 7 days
 * and 1 month after the purchase — 3DC: thank the customer, complete their details, how the car is going; 7DC: how the
 * sale and the handover went, invite to the owners' classes; 1 month: any problem with the car, how it is used. Pure
 * rules: which calls a purchase date makes due on a day. The generator (shared/src/server/callbacks/) writes them.
 */
import type { CallbackKind } from './callback-rules';

export const CAMPAIGN_KINDS = ['new_vehicle_3d', 'new_vehicle_7d', 'new_vehicle_1m'] as const satisfies readonly CallbackKind[];
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** Whether a callback kind is a campaign call (no ticket) rather than a resolution's. */
export const isCampaignKind = (kind: string): kind is CampaignKind => (CAMPAIGN_KINDS as readonly string[]).includes(kind);

/** How long after the purchase each call is due, in days or calendar months. */
export const CAMPAIGN_OFFSETS: Record<CampaignKind, { days: number } | { months: number }> = {
  new_vehicle_3d: { days: 3 },
  new_vehicle_7d: { days: 7 },
  new_vehicle_1m: { months: 1 },
};

/**
 * Cars bought longer ago than this get no campaign calls: switching the feature on (or a generator that was down for
 * a while) does not flood the queue with old cars. Long enough for the 1-month call to be caught up two weeks late.
 */
export const CAMPAIGN_WINDOW_DAYS = 45;

/** A local calendar day as `YYYY-MM-DD`, shifted by days or months (a month from 31 January is 28/29 February). */
export function shiftDay(day: string, offset: { days: number } | { months: number }): string {
  const [year, month, date] = day.split('-').map(Number);
  if ('days' in offset) return new Date(Date.UTC(year, month - 1, date + offset.days)).toISOString().slice(0, 10);
  const lastOfTarget = new Date(Date.UTC(year, month - 1 + offset.months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + offset.months, Math.min(date, lastOfTarget))).toISOString().slice(0, 10);
}

/** The local day a campaign call is due for a car bought on `purchaseDate`. */
export const campaignDueDay = (purchaseDate: string, kind: CampaignKind): string => shiftDay(purchaseDate, CAMPAIGN_OFFSETS[kind]);

/** The earliest purchase date that still gets campaign calls on `today`. */
export const campaignWindowStart = (today: string): string => shiftDay(today, { days: -CAMPAIGN_WINDOW_DAYS });

/**
 * The campaign call a car bought on `purchaseDate` is due for on `today`: the latest one whose day has come, or none
 * (before the 3-day call, or bought before the window). An earlier call whose successor is due already is not made:
 * a 3-day call on day 8 would come after the 7-day one and ask what that one asks.
 */
export function dueCampaignKind(purchaseDate: string, today: string): CampaignKind | null {
  if (purchaseDate < campaignWindowStart(today) || purchaseDate > today) return null;
  const due = CAMPAIGN_KINDS.filter((kind) => campaignDueDay(purchaseDate, kind) <= today);
  return due.at(-1) ?? null;
}
