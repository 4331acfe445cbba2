import { z } from 'zod';
import { ROADSIDE_DECLINE_REASONS, ROADSIDE_KINDS, ROADSIDE_PROGRESS_STATUSES } from './roadside-vocabulary';

const ZPosition = z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

/** A rescue's ETA in minutes: at least one, at most a day. */
const ZEtaMinutes = z.int().min(1).max(1440);

/** Intake fields of a roadside ticket, kept in the ticket's `details`. */
export const roadsideIntakeFields = {
  roadsideType: z.enum(ROADSIDE_KINDS).optional(),
  motorway: z.boolean().optional(),
  /** Where the driver can be reached now, when not the contact phone. */
  callbackNumber: z.string().trim().min(5).max(30).regex(/^[0-9+\-\s()]+$/).optional(),
  peopleOnBoard: z.int().min(0).max(60).optional(),
  /** Someone is hurt: the ticket is P1 and the agent is shown the emergency numbers. */
  injured: z.boolean().optional(),
};

export const ZAcceptOfferRequest = z.strictObject({ etaMinutes: ZEtaMinutes });
export type TAcceptOfferRequest = z.infer<typeof ZAcceptOfferRequest>;

export const ZDeclineOfferRequest = z
  .strictObject({ reason: z.enum(ROADSIDE_DECLINE_REASONS), text: z.string().trim().min(1).max(500).optional() })
  .refine((body) => body.reason !== 'other' || body.text !== undefined, { message: 'reason "other" needs a text', path: ['text'] });
export type TDeclineOfferRequest = z.infer<typeof ZDeclineOfferRequest>;

export const ZRoadsideProgressRequest = z
  .strictObject({
    status: z.enum(ROADSIDE_PROGRESS_STATUSES),
    etaMinutes: ZEtaMinutes.optional(),
    position: ZPosition.optional(),
    towDestinationDealerId: z.uuid().optional(),
    comment: z.string().trim().min(1).max(500).optional(),
  })
  .refine((body) => body.towDestinationDealerId === undefined || body.status === 'towing', {
    message: 'a tow destination goes with status "towing"',
    path: ['towDestinationDealerId'],
  });
export type TRoadsideProgressRequest = z.infer<typeof ZRoadsideProgressRequest>;

export const ZRoadsidePositionRequest = ZPosition;
export type TRoadsidePositionRequest = z.infer<typeof ZRoadsidePositionRequest>;

export const ZRoadsideOfferListQuery = z.strictObject({ status: z.enum(['pending', 'all']).default('all') });
