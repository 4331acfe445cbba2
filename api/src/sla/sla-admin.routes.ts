import { AppError, ZReplaceCalendarYearRequest, ZUpdateCalendarRequest, ZUpdateSlaPolicyRequest } from '@careline/shared';
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
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

const ZIdParams = z.strictObject({ id: z.uuid() });
const ZYearParams = z.strictObject({ id: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) });

/** Calendars (working hours, holidays, make-up days) and SLA policies: admins edit, supervisors read. */
export function slaAdminRoutes(context: AppContext): Router {
  const router = Router();
  const readers = requireActor(context, ['admin', 'supervisor']);
  const admin = requireActor(context, ['admin']);

  router.get('/calendars', readers, async (_request, response) => {
    response.json({ items: await listCalendars(context.db) });
  });

  router.get('/calendars/:id', readers, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    const calendar = await getCalendar(context.db, id);
    if (!calendar) throw new AppError('NOT_FOUND');
    response.json({ calendar });
  });

  router.patch('/calendars/:id', admin, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    const changes = parse(ZUpdateCalendarRequest, request.body);
    response.json({ calendar: await updateCalendar(context.db, actorOf(request), id, changes) });
  });

  router.put('/calendars/:id/years/:year', admin, async (request, response) => {
    const { id, year } = parse(ZYearParams, request.params);
    const { days } = parse(ZReplaceCalendarYearRequest, request.body);
    response.json({ calendar: await replaceCalendarYear(context.db, actorOf(request), id, year, days) });
  });

  router.get('/sla-policies', readers, async (_request, response) => {
    response.json({ items: await listSlaPolicies(context.db) });
  });

  router.patch('/sla-policies/:id', admin, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    const changes = parse(ZUpdateSlaPolicyRequest, request.body);
    response.json({ policy: await updateSlaPolicy(context.db, actorOf(request), id, changes) });
  });

  router.get('/sla-policies/:id/open-ticket-changes', admin, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    response.json({ items: await previewPolicyOnOpenTickets(context.db, id) });
  });

  router.post('/sla-policies/:id/apply-to-open-tickets', admin, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    response.json({ moved: await applyPolicyToOpenTickets(context.db, actorOf(request), id) });
  });

  return router;
}
