/**
 * Which rescue providers get a roadside job's offers, in which order, and why: pure, no I/O. The caller gives every
 * dealer with the rescue capability, its opening state at the incident's time (business-hours.ts), its active
 * roadside jobs and its offers of the last 30 days.
 */
import { distanceKm } from '../routing/route-ticket';
import type { RoadsideCandidate } from './roadside-vocabulary';

/** Roads are longer than the great circle: the estimate multiplies it by this. */
export const ROAD_FACTOR = 1.3;
/** Average speed of a rescue truck for the estimate (km/h). */
export const TRUCK_KMH = 60;
/** Minutes a job in hand adds to a provider's estimate (its truck may be busy). */
export const MINUTES_PER_ACTIVE_JOB = 20;
/** Minutes a provider that never accepts adds (scaled by its refusal rate). */
export const MINUTES_FOR_REFUSALS = 30;
/** How many providers are stored ranked (the offer chain's length) and how many skipped ones are kept to explain. */
export const MAX_RANKED = 10;
export const MAX_SKIPPED = 10;

export interface RoadsideProvider {
  id: string;
  code: string;
  lat: number;
  lng: number;
  active: boolean;
  rescue24h: boolean;
  openNow: boolean;
  /** Its calendar is 24×7. */
  alwaysOpen: boolean;
  activeJobs: number;
  offers30d: number;
  accepted30d: number;
}

/** The incident's coordinates, when the ticket has them (geocoded or typed); null: distance unknown. */
export function incidentOrigin(ticket: { location: unknown }): { lat: number; lng: number } | null {
  const location = ticket.location as { lat?: number; lng?: number } | null;
  return location && typeof location.lat === 'number' && typeof location.lng === 'number' ? { lat: location.lat, lng: location.lng } : null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Ranks the providers for an incident (`origin` null: distance unknown, ranked by load and acceptance only). Open now
 * means open by its calendar, or a 24-hour provider (24×7 calendar or `rescue_24h`). Ties break on the dealer code.
 */
export function rankProviders(origin: { lat: number; lng: number } | null, providers: readonly RoadsideProvider[]): RoadsideCandidate[] {
  const weighed = providers.map((provider) => {
    const roadKm = origin ? round1(distanceKm(origin, provider) * ROAD_FACTOR) : null;
    const acceptanceRate = provider.offers30d > 0 ? Math.round((provider.accepted30d / provider.offers30d) * 1000) / 1000 : null;
    const open24h = provider.rescue24h || provider.alwaysOpen;
    const skipped = !provider.active ? ('inactive' as const) : !provider.openNow && !open24h ? ('closed_now' as const) : null;
    const score = round1(
      (roadKm === null ? 0 : (roadKm / TRUCK_KMH) * 60) + provider.activeJobs * MINUTES_PER_ACTIVE_JOB + (1 - (acceptanceRate ?? 1)) * MINUTES_FOR_REFUSALS,
    );
    return { dealerId: provider.id, dealerCode: provider.code, rank: null as number | null, skipped, roadKm, activeJobs: provider.activeJobs, acceptanceRate, open24h, score };
  });
  const order = (a: RoadsideCandidate, b: RoadsideCandidate) =>
    a.score - b.score || (a.roadKm ?? 0) - (b.roadKm ?? 0) || (a.dealerCode < b.dealerCode ? -1 : a.dealerCode > b.dealerCode ? 1 : 0);
  const ranked = weighed.filter((candidate) => candidate.skipped === null).sort(order).slice(0, MAX_RANKED);
  ranked.forEach((candidate, index) => (candidate.rank = index + 1));
  const skipped = weighed.filter((candidate) => candidate.skipped !== null).sort(order).slice(0, MAX_SKIPPED);
  return [...ranked, ...skipped];
}

/** The next provider to offer: the best ranked one not offered yet, or null when nobody is left. */
export function nextCandidate(candidates: readonly RoadsideCandidate[], offered: readonly string[]): RoadsideCandidate | null {
  return candidates.filter((candidate) => candidate.rank !== null && !offered.includes(candidate.dealerId)).sort((a, b) => a.rank! - b.rank!)[0] ?? null;
}
