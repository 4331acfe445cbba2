import { z } from 'zod';
import { ROADSIDE_JOB_STATUSES } from '../roadside/roadside-vocabulary';
import { TICKET_TYPES } from '../tickets/ticket-vocabulary';
import { TRACKING_NEXT_STEPS, TRACKING_STAGES, TRACKING_TIMELINE_KINDS } from '../tracking/tracking-view';
import { defineContract } from './contract';
import { ZWireTimestamp } from './wire';

const tag = 'tracking';

const ZLocalizedText = z.object({ zh: z.string(), en: z.string() });

/**
 * The customer's tracking page as the API answers it. Only these fields ever leave the server (the response schema
 * strips anything else): no contact name or phone, no notes, no staff names, no other ticket. A roadside ticket adds
 * its rescue: the step, the provider's name, the ETA and the distance left while on the way.
 */
export const ZTrackingView = z.object({
  number: z.string(),
  type: z.object({ code: z.enum(TICKET_TYPES), label: ZLocalizedText }),
  status: z.object({ code: z.enum(TRACKING_STAGES), label: ZLocalizedText }),
  nextStep: z.object({ code: z.enum(TRACKING_NEXT_STEPS), label: ZLocalizedText, dueAt: ZWireTimestamp.nullable() }).nullable(),
  dealer: z.object({ name: ZLocalizedText }).nullable(),
  timeline: z.array(z.object({ kind: z.enum(TRACKING_TIMELINE_KINDS), at: ZWireTimestamp, label: ZLocalizedText })),
  updatedAt: ZWireTimestamp,
  /** A roadside ticket's rescue; absent for other types. */
  roadside: z
    .object({
      step: z.object({ code: z.enum(ROADSIDE_JOB_STATUSES), label: ZLocalizedText }),
      provider: z.object({ name: ZLocalizedText }).nullable(),
      etaAt: ZWireTimestamp.nullable(),
      distanceKm: z.number().nullable(),
      positionAt: ZWireTimestamp.nullable(),
    })
    .optional(),
});

export const trackTicketContract = defineContract({
  method: 'get',
  path: '/track/:token',
  tag,
  summary:
    'The customer’s tracking page (no sign-in): status, next step with its promised time, timeline. An unknown or expired token is 404 TRACKING_LINK_NOT_FOUND; rate-limited per client address (429 RATE_LIMITED)',
  access: 'public',
  // Any string: a malformed token is answered like an unknown one.
  params: z.strictObject({ token: z.string().min(1).max(256) }),
  success: { status: 200, body: ZTrackingView },
});
