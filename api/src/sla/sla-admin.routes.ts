import {
  AppError,
  applySlaPolicyToOpenTicketsContract,
  getCalendarContract,
  listCalendarsContract,
  listSlaPoliciesContract,
  previewSlaPolicyOnOpenTicketsContract,
  replaceCalendarYearContract,
  updateCalendarContract,
  updateSlaPolicyContract,
} from '@careline/shared';
import {
  applyPolicyToOpenTickets,
  getCalendar,
  listCalendars,
  listSlaPolicies,
  previewPolicyOnOpenTickets,
  replaceCalendarYear,
  updateCalendar,
  updateSlaPolicy,
} from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** The calendar, or NOT_FOUND (after a change it is there: calendars are never deleted). */
function found<T>(value: T | null): T {
  if (!value) throw new AppError('NOT_FOUND');
  return value;
}

/** Calendars (working hours, holidays, make-up days) and SLA policies: admins edit, supervisors read. */
export function slaAdminRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(listCalendarsContract, async () => ({ items: await listCalendars(db) })),

    implement(getCalendarContract, async ({ params }) => ({ calendar: found(await getCalendar(db, params.id)) })),

    implement(updateCalendarContract, async ({ actor, params, body }) => ({ calendar: found(await updateCalendar(db, actor, params.id, body)) })),

    implement(replaceCalendarYearContract, async ({ actor, params, body }) => ({
      calendar: found(await replaceCalendarYear(db, actor, params.id, params.year, body.days)),
    })),

    implement(listSlaPoliciesContract, async () => ({ items: await listSlaPolicies(db) })),

    implement(updateSlaPolicyContract, async ({ actor, params, body }) => ({ policy: await updateSlaPolicy(db, actor, params.id, body) })),

    implement(previewSlaPolicyOnOpenTicketsContract, async ({ params }) => ({ items: await previewPolicyOnOpenTickets(db, params.id) })),

    implement(applySlaPolicyToOpenTicketsContract, async ({ actor, params }) => ({ moved: await applyPolicyToOpenTickets(db, actor, params.id) })),
  ];
}
