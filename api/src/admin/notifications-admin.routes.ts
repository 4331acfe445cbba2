import {
  AppError,
  listCaughtMailsContract,
  listNotificationsContract,
  listStuckOutboxContract,
  resendFailedNotificationsContract,
  resendNotificationContract,
  retryOutboxRowContract,
} from '@careline/shared';
import { listNotifications, listStuckOutbox, resendFailedNotifications, resendNotification, retryOutboxRow } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/**
 * What admins need when mail stops flowing: notifications (failed ones after their retry window, with their last
 * error) and their resend, stuck outbox rows, caught mail.
 */
export function notificationsAdminRoutes(context: AppContext): Implementation[] {
  const { db, logger } = context;
  return [
    implement(listNotificationsContract, async ({ query }) => ({ items: await listNotifications(db, query) })),

    // Accepted: the workers' retry pass sends it within its interval (30 s by default), under the same Message-ID.
    implement(resendNotificationContract, async ({ actor, params }) => {
      const notification = await resendNotification(db, { id: params.id });
      logger.info({ actor: actor.id, notification: params.id, resent: notification.id, status: notification.status }, 'notification resend requested');
      return { notification };
    }),

    implement(resendFailedNotificationsContract, async ({ actor }) => {
      const result = await resendFailedNotifications(db);
      logger.info({ actor: actor.id, ...result }, 'resend of every failed notification requested');
      return result;
    }),

    implement(listStuckOutboxContract, async () => ({ items: await listStuckOutbox(db) })),

    implement(retryOutboxRowContract, async ({ params }) => {
      if (!(await retryOutboxRow(db, params.id))) throw new AppError('NOT_FOUND');
    }),

    // Only in the embedded single-process mode, where careline catches its own mail.
    implement(listCaughtMailsContract, () => {
      if (!context.mailCatcher) throw new AppError('NOT_FOUND', { reason: 'no mail catcher: SMTP_URL is set' });
      return { items: context.mailCatcher.mails() };
    }),
  ];
}
