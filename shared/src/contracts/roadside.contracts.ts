import { z } from 'zod';
import { access } from '../auth/access';
import { ZAcceptOfferRequest, ZDeclineOfferRequest, ZRoadsideOfferListQuery, ZRoadsidePositionRequest, ZRoadsideProgressRequest } from '../roadside/roadside.schemas';
import { ROADSIDE_JOB_STATUSES, ROADSIDE_OFFER_STATUSES, ROADSIDE_PROGRESS_STATUSES } from '../roadside/roadside-vocabulary';
import { defineContract } from './contract';
import { ZUuidParams, ZWireTimestamp } from './wire';

const tag = 'roadside';

const ZDealerName = z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() });
const ZPositionAt = z.object({ lat: z.number(), lng: z.number(), at: z.string() });

/** An offer as its provider sees it: the incident (no customer phone), its countdown, and the job once accepted. */
export const ZProviderOffer = z.object({
  id: z.string(),
  status: z.enum(ROADSIDE_OFFER_STATUSES),
  round: z.number(),
  offeredAt: ZWireTimestamp,
  dueAt: ZWireTimestamp,
  /** Seconds left to answer (pending offers), measured by the server when it answered. */
  secondsLeft: z.number().nullable(),
  etaMinutes: z.number().nullable(),
  declineReason: z.string().nullable(),
  ticket: z.object({
    id: z.string(),
    number: z.string(),
    priority: z.string(),
    subject: z.string(),
    address: z.string().nullable(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    roadsideType: z.string().nullable(),
    motorway: z.boolean(),
    injured: z.boolean(),
    peopleOnBoard: z.number().nullable(),
  }),
  /** Road-distance estimate from the provider to the incident; null when the incident has no coordinates. */
  roadKm: z.number().nullable(),
  job: z
    .object({
      id: z.string(),
      status: z.enum(ROADSIDE_JOB_STATUSES),
      etaMinutes: z.number().nullable(),
      etaAt: ZWireTimestamp.nullable(),
      lastPosition: ZPositionAt.nullable(),
      nextSteps: z.array(z.enum(ROADSIDE_PROGRESS_STATUSES)),
    })
    .nullable(),
});

export const ZRoadsideJob = z.object({
  id: z.string(),
  status: z.enum(ROADSIDE_JOB_STATUSES),
  /** False: the incident had no coordinates, the ranking could not weigh distance (said to the agent). */
  distanceKnown: z.boolean(),
  offerSeconds: z.number(),
  provider: ZDealerName.nullable(),
  etaMinutes: z.number().nullable(),
  etaAt: ZWireTimestamp.nullable(),
  towDestination: ZDealerName.nullable(),
  lastPosition: ZPositionAt.nullable(),
  acceptedAt: ZWireTimestamp.nullable(),
  arrivedAt: ZWireTimestamp.nullable(),
  finishedAt: ZWireTimestamp.nullable(),
  createdAt: ZWireTimestamp,
  /** The steps the caller may report now (the provider holding the job; empty for everyone else). */
  nextSteps: z.array(z.enum(ROADSIDE_PROGRESS_STATUSES)),
});

/** One provider weighed for the job, with its reasons (the hotline only): `candidates` is the latest ranking. */
export const ZRoadsideCandidate = z.object({
  dealerId: z.string(),
  dealerCode: z.string(),
  dealer: ZDealerName.nullable(),
  rank: z.number().nullable(),
  skipped: z.enum(['closed_now', 'inactive']).nullable(),
  roadKm: z.number().nullable(),
  activeJobs: z.number(),
  acceptanceRate: z.number().nullable(),
  open24h: z.boolean(),
  score: z.number(),
});

export const ZRoadsideOffer = z.object({
  id: z.string(),
  round: z.number(),
  dealer: ZDealerName.nullable(),
  status: z.enum(ROADSIDE_OFFER_STATUSES),
  offeredAt: ZWireTimestamp,
  dueAt: ZWireTimestamp,
  answeredAt: ZWireTimestamp.nullable(),
  etaMinutes: z.number().nullable(),
  declineReason: z.string().nullable(),
  declineText: z.string().nullable(),
  /**
   * The ranking the offer was based on, taken when it was made (the providers offered before left out); empty for a
   * job given by hand (`assigned`), for the provider, and for offers made before rankings were kept per offer.
   */
  ranking: z.array(ZRoadsideCandidate),
});

export const listRoadsideOffersContract = defineContract({
  method: 'get',
  path: '/roadside/offers',
  tag,
  summary: "The rescue offers made to the caller's dealer: pending ones first with their countdown, then the jobs it holds, then the rest",
  access: access.roadsideProviders,
  query: ZRoadsideOfferListQuery,
  success: { status: 200, body: z.object({ items: z.array(ZProviderOffer) }) },
});

export const acceptRoadsideOfferContract = defineContract({
  method: 'post',
  path: '/roadside/offers/:id/accept',
  tag,
  summary: 'Accept a rescue offer with an ETA in minutes: the ticket is dispatched to the provider and acknowledged by it (an answered, expired or withdrawn offer: 409 OFFER_CLOSED; another dealer’s: 404)',
  access: access.roadsideProviders,
  params: ZUuidParams,
  body: ZAcceptOfferRequest,
  success: { status: 200, body: z.object({ jobId: z.string(), ticketId: z.string(), status: z.enum(ROADSIDE_JOB_STATUSES), etaAt: ZWireTimestamp.nullable() }) },
});

export const declineRoadsideOfferContract = defineContract({
  method: 'post',
  path: '/roadside/offers/:id/decline',
  tag,
  summary: 'Decline a rescue offer with a reason ("other" needs a text): the next provider is offered at once, or the ticket goes to the supervisor board',
  access: access.roadsideProviders,
  params: ZUuidParams,
  body: ZDeclineOfferRequest,
  success: { status: 200, body: z.object({ declined: z.literal(true) }) },
});

export const roadsideProgressContract = defineContract({
  method: 'post',
  path: '/roadside/jobs/:id/progress',
  tag,
  summary:
    'Report the rescue’s next step: accepted → en_route (ETA) → arrived → towing (optional destination dealer) → completed, or cancelled / gone_on_arrival; any other move: 409 ROADSIDE_INVALID_STEP. The accepted provider only (others: 404)',
  access: access.roadsideProviders,
  params: ZUuidParams,
  body: ZRoadsideProgressRequest,
  success: { status: 200, body: z.object({ job: z.object({ id: z.string(), status: z.enum(ROADSIDE_JOB_STATUSES), etaAt: ZWireTimestamp.nullable() }) }) },
});

export const roadsidePositionContract = defineContract({
  method: 'post',
  path: '/roadside/jobs/:id/position',
  tag,
  summary: 'The truck’s position while the job is in hand (told live, kept on the job, not chained); the accepted provider only',
  access: access.roadsideProviders,
  params: ZUuidParams,
  body: ZRoadsidePositionRequest,
  success: { status: 204, body: null },
});

export const ticketRoadsideContract = defineContract({
  method: 'get',
  path: '/tickets/:id/roadside',
  tag,
  summary:
    'A roadside ticket’s rescue: for the hotline the job, the latest ranking of the providers with their reasons (weighed again at each offer) and every offer with the ranking it was based on; for the provider holding it, the job and its own offer',
  access: access.signedIn,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ job: ZRoadsideJob, candidates: z.array(ZRoadsideCandidate), offers: z.array(ZRoadsideOffer) }) },
});
