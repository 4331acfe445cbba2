import { and, desc, eq } from 'drizzle-orm';
import type { TNotificationQuery } from '../../notifications/notification-admin.schemas';
import type { Executor } from '../db/client';
import { notifications } from '../db/schema';

/** The admins' list: notifications by status and ticket, newest first, at most 200. */
export async function listNotifications(db: Executor, query: TNotificationQuery) {
  return db
    .select()
    .from(notifications)
    .where(and(query.status ? eq(notifications.status, query.status) : undefined, query.ticketId ? eq(notifications.ticketId, query.ticketId) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(200);
}
