/**
 * Makes the tracking link a `tracking.link_requested` outbox row asked for and texts it to the ticket's contact
 * number. Runs in the SMS worker (never inside a request), once per outbox row however often the row or its job is
 * replayed: the link is one per outbox row, and the sms_messages row (dedupe key `outbox:<id>`) is claimed before the
 * gateway call (`sending`, committed) and only the claimer sends; a claim left by a worker that died is taken over
 * after its lease and sent again with the same dedupe key.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import { isValidMobile, maskPhone, normalizeMobile } from '../../customers/phone';
import { trackingSmsText } from '../../tracking/tracking-view';
import type { Database } from '../db/client';
import { smsMessages, tickets } from '../db/schema';
import type { JobPayload } from '../jobs';
import type { SmsSender } from './sms-sender';
import { ensureTrackingLink, trackingLinkUrl } from './tracking-links';

export interface TrackingSmsOptions {
  publicUrl: string;
  /** How long a claim holds before another worker may send the message again (default 2 minutes). */
  leaseMs?: number;
  /** Failed attempts after which the message is given up (`failed`); default 8. */
  maxAttempts?: number;
  now?: Date;
}

/** `failed`: the gateway refused the last allowed attempt (the row says why); `done_before`: sent or claimed already. */
export type TrackingSmsOutcome = 'sent' | 'done_before' | 'failed' | 'not_mobile' | 'no_ticket';

/** A failed gateway call: the job is retried (BullMQ backoff) until the row's attempts run out. */
export class SmsNotSent extends Error {
  constructor(
    readonly dedupeKey: string,
    cause: unknown,
  ) {
    super(`sms ${dedupeKey} not sent: ${String((cause as Error)?.message ?? cause)}`);
    this.name = 'SmsNotSent';
  }
}

export async function sendTrackingSms(db: Database, sender: SmsSender, job: JobPayload<'tracking-sms'>, options: TrackingSmsOptions): Promise<TrackingSmsOutcome> {
  const now = options.now ?? new Date();
  const [ticket] = await db.select({ number: tickets.number, contactPhone: tickets.contactPhone }).from(tickets).where(eq(tickets.id, job.ticketId));
  if (!ticket) return 'no_ticket';
  const { link, token } = await ensureTrackingLink(db, { outboxId: job.outboxId, ticketId: job.ticketId, reason: job.reason, linkId: randomUUID() });
  const dedupeKey = `outbox:${job.outboxId}`;
  const text = (url: string) => trackingSmsText({ number: ticket.number, link: url, reason: job.reason });
  const mobile = isValidMobile(normalizeMobile(ticket.contactPhone));
  await db
    .insert(smsMessages)
    .values({
      id: randomUUID(),
      dedupeKey,
      ticketId: job.ticketId,
      trackingLinkId: link.id,
      kind: `tracking_${job.reason}`,
      channel: sender.channel,
      recipientMasked: maskPhone(ticket.contactPhone),
      // The row proves what was sent without holding the link.
      text: text(trackingLinkUrl(options.publicUrl, '…')),
      status: mobile ? 'pending' : 'failed',
      lastError: mobile ? null : 'the contact number is not a mobile number',
    })
    .onConflictDoNothing({ target: smsMessages.dedupeKey });
  if (!mobile) return 'not_mobile';
  const leaseMs = options.leaseMs ?? 120_000;
  const [claimed] = await db
    .update(smsMessages)
    .set({ status: 'sending', sendingAt: now, attempts: sql`${smsMessages.attempts} + 1` })
    .where(
      and(
        eq(smsMessages.dedupeKey, dedupeKey),
        or(eq(smsMessages.status, 'pending'), and(eq(smsMessages.status, 'sending'), lt(smsMessages.sendingAt, new Date(now.getTime() - leaseMs)))),
      ),
    )
    .returning();
  if (!claimed) return 'done_before';
  try {
    await sender.send({ to: normalizeMobile(ticket.contactPhone), text: text(trackingLinkUrl(options.publicUrl, token)), dedupeKey });
  } catch (error) {
    const givenUp = claimed.attempts >= (options.maxAttempts ?? 8);
    await db
      .update(smsMessages)
      .set({ status: givenUp ? 'failed' : 'pending', sendingAt: null, lastError: String((error as Error)?.message ?? error).slice(0, 500) })
      .where(and(eq(smsMessages.id, claimed.id), eq(smsMessages.status, 'sending')));
    if (givenUp) return 'failed';
    throw new SmsNotSent(dedupeKey, error);
  }
  await db.update(smsMessages).set({ status: 'sent', sentAt: new Date(), sendingAt: null, lastError: null }).where(eq(smsMessages.id, claimed.id));
  return 'sent';
}
