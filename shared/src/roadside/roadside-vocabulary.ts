/**
 * Roadside assistance (道路救援) words, without zod: the console's pages import them. The rules live beside
 * (provider-selection.ts, roadside-progress.ts); the request schemas in roadside.schemas.ts.
 */

/** What happened to the car (the intake's roadside type). */
export const ROADSIDE_KINDS = ['breakdown', 'accident', 'flat_tyre', 'battery', 'lockout', 'fuel', 'towing'] as const;
export type RoadsideKind = (typeof ROADSIDE_KINDS)[number];

/** The numbers the agent gives when someone is hurt: ambulance 120, traffic police 122, police 110. */
export const EMERGENCY_NUMBERS = [
  { number: '120', zh: '急救', en: 'Ambulance' },
  { number: '122', zh: '交通事故报警', en: 'Traffic police' },
  { number: '110', zh: '报警', en: 'Police' },
] as const;

/** A job's state: offers going out, nobody left (supervisor board), then the provider's progress. */
export const ROADSIDE_JOB_STATUSES = ['offering', 'unassigned', 'accepted', 'en_route', 'arrived', 'towing', 'completed', 'cancelled', 'gone_on_arrival'] as const;
export type RoadsideJobStatus = (typeof ROADSIDE_JOB_STATUSES)[number];

/** What a provider reports after accepting (`accepted` itself is the offer's acceptance). */
export const ROADSIDE_PROGRESS_STATUSES = ['en_route', 'arrived', 'towing', 'completed', 'cancelled', 'gone_on_arrival'] as const;
export type RoadsideProgressStatus = (typeof ROADSIDE_PROGRESS_STATUSES)[number];

/**
 * An offer's state. `withdrawn`: the hotline dispatched or cancelled the ticket by hand before an answer. `assigned`:
 * not an offer but the job given by hand (a dispatch by hand), kept in the chain so the provider finds the job; never
 * in the figures.
 */
export const ROADSIDE_OFFER_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'withdrawn', 'assigned'] as const;
export type RoadsideOfferStatus = (typeof ROADSIDE_OFFER_STATUSES)[number];

/** Why a provider declines. */
export const ROADSIDE_DECLINE_REASONS = ['no_truck_available', 'too_far', 'no_capability', 'closed', 'other'] as const;
export type RoadsideDeclineReason = (typeof ROADSIDE_DECLINE_REASONS)[number];

/** Why a rescue-capable provider was not offered the job. */
export type RoadsideSkipReason = 'closed_now' | 'inactive';

/** One provider weighed for a job, as stored and shown to the agent. */
export interface RoadsideCandidate {
  dealerId: string;
  dealerCode: string;
  /** Position in the offer order (1 = offered first), or null when skipped. */
  rank: number | null;
  skipped: RoadsideSkipReason | null;
  /** Great-circle km × the road factor, one decimal; null when the incident has no coordinates. */
  roadKm: number | null;
  /** Active roadside jobs (accepted, en route, arrived, towing) when ranked. */
  activeJobs: number;
  /** Accepted ÷ offers answered or expired in the last 30 days; null without offers. */
  acceptanceRate: number | null;
  open24h: boolean;
  /** The estimated minutes the ranking sorts by (lower first). */
  score: number;
}
