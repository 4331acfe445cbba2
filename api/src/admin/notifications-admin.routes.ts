import { AppError } from '@careline/shared';
import { listStuckOutbox, retryOutboxRow, schema } from '@careline/shared/server';
import { desc, eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

const ZNotificationQuery = z.strictObject({ status: z.enum(['pending', 'sent', 'failed']).optional(), ticketId: z.uuid().optional() });

/** What admins need when mail stops flowing: sent and failed notifications, stuck outbox rows, caught mail. */
export function notificationsAdminRoutes(context: AppContext): Router {
  const router = Router();
  const admin = requireActor(context, ['admin']);

  router.get('/admin/notifications', admin, async (request, response) => {
    const query = parse(ZNotificationQuery, request.query);
    const { notifications } = schema;
    const rows = await context.db
      .select()
      .from(notifications)
      .where(query.status ? eq(notifications.status, query.status) : query.ticketId ? eq(notifications.ticketId, query.ticketId) : undefined)
      .orderBy(desc(notifications.createdAt))
      .limit(200);
    response.json({ items: rows });
  });

  router.get('/admin/outbox/stuck', admin, async (_request, response) => {
    response.json({ items: await listStuckOutbox(context.db) });
  });

  router.post('/admin/outbox/:id/retry', admin, async (request, response) => {
    const { id } = parse(z.strictObject({ id: z.coerce.number().int().positive() }), request.params);
    if (!(await retryOutboxRow(context.db, id))) throw new AppError('NOT_FOUND');
    response.status(204).end();
  });

  // Only in the embedded single-process mode, where careline catches its own mail.
  router.get('/admin/mails', admin, (_request, response) => {
    if (!context.mailCatcher) throw new AppError('NOT_FOUND', { reason: 'no mail catcher: SMTP_URL is set' });
    response.json({ items: context.mailCatcher.mails() });
  });

  return router;
}
