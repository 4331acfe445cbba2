import { z } from 'zod';
import { PRIORITIES, TICKET_TYPES } from '../tickets/ticket-vocabulary';
import { ESCALATION_CHANNELS, ESCALATION_RECIPIENTS, validateEscalationChain } from './escalation';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const span = z.tuple([hhmm, hhmm]).refine(([start, end]) => start < end, { message: 'a span must end after it starts' });

export const ZUpdateCalendarRequest = z.strictObject({
  name: z.string().trim().min(2).max(100).optional(),
  weeklyHours: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(span).max(4)).optional(),
  alwaysOpen: z.boolean().optional(),
});

/** Replaces the holidays and make-up working days of one year (a new State Council notice, a local holiday). */
export const ZReplaceCalendarYearRequest = z.strictObject({
  days: z
    .array(z.strictObject({ day: z.iso.date(), kind: z.enum(['holiday', 'workday']), name: z.string().trim().min(1).max(100) }))
    .max(200),
});

export const ZEscalationChain = z
  .array(
    z.strictObject({
      level: z.int().min(1).max(10),
      afterMinutes: z.int().min(0).max(100_000),
      recipients: z.array(z.enum(ESCALATION_RECIPIENTS)).min(1).max(ESCALATION_RECIPIENTS.length),
      channels: z.array(z.enum(ESCALATION_CHANNELS)).min(1).max(ESCALATION_CHANNELS.length),
    }),
  )
  .max(10)
  .superRefine((chain, context) => {
    for (const problem of validateEscalationChain(chain)) context.addIssue({ code: 'custom', message: problem });
  });

/** `name` alone (as before names had a language) renames both languages; nameZh/nameEn rename one each. */
export const ZUpdateSlaPolicyRequest = z.strictObject({
  name: z.string().trim().min(2).max(100).optional(),
  nameZh: z.string().trim().min(1).max(100).optional(),
  nameEn: z.string().trim().min(1).max(100).optional(),
  ticketType: z.enum(TICKET_TYPES).nullable().optional(),
  priority: z.enum(PRIORITIES).nullable().optional(),
  acknowledgeMinutes: z.int().min(1).max(100_000).optional(),
  firstContactMinutes: z.int().min(1).max(100_000).optional(),
  resolveMinutes: z.int().min(1).max(1_000_000).optional(),
  calendarId: z.uuid().nullable().optional(),
  warningRatio: z.number().min(0.1).max(0.99).optional(),
  escalationChain: ZEscalationChain.optional(),
  ccInternalMinutes: z.int().min(1).max(1_000_000).nullable().optional(),
  callbackMinutes: z.int().min(1).max(1_000_000).nullable().optional(),
  /** Roadside rescue targets (minutes around the clock); null: no such clock. */
  rescueAcceptMinutes: z.int().min(1).max(10_000).nullable().optional(),
  rescueArriveMinutes: z.int().min(1).max(10_000).nullable().optional(),
  active: z.boolean().optional(),
});
export type TUpdateSlaPolicyRequest = z.infer<typeof ZUpdateSlaPolicyRequest>;
