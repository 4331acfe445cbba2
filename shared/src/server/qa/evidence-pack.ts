import { asc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { access, requireAccess } from '../../auth/access';
import { verifyTicketAudit } from '../audit/verify-audit';
import { attemptsOfTasks } from '../callbacks/callback-queries';
import type { Executor } from '../db/client';
import { callbackTasks, notifications } from '../db/schema';
import { findQaReviewsOfTicket } from './qa-reviews';

/**
 * The parts of a ticket's evidence pack that are not the ticket itself (the API presents the ticket and its events
 * as QA reads them): the chain's verification now, every mail about it, its callbacks with every attempt, its QA
 * reviews.
 */
export async function evidenceOf(db: Executor, actor: Actor, ticketId: string) {
  requireAccess(actor, access.oversight);
  const verification = await verifyTicketAudit(db, ticketId);
  const mails = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      recipient: notifications.recipient,
      locale: notifications.locale,
      subject: notifications.subject,
      status: notifications.status,
      messageId: notifications.messageId,
      createdAt: notifications.createdAt,
      sentAt: notifications.sentAt,
    })
    .from(notifications)
    .where(eq(notifications.ticketId, ticketId))
    .orderBy(asc(notifications.createdAt), asc(notifications.id));
  const tasks = await db.select().from(callbackTasks).where(eq(callbackTasks.ticketId, ticketId)).orderBy(asc(callbackTasks.createdAt));
  const attempts = await attemptsOfTasks(db, tasks.map((task) => task.id));
  return {
    verification,
    mails,
    callbacks: tasks.map((task) => ({ ...task, attempts: attempts.filter((attempt) => attempt.taskId === task.id) })),
    qaReviews: await findQaReviewsOfTicket(db, ticketId),
  };
}
