import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/actor';
import { GENESIS_HASH, hashEvent } from '../audit/audit-chain';
import { auditKeys } from '../audit/audit-keys';
import type { EventFacts } from '../audit/derived-figures';
import type { Executor } from '../db/client';
import { outbox, ticketEvents } from '../db/schema';
import type { OutboxMessage } from '../jobs';

export const TICKET_EVENT_TYPES = [
  'created',
  'routed',
  'dispatched',
  'acknowledged',
  'rejected',
  'started',
  'pended',
  'resumed',
  'resolved',
  'reopened',
  'closed',
  'cancelled',
  'note',
  'lead_follow_up',
  'contact_attempt',
  'sla_warning',
  'sla_breached',
  'escalated',
  'sla_policy_applied',
  /** A dealer read the customer's full phone number (recorded once a day per reader and ticket). */
  'customer_data_viewed',
  /** A resolution's callback task was created (its due time), or cancelled when the ticket left `resolved` otherwise. */
  'callback_scheduled',
  'callback_cancelled',
  /** One callback call: who, when, the answer and what came of it (the ticket closes or reopens in the same change). */
  'callback_attempt',
  /** Drawn for QA review (month, seed, rank), and QA's review of it (scorecard answers, score): the OEM's own audit. */
  'qa_sampled',
  'qa_reviewed',
  /** Roadside dispatch: a provider offered the job (round, due time, its rank), its answer or the offer's timeout. */
  'roadside_offered',
  'roadside_offer_accepted',
  'roadside_offer_declined',
  'roadside_offer_expired',
  /** An offer left pending when its ticket was taken elsewhere, withdrawn when its time ran out. */
  'roadside_offer_withdrawn',
  /** Nobody was left to offer the job: the ticket waits on the supervisor board. */
  'roadside_unassigned',
  /** The rescue given by hand with a dispatch: the provider, the one it was taken from, the offers withdrawn. */
  'roadside_assigned',
  /** The provider's progress: en route (ETA), arrived, towing, completed, cancelled, gone on arrival. */
  'roadside_progress',
  /** A supervisor merged the ticket's customer record into another (duplicates): the ticket follows the survivor. */
  'customer_merged',
  /**
   * A knowledge-base article used on the ticket (its id, title, version and audience); with `resolve`, the ticket is
   * resolved with it in the same change (a `resolved` event follows).
   */
  'kb_article_linked',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

export interface NewTicketEvent {
  type: TicketEventType;
  payload: Record<string, unknown>;
  /** Who really did it, when not the command's actor: routing after a reject is careline's doing, not the rejecter's. */
  actor?: Actor;
}

export type TicketEventRow = typeof ticketEvents.$inferSelect;

export interface ChainHead {
  sequence: number;
  hash: string;
}

export const EMPTY_CHAIN: ChainHead = { sequence: 0, hash: GENESIS_HASH };

/**
 * Builds the next events of a chain from its head: sequences, links and keyed hashes (the process's audit key), without
 * writing anything. `facts` — what the change did to the derived rows (derived-figures.ts) — go on its last event.
 */
export function chainEvents(options: {
  ticketId: string;
  actor: Actor;
  occurredAt: Date;
  head: ChainHead;
  events: NewTicketEvent[];
  facts?: EventFacts;
}): { rows: TicketEventRow[]; head: ChainHead } {
  let { sequence, hash: previousHash } = options.head;
  const rows: TicketEventRow[] = [];
  const { chainKey } = auditKeys();
  if (options.facts && options.events.length === 0) throw new Error('a change that moves derived figures needs an event to carry them');
  for (const [index, event] of options.events.entries()) {
    sequence += 1;
    const actor = event.actor ?? options.actor;
    const content = {
      ticketId: options.ticketId,
      sequence,
      type: event.type,
      actorId: actor.id,
      actorRole: actor.role,
      actorName: actor.name,
      occurredAt: options.occurredAt,
      // Round-trip through JSON so the hash covers exactly what jsonb will give back.
      payload: JSON.parse(JSON.stringify(event.payload)) as Record<string, unknown>,
      facts: index === options.events.length - 1 && options.facts ? (JSON.parse(JSON.stringify(options.facts)) as Record<string, unknown>) : null,
      previousHash,
    };
    const hash = hashEvent(content, chainKey);
    rows.push({ id: randomUUID(), ...content, hash });
    previousHash = hash;
  }
  return { rows, head: { sequence, hash: previousHash } };
}

export async function insertTicketEvents(tx: Executor, rows: TicketEventRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(ticketEvents).values(rows);
}

/** LISTEN/NOTIFY channel that wakes the outbox relay when rows commit (workers/src/realtime/outbox-wakeup.ts). */
export const OUTBOX_WAKE_CHANNEL = 'careline_outbox';

/** An outbox row to write: a topic of the registry (shared/src/server/jobs.ts) with that topic's payload. */
export type NewOutboxRow = OutboxMessage & { ticketId: string };

export async function writeOutbox(tx: Executor, rows: NewOutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  // A trigger (migration 0005) notifies OUTBOX_WAKE_CHANNEL, delivered at commit: the relay runs at once, not at its
  // next poll.
  await tx.insert(outbox).values(rows);
}
