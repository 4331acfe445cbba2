import { AppError } from '@careline/shared';
import { listStuckOutbox, resendFailedNotifications, resendNotification, retryOutboxRow, schema } from '@careline/shared/server';
import { and, desc, eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

/** The admin list's filters: any combination of a status and a ticket. */
export const ZNotificationQuery = z.strictObject({ status: z.enum(['pending', 'scheduled', 'sending', 'sent', 'failed']).optional(), ticketId: z.uuid().optional() });

/**
 * What admins need when mail stops flowing: notifications (failed ones after their retry window, with their last
 * error) and their resend, stuck outbox rows, caught mail.
 */
export function notificationsAdminRoutes(context: AppContext): Router {
  const router = Router();
  const admin = requireActor(context, ['admin']);

  router.get('/admin/notifications', admin, async (request, response) => {
    const query = parse(ZNotificationQuery, request.query);
    const { notifications } = schema;
    const rows = await context.db
      .select()
      .from(notifications)
      .where(and(query.status ? eq(notifications.status, query.status) : undefined, query.ticketId ? eq(notifications.ticketId, query.ticketId) : undefined))
      .orderBy(desc(notifications.createdAt))
      .limit(200);
    response.json({ items: rows });
  });

  // Accepted: the workers' retry pass sends it within its interval (30 s by default), under the same Message-ID.
  router.post('/admin/notifications/:id/resend', admin, async (request, response) => {
    const { id } = parse(z.strictObject({ id: z.uuid() }), request.params);
    const notification = await resendNotification(context.db, { id });
    context.logger.info({ actor: actorOf(request).id, notification: id, resent: notification.id, status: notification.status }, 'notification resend requested');
    response.status(202).json({ notification });
  });

  router.post('/admin/notifications/resend-failed', admin, async (request, response) => {
    const result = await resendFailedNotifications(context.db);
    context.logger.info({ actor: actorOf(request).id, ...result }, 'resend of every failed notification requested');
    response.status(202).json(result);
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
