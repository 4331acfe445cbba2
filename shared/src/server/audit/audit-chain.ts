import { createHash } from 'node:crypto';

/** The `previous_hash` of a ticket's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the hash does not depend on how jsonb stores keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** The fields of an event that its hash covers: everything but its own id and hash. */
export interface ChainedEventContent {
  ticketId: string;
  sequence: number;
  type: string;
  actorId: string | null;
  actorRole: string | null;
  actorName: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
  previousHash: string;
}

/** SHA-256 over the previous hash and the canonical event content. */
export function hashEvent(event: ChainedEventContent): string {
  const content = canonicalJson({
    ticketId: event.ticketId,
    sequence: event.sequence,
    type: event.type,
    actorId: event.actorId,
    actorRole: event.actorRole,
    actorName: event.actorName,
    occurredAt: event.occurredAt.toISOString(),
    payload: event.payload,
  });
  return createHash('sha256').update(event.previousHash).update('\n').update(content).digest('hex');
}

export type ChainProblem = 'sequence_gap' | 'previous_hash_mismatch' | 'hash_mismatch' | 'wrong_ticket' | 'head_mismatch';

export type ChainVerdict =
  | { ok: true; events: number }
  | { ok: false; events: number; eventId: string; sequence: number; problem: ChainProblem };

/**
 * Walks one ticket's events in sequence order and names the first that no longer matches: an edited row breaks its
 * own hash, a deleted or inserted row breaks the sequence or the next event's link.
 */
export function verifyChain(
  ticketId: string,
  events: ReadonlyArray<ChainedEventContent & { id: string; hash: string }>,
  /** The head recorded on the ticket row: catches events deleted from the end of the chain. */
  expectedHead?: { sequence: number; hash: string },
): ChainVerdict {
  let previousHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const fail = (problem: ChainProblem): ChainVerdict => ({
      ok: false,
      events: events.length,
      eventId: event.id,
      sequence: event.sequence,
      problem,
    });
    if (event.ticketId !== ticketId) return fail('wrong_ticket');
    if (event.sequence !== index + 1) return fail('sequence_gap');
    if (event.previousHash !== previousHash) return fail('previous_hash_mismatch');
    if (hashEvent(event) !== event.hash) return fail('hash_mismatch');
    previousHash = event.hash;
  }
  if (expectedHead && (expectedHead.sequence !== events.length || expectedHead.hash !== previousHash)) {
    const last = events.at(-1);
    return { ok: false, events: events.length, eventId: last?.id ?? '', sequence: events.length, problem: 'head_mismatch' };
  }
  return { ok: true, events: events.length };
}
