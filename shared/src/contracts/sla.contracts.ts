import { z } from 'zod';
import { access } from '../auth/access';
import { ZReplaceCalendarYearRequest, ZUpdateCalendarRequest, ZUpdateSlaPolicyRequest } from '../sla/sla.schemas';
import { MILESTONE_CLOCKS } from '../sla/sla-policy';
import { defineContract } from './contract';
import { itemsOf, ZUuidParams, ZWireTimestamp } from './wire';

/** A business calendar: weekly hours per ISO weekday (`1` Monday … `7` Sunday) as [start, end] spans. */
export const ZCalendar = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  weeklyHours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
  /** 24×7: weekly hours and holidays do not apply. */
  alwaysOpen: z.boolean(),
  createdAt: ZWireTimestamp,
  updatedAt: ZWireTimestamp,
});

/** A holiday (closed) or a make-up working day (调休, open on a weekend). */
export const ZCalendarDay = z.object({ calendarId: z.string(), day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string().nullable() });

export const ZCalendarWithDays = ZCalendar.extend({ days: z.array(ZCalendarDay) });

/** An SLA policy: targets (business minutes) for a ticket type × priority, its calendar and escalation chain. */
export const ZSlaPolicy = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  /** The name in each language (the console shows the reader's). */
  nameZh: z.string(),
  nameEn: z.string(),
  ticketType: z.string().nullable(),
  priority: z.string().nullable(),
  acknowledgeMinutes: z.number(),
  firstContactMinutes: z.number(),
  resolveMinutes: z.number(),
  /** null: the responsible dealer's or department's calendar. */
  calendarId: z.string().nullable(),
  warningRatio: z.number(),
  escalationChain: z.array(z.object({ level: z.number(), afterMinutes: z.number(), recipients: z.array(z.string()), channels: z.array(z.string()) })),
  /** Target for each copied department (business minutes on its calendar); null: none. */
  ccInternalMinutes: z.number().nullable(),
  /** Business minutes after a resolution within which the hotline calls back (回访); null: no callback. */
  callbackMinutes: z.number().nullable(),
  /** Roadside: minutes around the clock from the call to a provider's acceptance, and from it to the arrival; null: none. */
  rescueAcceptMinutes: z.number().nullable(),
  rescueArriveMinutes: z.number().nullable(),
  version: z.number(),
  active: z.boolean(),
  updatedAt: ZWireTimestamp,
});

/** An open deadline that would move if the policy were applied to open tickets. */
export const ZDeadlineMove = z.object({
  ticketId: z.string(),
  number: z.string(),
  milestoneId: z.string(),
  clock: z.enum(MILESTONE_CLOCKS),
  currentDueAt: ZWireTimestamp,
  newDueAt: ZWireTimestamp,
  newWarnAt: ZWireTimestamp,
});

export const ZCalendarYearParams = z.strictObject({ id: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) });

const tag = 'sla';

export const listCalendarsContract = defineContract({
  method: 'get',
  path: '/calendars',
  tag,
  summary: 'Business calendars',
  access: access.configReaders,
  success: { status: 200, body: itemsOf(ZCalendar) },
});

export const getCalendarContract = defineContract({
  method: 'get',
  path: '/calendars/:id',
  tag,
  summary: 'A calendar with its holidays and make-up working days',
  access: access.configReaders,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ calendar: ZCalendarWithDays }) },
});

export const updateCalendarContract = defineContract({
  method: 'patch',
  path: '/calendars/:id',
  tag,
  summary: 'Change a calendar’s name, weekly hours or 24×7 flag',
  access: access.admin,
  params: ZUuidParams,
  body: ZUpdateCalendarRequest,
  success: { status: 200, body: z.object({ calendar: ZCalendarWithDays }) },
});

export const replaceCalendarYearContract = defineContract({
  method: 'put',
  path: '/calendars/:id/years/:year',
  tag,
  summary: 'Replace one year’s holidays and make-up working days',
  access: access.admin,
  params: ZCalendarYearParams,
  body: ZReplaceCalendarYearRequest,
  success: { status: 200, body: z.object({ calendar: ZCalendarWithDays }) },
});

export const listSlaPoliciesContract = defineContract({
  method: 'get',
  path: '/sla-policies',
  tag,
  summary: 'SLA policies (targets per type × priority)',
  access: access.configReaders,
  success: { status: 200, body: itemsOf(ZSlaPolicy) },
});

export const updateSlaPolicyContract = defineContract({
  method: 'patch',
  path: '/sla-policies/:id',
  tag,
  summary: 'Change a policy (applies to tickets dispatched from now on)',
  access: access.admin,
  params: ZUuidParams,
  body: ZUpdateSlaPolicyRequest,
  success: { status: 200, body: z.object({ policy: ZSlaPolicy }) },
});

export const previewSlaPolicyOnOpenTicketsContract = defineContract({
  method: 'get',
  path: '/sla-policies/:id/open-ticket-changes',
  tag,
  summary: 'Which open deadlines would move if the policy were applied to open tickets',
  access: access.admin,
  params: ZUuidParams,
  success: { status: 200, body: itemsOf(ZDeadlineMove) },
});

export const applySlaPolicyToOpenTicketsContract = defineContract({
  method: 'post',
  path: '/sla-policies/:id/apply-to-open-tickets',
  tag,
  summary: 'Apply the policy to open tickets (moves the previewed deadlines; each ticket records an sla_policy_applied event)',
  access: access.admin,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ moved: z.number().meta({ description: 'How many clocks moved' }) }) },
});
