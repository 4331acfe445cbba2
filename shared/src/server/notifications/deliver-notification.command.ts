/**
 * Delivers the mails one outbox row calls for, and every mail that could not go out at once. Each (outbox row,
 * recipient) is one notifications row, and the row is the truth about its mail:
 * - claimed before the SMTP call: a short committed transaction sets `sending` (with the mail's fixed Message-ID)
 *   and only the worker whose claim matched sends — a job replayed, or run by two workers after a lost lock, sends
 *   nothing more;
 * - the SMTP call runs outside any transaction; then a short update records `sent`, or schedules the next attempt
 *   (`nextAttemptAt`, growing delay) until the retry window is over and the row is `failed`, for an admin to resend;
 * - a row left `sending` by a worker that died is sent again after its lease, with the same Message-ID, so the one
 *   accepted duplicate (death between the server's acceptance and our update) is recognisable.
 * Urgent tickets (P1, roadside) go out at once, day or night; other mail waits for the recipient's working hours
 * (quiet hours) or their digest, as a `scheduled` row that `sendScheduledNotifications` claims when due.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import { DEFAULT_MAIL_RETRY_POLICY, decideMailRetry, type MailRetryPolicy } from '../../notifications/mail-retry';
import { type MailKind, renderDigestMail, renderTicketMail, type TicketMailData } from '../../notifications/mail-templates';
import { nextWorkingInstant } from '../../sla/business-calendar';
import { isUrgentTicket } from '../../sla/escalation';
import type { Database, Executor } from '../db/client';
import { notifications, tickets } from '../db/schema';
import type { MailTopic, TNotificationJob } from '../jobs';
import { cachedCalendar } from '../sla/sla-clocks';
import { escalationParties, milestoneOwnerParty, ownerParty, type Recipient, recipientsOf, resolutionParties } from './notification-recipients';

export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string; messageId?: string; headers?: Record<string, string> }): Promise<unknown>;
}

/** A notification job as the registry types it (shared/src/server/jobs.ts): an outbox row's topic and payload. */
export type NotificationJob = TNotificationJob;

export type NotificationRow = typeof notifications.$inferSelect;

export interface MailOptions {
  publicUrl: string;
  from: string;
  /** Business minutes a digest collects before it goes out (counted in the recipient's working hours). */
  digestMinutes?: number;
  /** When a failed mail is tried again, for how long, and the lease on a claim (default DEFAULT_MAIL_RETRY_POLICY). */
  retry?: Partial<MailRetryPolicy>;
  /** Told of every failed attempt (the workers log it); the row records the error as well. */
  onSendError?: (notification: NotificationRow, error: unknown) => void;
}

type RunOptions = MailOptions & { now?: Date };

const policyOf = (options: MailOptions): MailRetryPolicy => ({ ...DEFAULT_MAIL_RETRY_POLICY, ...options.retry });
const clockOf = (options: RunOptions) => options.now ?? new Date();
const errorText = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 500);

/**
 * A notification's Message-ID: built from its id alone, so every attempt at the same mail (a retry, a resend, the
 * copy sent again after a crash) carries the same one and mail systems can drop the duplicate.
 */
export const notificationMessageId = (id: string) => `<${id}@careline.notifications>`;

/** The Message-ID and trace header a row's mail goes out with. */
const identityOf = (row: NotificationRow) => ({ messageId: row.messageId ?? notificationMessageId(row.id), headers: { 'X-Careline-Notification': row.id } });

const KIND_OF_TOPIC: Record<MailTopic, MailKind> = {
  'ticket.dispatched': 'dispatched',
  'ticket.rejected': 'rerouted',
  'ticket.resolved': 'resolved',
  'ticket.reopened': 'reopened',
  'sla.warning': 'sla_warning',
  'sla.breached': 'sla_breached',
  'sla.escalated': 'escalated',
};

const DEFAULT_DIGEST_MINUTES = 60;

type TicketRow = typeof tickets.$inferSelect;

async function partiesFor(db: Executor, job: TNotificationJob, ticket: TicketRow) {
  switch (job.topic) {
    case 'ticket.dispatched':
    case 'ticket.rejected':
    case 'ticket.reopened': {
      // Whoever is responsible now: for a rejection that is the party it was rerouted to (none: supervisors' queue).
      const party = await ownerParty(db, ticket);
      return party ? [party] : [];
    }
    case 'sla.warning':
    case 'sla.breached': {
      const party = await milestoneOwnerParty(db, ticket, job.payload.milestoneId);
      return party ? [party] : [];
    }
    case 'sla.escalated':
      return escalationParties(db, ticket, job.payload.recipients);
    case 'ticket.resolved':
      return resolutionParties(db, ticket);
    default: {
      const unknown: never = job;
      throw new Error(`no recipients for ${String((unknown as TNotificationJob).topic)}`);
    }
  }
}

/** What the mail says beyond the ticket itself: the clock and its due time, the escalation level, the resolution. */
function mailDetails(job: TNotificationJob): Pick<TicketMailData, 'clock' | 'dueAt' | 'level' | 'resolution' | 'callback'> {
  switch (job.topic) {
    case 'sla.warning':
    case 'sla.breached':
      return { clock: job.payload.clock, dueAt: new Date(job.payload.dueAt), resolution: null };
    case 'sla.escalated':
      return { clock: job.payload.clock, dueAt: new Date(job.payload.dueAt), level: job.payload.level, resolution: null };
    case 'ticket.resolved':
      return { dueAt: null, resolution: job.payload.resolution };
    case 'ticket.reopened':
      return { dueAt: null, resolution: null, callback: job.payload };
    case 'ticket.dispatched':
    case 'ticket.rejected':
      return { dueAt: null, resolution: null };
    default: {
      const unknown: never = job;
      throw new Error(`no mail for ${String((unknown as TNotificationJob).topic)}`);
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


/** Whether any row matches: the passes' first, lock-free look, so that an idle pass opens no transaction. */
async function anyNotification(db: Database, where: SQL | undefined): Promise<boolean> {
  return (await db.select({ id: notifications.id }).from(notifications).where(where).limit(1)).length > 0;
}

/**
 * Claims the rows `where` matches and no other worker holds, in one short committed transaction: status `sending`,
 * the time of the claim, one attempt more, and a lease (`nextAttemptAt`) after which a row still `sending` counts as
 * abandoned. Only the rows returned may be sent by the caller.
 */
async function claimNotifications(db: Database, where: SQL | undefined, now: Date, policy: MailRetryPolicy, limit: number): Promise<NotificationRow[]> {
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(where)
      .orderBy(asc(notifications.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(notifications)
      .set({ status: 'sending', sendingAt: now, nextAttemptAt: new Date(now.getTime() + policy.leaseMs), attempts: sql`${notifications.attempts} + 1` })
      .where(inArray(notifications.id, due.map((row) => row.id)))
      .returning();
  });
  // Rows written before Message-IDs were stored get theirs now, before their first send under the new scheme.
  for (const row of claimed.filter((candidate) => !candidate.messageId)) {
    row.messageId = notificationMessageId(row.id);
    await db.update(notifications).set({ messageId: row.messageId }).where(eq(notifications.id, row.id));
  }
  return claimed;
}

/**
 * Sends one claimed row, outside any transaction, and records the outcome: `sent` (with the notifications a digest
 * carried), or the next attempt, or `failed` once the retry window — counted from when the mail became due — is over.
 */
async function sendClaimed(db: Database, transport: MailTransport, options: RunOptions, row: NotificationRow): Promise<'sent' | 'retrying' | 'failed'> {
  try {
    await transport.sendMail({ from: options.from, to: row.recipient, subject: row.subject, text: row.body, ...identityOf(row) });
  } catch (error) {
    options.onSendError?.(row, error);
    const decision = decideMailRetry({ attempts: row.attempts, windowStart: row.notBefore ?? row.createdAt, now: clockOf(options), policy: policyOf(options) });
    // Only while the claim is still ours: after the lease another worker may have taken the row over.
    const settled = await db
      .update(notifications)
      .set({ status: decision.status, nextAttemptAt: decision.nextAttemptAt, sendingAt: null, lastError: errorText(error) })
      .where(and(eq(notifications.id, row.id), eq(notifications.status, 'sending'), eq(notifications.sendingAt, row.sendingAt!)))
      .returning({ id: notifications.id });
    if (settled.length > 0 && decision.status === 'failed') {
      await db.update(notifications).set({ status: 'failed', lastError: errorText(error) }).where(eq(notifications.digestId, row.id));
    }
    return decision.status === 'failed' ? 'failed' : 'retrying';
  }
  await db
    .update(notifications)
    .set({ status: 'sent', sentAt: new Date(), nextAttemptAt: null, sendingAt: null, lastError: null })
    .where(or(eq(notifications.id, row.id), eq(notifications.digestId, row.id)));
  return 'sent';
}

/**
 * Turns one outbox row into notifications rows and sends those that may go out now. Idempotent: a replayed job
 * finds its rows and sends only a row never tried yet or due for its retry, and only after winning its claim. A mail
 * that fails is left to the retry pass (counted as scheduled); the job itself succeeds.
 */
export async function deliverNotification(db: Database, transport: MailTransport, job: NotificationJob, options: RunOptions): Promise<{ sent: number; skipped: number; scheduled: number }> {
  const result = { sent: 0, skipped: 0, scheduled: 0 };
  const kind = KIND_OF_TOPIC[job.topic];
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, job.ticketId));
  if (!ticket) return result;
  const recipients = await recipientsOf(db, await partiesFor(db, job, ticket));
  if (recipients.length === 0) return result;
  const now = clockOf(options);
  const policy = policyOf(options);
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
      ownerName: owner,
      ...mailDetails(job),
    });
    const plan = await deliveryPlan(db, recipient, urgent, now, options.digestMinutes ?? DEFAULT_DIGEST_MINUTES);
    const id = randomUUID();
    await db
      .insert(notifications)
      .values({
        id,
        dedupeKey,
        ticketId: ticket.id,
        kind,
        channel: 'mail',
        recipient: recipient.address,
        locale: recipient.locale,
        subject: mail.subject,
        body: mail.text,
        messageId: notificationMessageId(id),
        // Should this job die before its claim, the retry pass sends the row after a lease.
        nextAttemptAt: plan.status === 'pending' ? new Date(now.getTime() + policy.leaseMs) : null,
        ...plan,
      })
      .onConflictDoNothing();
    const [row] = await db.select().from(notifications).where(eq(notifications.dedupeKey, dedupeKey));
    if (row.status === 'scheduled') {
      result.scheduled += 1;
      continue;
    }
    const neverTried = eq(notifications.attempts, 0);
    const [claimed] =
      row.status === 'pending'
        ? await claimNotifications(db, and(eq(notifications.id, row.id), eq(notifications.status, 'pending'), or(neverTried, lte(notifications.nextAttemptAt, now))), now, policy, 1)
        : [];
    if (!claimed) result.skipped += 1;
    else if ((await sendClaimed(db, transport, options, claimed)) === 'sent') result.sent += 1;
    else result.scheduled += 1;
  }
  return result;
}

/**
 * The retry pass: sends every row whose next attempt is due, and every row left `sending` past its lease by a worker
 * that died (again, with the same Message-ID). Claims a few rows at a time and sends them side by side, so no claimed
 * row waits behind another's slow server for longer than its lease. With nothing due it is one indexed query.
 */
export async function retryDueNotifications(
  db: Database,
  transport: MailTransport,
  options: RunOptions & { batch?: number; limit?: number },
): Promise<{ sent: number; retrying: number; failed: number }> {
  const totals = { sent: 0, retrying: 0, failed: 0 };
  const batch = options.batch ?? 10;
  const policy = policyOf(options);
  const dueAt = (now: Date) => and(inArray(notifications.status, ['pending', 'sending']), lte(notifications.nextAttemptAt, now));
  if (!(await anyNotification(db, dueAt(clockOf(options))))) return totals;
  for (let done = 0; done < (options.limit ?? 200); ) {
    const now = clockOf(options);
    const rows = await claimNotifications(db, dueAt(now), now, policy, batch);
    for (const outcome of await Promise.all(rows.map((row) => sendClaimed(db, transport, options, row)))) totals[outcome] += 1;
    done += rows.length;
    if (rows.length < batch) break;
  }
  return totals;
}

/**
 * Sends the scheduled mail that is due: a quiet-hours mail once the recipient's working hours begin, and for a
 * recipient whose digest is due, everything waiting for them in one mail (a notification of its own that the items
 * point to). Each mail is claimed in a short transaction (SKIP LOCKED, so several workers run this side by side) and
 * sent after it; a failed one goes on to the retry pass.
 */
export async function sendScheduledNotifications(
  db: Database,
  transport: MailTransport,
  options: RunOptions & { limit?: number },
): Promise<{ mails: number; notifications: number; failed: number }> {
  const now = clockOf(options);
  const policy = policyOf(options);
  const totals = { mails: 0, notifications: 0, failed: 0 };
  if (!(await anyNotification(db, and(eq(notifications.status, 'scheduled'), lte(notifications.notBefore, now))))) return totals;
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
      const claim = { status: 'sending' as const, sendingAt: now, nextAttemptAt: new Date(now.getTime() + policy.leaseMs) };
      if (first.delivery !== 'digest') {
        const [row] = await tx
          .update(notifications)
          .set({ ...claim, attempts: sql`${notifications.attempts} + 1`, messageId: first.messageId ?? notificationMessageId(first.id) })
          .where(eq(notifications.id, first.id))
          .returning();
        return { row, items: 1 };
      }
      const items = [
        first,
        ...(await tx
          .select()
          .from(notifications)
          .where(and(eq(notifications.status, 'scheduled'), eq(notifications.delivery, 'digest'), eq(notifications.recipient, first.recipient), ne(notifications.id, first.id)))
          .orderBy(asc(notifications.createdAt))
          .for('update', { skipLocked: true })),
      ];
      const row = await claimDigest(tx, options, items, claim);
      return { row, items: items.length };
    });
    if (!claimed) break;
    if ((await sendClaimed(db, transport, options, claimed.row)) === 'sent') {
      totals.mails += 1;
      totals.notifications += claimed.items;
    } else totals.failed += 1;
  }
  return totals;
}

/**
 * One mail for everything waiting for a recipient: a notification of its own, claimed for sending, that the items
 * point to; the items follow its outcome. Its window starts now (`notBefore`).
 */
async function claimDigest(tx: Executor, options: MailOptions, items: NotificationRow[], claim: { status: 'sending'; sendingAt: Date; nextAttemptAt: Date }) {
  const locale = items[0].locale === 'en' ? 'en' : 'zh-CN';
  const digest = renderDigestMail(
    locale,
    items.map((item) => ({ subject: item.subject, createdAt: item.createdAt, link: item.ticketId ? `${options.publicUrl}/tickets/${item.ticketId}` : null })),
  );
  const id = randomUUID();
  const [row] = await tx
    .insert(notifications)
    .values({
      id,
      dedupeKey: `digest:${items[0].id}`,
      ticketId: null,
      kind: 'digest',
      channel: 'mail',
      recipient: items[0].recipient,
      locale,
      subject: digest.subject,
      body: digest.text,
      messageId: notificationMessageId(id),
      notBefore: claim.sendingAt,
      attempts: 1,
      ...claim,
    })
    .returning();
  await tx
    .update(notifications)
    .set({ status: 'sending', digestId: id, nextAttemptAt: null })
    .where(inArray(notifications.id, items.map((item) => item.id)));
  return row;
}
