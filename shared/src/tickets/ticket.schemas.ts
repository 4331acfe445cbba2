import { z } from 'zod';
import { isValidPhone, normalizeMobile } from '../customers/phone';
import { isInChina } from '../geo/coordinates';
import {
  CHANNELS,
  CONTACT_OUTCOMES,
  LEAD_OUTCOMES,
  NOTE_VISIBILITIES,
  PRIORITIES,
  PURCHASE_TIMINGS,
  REJECT_REASONS,
  TICKET_STATUSES,
  TICKET_TYPES,
} from './ticket-vocabulary';
import { roadsideIntakeFields } from '../roadside/roadside.schemas';

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

/**
 * Where the car is, as the caller says it: an address and, when known, the point (typed, pasted or from a phone).
 * Both coordinates or neither, and inside China (shared/src/geo/coordinates.ts). Without them the address is
 * geocoded at creation against the shipped gazetteer; what was stored is ZStoredLocation.
 */
export const ZLocation = z
  .strictObject({
    address: trimmed(2, 200),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .refine((location) => (location.lat === undefined) === (location.lng === undefined), {
    message: 'give both lat and lng, or neither',
    path: ['lng'],
  })
  .refine((location) => location.lat === undefined || location.lng === undefined || isInChina({ lat: location.lat, lng: location.lng }), {
    message: 'the point is not in China (lat 3.5–53.6, lng 73.4–135.1): are lat and lng swapped or mistyped?',
    path: ['lat'],
  });

/** Where a stored location's point comes from: typed by the agent (or the API client), or the gazetteer's centre of a place. */
export const LOCATION_SOURCES = ['typed', 'gazetteer'] as const;
/** What the point stands for: the car itself (typed), or the centre of the district, city or province the address names. */
export const LOCATION_PRECISIONS = ['exact', 'district', 'city', 'province'] as const;

/** A ticket's location as stored and presented: the request's fields, and where its point came from (absent: unknown). */
export const ZStoredLocation = z.object({
  address: z.string(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  source: z.enum(LOCATION_SOURCES).optional(),
  precision: z.enum(LOCATION_PRECISIONS).optional(),
  /** The places the gazetteer read in the address. */
  place: z.object({ province: z.string(), city: z.string().optional(), district: z.string().optional() }).optional(),
});
export type TStoredLocation = z.infer<typeof ZStoredLocation>;

export const ZContactPhone = z
  .string()
  .max(30)
  .transform((value) => normalizeMobile(value))
  .refine((value) => isValidPhone(value), { message: 'not a valid mobile or landline number' });

const commonTicketFields = {
  channel: z.enum(CHANNELS).default('phone'),
  priority: z.enum(PRIORITIES).optional(),
  categoryId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  vehicleId: z.uuid().optional(),
  contactName: trimmed(1, 50),
  contactPhone: ZContactPhone,
  subject: trimmed(2, 200),
  description: trimmed(2, 5000),
  /**
   * `auto`: route and dispatch on save with the published rules; `hold`: keep it `new` (answered on the call, or to
   * dispatch by hand). Default: `hold` for enquiries, `auto` for everything else.
   */
  dispatch: z.enum(['auto', 'hold']).optional(),
};

/** Type-specific rules: a complaint needs a category, roadside a location, a lead its purchase timing. */
export const ZCreateTicketRequest = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('enquiry'), ...commonTicketFields }),
  z.strictObject({ type: z.literal('complaint'), ...commonTicketFields, categoryId: z.uuid() }),
  z.strictObject({ type: z.literal('roadside'), ...commonTicketFields, location: ZLocation, ...roadsideIntakeFields }),
  z.strictObject({ type: z.literal('suggestion'), ...commonTicketFields }),
  z.strictObject({ type: z.literal('praise'), ...commonTicketFields, praisedDealerId: z.uuid().optional() }),
  z.strictObject({
    type: z.literal('lead'),
    ...commonTicketFields,
    purchaseTiming: z.enum(PURCHASE_TIMINGS),
    modelOfInterest: trimmed(1, 100).optional(),
    leadSource: trimmed(1, 50).optional(),
  }),
]);
export type TCreateTicketRequest = z.infer<typeof ZCreateTicketRequest>;

export const ZTicketParams = z.strictObject({ id: z.uuid() });

export const ZVersioned = { version: z.int().positive() };

export const ZDispatchTicketRequest = z
  .strictObject({
    ...ZVersioned,
    dealerId: z.uuid().optional(),
    departmentId: z.uuid().optional(),
    ccDepartmentIds: z.array(z.uuid()).max(10).optional(),
    reason: trimmed(1, 500).optional(),
  })
  .refine((body) => (body.dealerId === undefined) !== (body.departmentId === undefined), {
    message: 'give exactly one of dealerId or departmentId',
    path: ['dealerId'],
  });
export type TDispatchTicketRequest = z.infer<typeof ZDispatchTicketRequest>;

export const ZRejectTicketRequest = z
  .strictObject({ ...ZVersioned, reasonCode: z.enum(REJECT_REASONS), reasonText: trimmed(1, 500).optional() })
  .refine((body) => body.reasonCode !== 'other' || body.reasonText !== undefined, {
    message: 'reason "other" needs a text',
    path: ['reasonText'],
  });
export type TRejectTicketRequest = z.infer<typeof ZRejectTicketRequest>;

/** Body of the simple transitions (acknowledge, start, pend, resume, reopen, close, cancel, resolve). */
export const ZTransitionRequest = z.strictObject({ ...ZVersioned, comment: trimmed(1, 2000).optional() });
export type TTransitionRequest = z.infer<typeof ZTransitionRequest>;

export const ZAddNoteRequest = z.strictObject({
  visibility: z.enum(NOTE_VISIBILITIES),
  body: trimmed(1, 5000),
  version: z.int().positive().optional(),
});
export type TAddNoteRequest = z.infer<typeof ZAddNoteRequest>;

/** A comma-separated query value of known words: `status=new,dispatched`. */
const csv = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(2000)
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1).max(50));

/** A ticket's SLA standing, the worst of its clocks (stored as `tickets.sla_state`). */
export const SLA_STATES = ['ok', 'warning', 'breached'] as const;

export const TICKET_SORTS = ['createdAt', 'updatedAt', 'priority'] as const;

export const ZTicketListQuery = z.strictObject({
  type: csv(TICKET_TYPES).optional(),
  status: csv(TICKET_STATUSES).optional(),
  priority: csv(PRIORITIES).optional(),
  dealerId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  /** A category and its whole subtree. */
  categoryId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  /** Who opened the ticket: a user id, or `me`. */
  createdBy: z.union([z.literal('me'), z.uuid()]).optional(),
  /** `supervisor`: new or rerouted tickets the routing engine could not place. */
  queue: z.enum(['supervisor']).optional(),
  /** The ticket's worst clock state: `breached` finds tickets that missed a deadline. */
  slaState: csv(SLA_STATES).optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  q: trimmed(1, 100).optional(),
  sort: z.enum(TICKET_SORTS).default('createdAt'),
  /**
   * `true` (default): open roadside tickets (not resolved, closed or cancelled) come first, each part in the chosen
   * sort and order, and paging walks through both. `false`: the chosen order alone.
   */
  roadsideFirst: z.enum(['true', 'false']).default('true'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});
export type TTicketListQuery = z.infer<typeof ZTicketListQuery>;

export const ZLeadFollowUpRequest = z
  .strictObject({ outcome: z.enum(LEAD_OUTCOMES), reason: trimmed(1, 500).optional(), version: z.int().positive().optional() })
  .refine((body) => body.outcome !== 'lost' || body.reason !== undefined, { message: 'a lost lead needs a reason', path: ['reason'] });
export type TLeadFollowUpRequest = z.infer<typeof ZLeadFollowUpRequest>;

export const ZLeadConversionQuery = z.strictObject({
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  dealerId: z.uuid().optional(),
});
export type TLeadConversionQuery = z.infer<typeof ZLeadConversionQuery>;

export const ZContactAttemptRequest = z.strictObject({
  outcome: z.enum(CONTACT_OUTCOMES),
  note: trimmed(1, 2000).optional(),
  version: z.int().positive().optional(),
});
export type TContactAttemptRequest = z.infer<typeof ZContactAttemptRequest>;
