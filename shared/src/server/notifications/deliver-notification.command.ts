/**
 * Delivers the mails one outbox row calls for. Idempotent: each (outbox row, recipient) is one notifications row,
 * and a row already sent is never sent again — a retried job or a relay that ran twice sends nothing more.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Locale } from '../../errors/app-error';
import { type MailKind, renderTicketMail } from '../../notifications/mail-templates';
import type { Database } from '../db/client';
import { dealers, departments, notifications, tickets } from '../db/schema';

export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string; headers?: Record<string, string> }): Promise<unknown>;
}

export interface NotificationJob {
  outboxId: number;
  topic: string;
  ticketId: string | null;
  payload: Record<string, unknown>;
}

const KIND_OF_TOPIC: Record<string, MailKind> = {
  'ticket.dispatched': 'dispatched',
  'ticket.rejected': 'rerouted',
  'sla.warning': 'sla_warning',
  'sla.breached': 'sla_breached',
};

export async function deliverNotification(
  db: Database,
  transport: MailTransport,
  job: NotificationJob,
  options: { publicUrl: string; from: string },
): Promise<{ sent: number; skipped: number }> {
  const kind = KIND_OF_TOPIC[job.topic];
  if (!kind || !job.ticketId) return { sent: 0, skipped: 0 };
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, job.ticketId));
  if (!ticket) return { sent: 0, skipped: 0 };
  // Tell whoever is responsible now: for a rejection that is the party it was rerouted to (none: supervisors' queue).
  const party = ticket.responsibleDealerId
    ? (await db.select({ name: dealers.nameZh, emails: dealers.notificationEmails }).from(dealers).where(eq(dealers.id, ticket.responsibleDealerId)))[0]
    : ticket.responsibleDepartmentId
      ? (await db.select({ name: departments.nameZh, emails: departments.notificationEmails }).from(departments).where(eq(departments.id, ticket.responsibleDepartmentId)))[0]
      : undefined;
  if (!party || party.emails.length === 0) return { sent: 0, skipped: 0 };
  const locale: Locale = 'zh-CN';
  const mail = renderTicketMail(kind, locale, {
    number: ticket.number,
    type: ticket.type,
    priority: ticket.priority,
    subject: ticket.subject,
    partyName: party.name,
    acknowledgeDueAt: ticket.acknowledgeDueAt,
    link: `${options.publicUrl}/tickets/${ticket.id}`,
    reason: typeof job.payload.reasonCode === 'string' ? job.payload.reasonCode : null,
    clock: typeof job.payload.clock === 'string' ? job.payload.clock : undefined,
    dueAt: typeof job.payload.dueAt === 'string' ? new Date(job.payload.dueAt) : null,
  });
  let sent = 0;
  let skipped = 0;
  for (const recipient of party.emails) {
    const dedupeKey = `outbox:${job.outboxId}:${recipient}`;
    await db
      .insert(notifications)
      .values({ id: randomUUID(), dedupeKey, ticketId: ticket.id, kind, channel: 'mail', recipient, locale, subject: mail.subject, body: mail.text, status: 'pending' })
      .onConflictDoNothing();
    const [row] = await db.select().from(notifications).where(eq(notifications.dedupeKey, dedupeKey));
    if (row.status === 'sent') {
      skipped += 1;
      continue;
    }
    try {
      await transport.sendMail({ from: options.from, to: recipient, subject: row.subject, text: row.body, headers: { 'X-Careline-Notification': row.id } });
      await db.update(notifications).set({ status: 'sent', sentAt: new Date(), attempts: row.attempts + 1, lastError: null }).where(eq(notifications.id, row.id));
      sent += 1;
    } catch (error) {
      await db
        .update(notifications)
        .set({ status: 'failed', attempts: row.attempts + 1, lastError: String((error as Error).message ?? error).slice(0, 500) })
        .where(eq(notifications.id, row.id));
      throw error;
    }
  }
  return { sent, skipped };
}
