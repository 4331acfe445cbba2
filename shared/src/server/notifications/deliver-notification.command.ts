/**
 * Delivers the mails one outbox row calls for. Idempotent: each (outbox row, recipient) is one notifications row,
 * and a row already sent (or scheduled) is never sent again — a retried job or a relay that ran twice sends nothing
 * more. Urgent tickets (P1, roadside) go out at once, day or night; other mail waits for the recipient's working
 * hours (quiet hours) or their digest, as a `scheduled` row that `sendScheduledNotifications` sends when due.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import { type MailKind, renderDigestMail, renderTicketMail } from '../../notifications/mail-templates';
import { nextWorkingInstant } from '../../sla/business-calendar';
import { type EscalationRecipient, isUrgentTicket } from '../../sla/escalation';
import type { Database, Executor } from '../db/client';
import { notifications, tickets } from '../db/schema';
import { cachedCalendar } from '../sla/sla-clocks';
import { escalationParties, milestoneOwnerParty, ownerParty, type Recipient, recipientsOf, resolutionParties } from './notification-recipients';

export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string; messageId?: string; headers?: Record<string, string> }): Promise<unknown>;
}

export interface NotificationJob {
  outboxId: number;
  topic: string;
  ticketId: string | null;
  payload: Record<string, unknown>;
}

export interface MailOptions {
  publicUrl: string;
  from: string;
  /** Business minutes a digest collects before it goes out (counted in the recipient's working hours). */
  digestMinutes?: number;
}

const KIND_OF_TOPIC: Record<string, MailKind> = {
  'ticket.dispatched': 'dispatched',
  'ticket.rejected': 'rerouted',
  'ticket.resolved': 'resolved',
  'sla.warning': 'sla_warning',
  'sla.breached': 'sla_breached',
  'sla.escalated': 'escalated',
};

const DEFAULT_DIGEST_MINUTES = 60;

type TicketRow = typeof tickets.$inferSelect;

async function partiesFor(db: Executor, kind: MailKind, ticket: TicketRow, payload: Record<string, unknown>) {
  switch (kind) {
    case 'dispatched':
    case 'rerouted': {
      // Whoever is responsible now: for a rejection that is the party it was rerouted to (none: supervisors' queue).
      const party = await ownerParty(db, ticket);
      return party ? [party] : [];
    }
    case 'sla_warning':
    case 'sla_breached': {
      const party = await milestoneOwnerParty(db, ticket, payload.milestoneId);
      return party ? [party] : [];
    }
    case 'escalated':
      return escalationParties(db, ticket, (Array.isArray(payload.recipients) ? payload.recipients : []) as EscalationRecipient[]);
    case 'resolved':
      return resolutionParties(db, ticket);
    default: {
      const unknown: never = kind;
      throw new Error(`no recipients for ${String(unknown)}`);
    }
  }
}

/** When a non-urgent mail may reach the recipient: now in working hours, else their next working instant. */
async function deliveryPlan(db: Executor, recipient: Recipient, urgent: boolean, now: Date, digestMinutes: number) {
  if (urgent) return { status: 'pending' as const, delivery: 'immediate' as const, notBefore: null };
  const calendar = recipient.calendarId ? await cachedCalendar(db, recipient.calendarId) : null;
  if (recipient.nonUrgent === 'digest') {
    const at = new Date(now.getTime() + digestMinutes * 60_000);
    return { status: 'scheduled' as const, delivery: 'digest' as const, notBefore: calendar ? nextWorkingInstant(calendar, at) : at };
  }
  const opens = calendar ? nextWorkingInstant(calendar, now) : now;
  return opens.getTime() > now.getTime()
    ? { status: 'scheduled' as const, delivery: 'immediate' as const, notBefore: opens }
    : { status: 'pending' as const, delivery: 'immediate' as const, notBefore: null };
}

async function send(db: Database, transport: MailTransport, from: string, row: typeof notifications.$inferSelect): Promise<void> {
  try {
    // The notification id is the Message-ID: should a crash fall between the server's acceptance and our commit,
    // the retried copy carries the same id and mail systems drop it as a duplicate.
    await sendRow(transport, from, row);
    await db.update(notifications).set({ status: 'sent', sentAt: new Date(), attempts: row.attempts + 1, lastError: null }).where(eq(notifications.id, row.id));
  } catch (error) {
    await db
      .update(notifications)
      .set({ status: 'failed', attempts: row.attempts + 1, lastError: String((error as Error).message ?? error).slice(0, 500) })
      .where(eq(notifications.id, row.id));
    throw error;
  }
}

export async function deliverNotification(
  db: Database,
  transport: MailTransport,
  job: NotificationJob,
  options: MailOptions & { now?: Date },
): Promise<{ sent: number; skipped: number; scheduled: number }> {
  const result = { sent: 0, skipped: 0, scheduled: 0 };
  const kind = KIND_OF_TOPIC[job.topic];
  if (!kind || !job.ticketId) return result;
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, job.ticketId));
  if (!ticket) return result;
  const recipients = await recipientsOf(db, await partiesFor(db, kind, ticket, job.payload));
  if (recipients.length === 0) return result;
  const now = options.now ?? new Date();
  const urgent = isUrgentTicket(ticket);
  const owner = kind === 'escalated' || kind === 'resolved' ? ((await ownerParty(db, ticket))?.name ?? null) : null;
  for (const recipient of recipients) {
    const dedupeKey = `outbox:${job.outboxId}:${recipient.address}`;
    const mail = renderTicketMail(kind, recipient.locale, {
      number: ticket.number,
      type: ticket.type,
      priority: ticket.priority,
      subject: ticket.subject,
      partyName: recipient.name,
      acknowledgeDueAt: ticket.acknowledgeDueAt,
      link: `${options.publicUrl}/tickets/${ticket.id}`,
      reason: typeof job.payload.reasonCode === 'string' ? job.payload.reasonCode : null,
      clock: typeof job.payload.clock === 'string' ? job.payload.clock : undefined,
      dueAt: typeof job.payload.dueAt === 'string' ? new Date(job.payload.dueAt) : null,
      level: typeof job.payload.level === 'number' ? job.payload.level : undefined,
      ownerName: owner,
      resolution: typeof job.payload.resolution === 'string' ? job.payload.resolution : null,
    });
    const plan = await deliveryPlan(db, recipient, urgent, now, options.digestMinutes ?? DEFAULT_DIGEST_MINUTES);
    await db
      .insert(notifications)
      .values({ id: randomUUID(), dedupeKey, ticketId: ticket.id, kind, channel: 'mail', recipient: recipient.address, locale: recipient.locale, subject: mail.subject, body: mail.text, ...plan })
      .onConflictDoNothing();
    const [row] = await db.select().from(notifications).where(eq(notifications.dedupeKey, dedupeKey));
    if (row.status === 'sent') result.skipped += 1;
    else if (row.status === 'scheduled') result.scheduled += 1;
    else {
      await send(db, transport, options.from, row);
      result.sent += 1;
    }
  }
  return result;
}

/**
 * Sends the scheduled mail that is due: a quiet-hours mail once the recipient's working hours begin, and for a
 * recipient whose digest is due, everything waiting for them in one mail. One mail per transaction, claimed with
 * SKIP LOCKED, so several workers can run this side by side and a failed send holds back nothing else.
 */
export async function sendScheduledNotifications(
  db: Database,
  transport: MailTransport,
  options: MailOptions & { now?: Date; limit?: number },
): Promise<{ mails: number; notifications: number; failed: number }> {
  const now = options.now ?? new Date();
  const totals = { mails: 0, notifications: 0, failed: 0 };
  for (let pass = 0; pass < (options.limit ?? 200); pass += 1) {
    const claimed = await db.transaction(async (tx) => {
      const [first] = await tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.status, 'scheduled'), lte(notifications.notBefore, now)))
        .orderBy(asc(notifications.notBefore))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!first) return null;
      const items =
        first.delivery === 'digest'
          ? [
              first,
              ...(await tx
                .select()
                .from(notifications)
                .where(and(eq(notifications.status, 'scheduled'), eq(notifications.delivery, 'digest'), eq(notifications.recipient, first.recipient), ne(notifications.id, first.id)))
                .orderBy(asc(notifications.createdAt))
                .for('update', { skipLocked: true })),
            ]
          : [first];
      try {
        if (first.delivery === 'digest') await sendDigest(tx, transport, options, items);
        else await sendRow(transport, options.from, first);
        await tx.update(notifications).set({ status: 'sent', sentAt: new Date(), attempts: sql`${notifications.attempts} + 1`, lastError: null }).where(inArray(notifications.id, items.map((item) => item.id)));
        return { items: items.length, failed: false };
      } catch (error) {
        // Try again later; the rows stay scheduled and an admin sees the error.
        await tx
          .update(notifications)
          .set({
            attempts: sql`${notifications.attempts} + 1`,
            lastError: String((error as Error).message ?? error).slice(0, 500),
            notBefore: new Date(now.getTime() + Math.min(300, 2 ** (first.attempts + 1)) * 1000),
          })
          .where(inArray(notifications.id, items.map((item) => item.id)));
        return { items: items.length, failed: true };
      }
    });
    if (!claimed) break;
    if (claimed.failed) totals.failed += 1;
    else {
      totals.mails += 1;
      totals.notifications += claimed.items;
    }
  }
  return totals;
}

/** A notification's Message-ID and trace header: its own id. */
const idHeaders = (id: string) => ({ messageId: `<${id}@careline.notifications>`, headers: { 'X-Careline-Notification': id } });

function sendRow(transport: MailTransport, from: string, row: typeof notifications.$inferSelect) {
  return transport.sendMail({ from, to: row.recipient, subject: row.subject, text: row.body, ...idHeaders(row.id) });
}

/** One mail for everything waiting for a recipient, recorded as its own notification that the items point to. */
async function sendDigest(tx: Executor, transport: MailTransport, options: MailOptions, items: Array<typeof notifications.$inferSelect>) {
  const locale = items[0].locale === 'en' ? 'en' : 'zh-CN';
  const digest = renderDigestMail(
    locale,
    items.map((item) => ({ subject: item.subject, createdAt: item.createdAt, link: item.ticketId ? `${options.publicUrl}/tickets/${item.ticketId}` : null })),
  );
  const id = randomUUID();
  await transport.sendMail({ from: options.from, to: items[0].recipient, subject: digest.subject, text: digest.text, ...idHeaders(id) });
  await tx.insert(notifications).values({
    id,
    dedupeKey: `digest:${items[0].id}:${items[0].attempts}`,
    ticketId: null,
    kind: 'digest',
    channel: 'mail',
    recipient: items[0].recipient,
    locale,
    subject: digest.subject,
    body: digest.text,
    status: 'sent',
    sentAt: new Date(),
    attempts: 1,
  });
  await tx.update(notifications).set({ digestId: id }).where(inArray(notifications.id, items.map((item) => item.id)));
}
