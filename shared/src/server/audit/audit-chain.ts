import { createHash, createHmac } from 'node:crypto';

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
  /** The chain's id: the ticket's, or a campaign callback task's for that task's own chain (callback_task_events). */
  ticketId: string;
  sequence: number;
  type: string;
  actorId: string | null;
  actorRole: string | null;
  actorName: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
  /**
   * What the event did to the rows derived from the ticket's history (SLA clocks, resolution and closing times, lead
   * follow-ups…: see derived-figures.ts). Null on events written before the chain carried them, and then left out of
   * the hashed content, so their hashes are what they were.
   */
  facts?: Record<string, unknown> | null;
  previousHash: string;
}

/**
 * How an event's hash is made: `hmac` (HMAC-SHA256 with the installation's audit key, which the database does not
 * hold: the chain cannot be recomputed with database rights alone), or `sha256` (plain, the scheme before the key;
 * only the one-time upgrade of legacy chains reads it).
 */
export type ChainKey = { scheme: 'hmac'; key: Buffer } | { scheme: 'sha256' };

export const hmacKey = (key: Buffer): ChainKey => ({ scheme: 'hmac', key });
export const LEGACY_SHA256: ChainKey = { scheme: 'sha256' };

/** The canonical content an event's hash covers (previous hash, newline, canonical JSON of the event). */
function hashedContent(event: ChainedEventContent): string {
  return canonicalJson({
    ticketId: event.ticketId,
    sequence: event.sequence,
    type: event.type,
    actorId: event.actorId,
    actorRole: event.actorRole,
    actorName: event.actorName,
    occurredAt: event.occurredAt.toISOString(),
    payload: event.payload,
    facts: event.facts ?? undefined,
  });
}

/** The hash of an event: HMAC-SHA256 (or, for legacy chains, SHA-256) over the previous hash and its canonical content. */
export function hashEvent(event: ChainedEventContent, key: ChainKey): string {
  const digest = key.scheme === 'hmac' ? createHmac('sha256', key.key) : createHash('sha256');
  return digest.update(event.previousHash).update('\n').update(hashedContent(event)).digest('hex');
}

export type ChainProblem = 'sequence_gap' | 'previous_hash_mismatch' | 'hash_mismatch' | 'wrong_ticket' | 'head_mismatch';

export type ChainVerdict =
  | { ok: true; events: number }
  | { ok: false; events: number; eventId: string; sequence: number; problem: ChainProblem };

export type VerifiableEvent = ChainedEventContent & { id: string; hash: string };

/**
 * Walks one ticket's events in sequence order and names the first that no longer matches: an edited row breaks its
 * own hash, a deleted or inserted row breaks the sequence or the next event's link, a chain recomputed without the
 * key breaks the first hash.
 */
export function verifyChain(
  ticketId: string,
  events: ReadonlyArray<VerifiableEvent>,
  /** The head recorded on the ticket row: catches events deleted from the end of the chain. */
  expectedHead: { sequence: number; hash: string } | undefined,
  key: ChainKey,
  options: {
    /**
     * The legacy upgrade only: plain SHA-256 events are accepted up to the first keyed one (events appended by keyed
     * code while the upgrade had not reached the ticket); after it, only keyed ones.
     */
    legacyPrefix?: boolean;
  } = {},
): ChainVerdict {
  let previousHash = GENESIS_HASH;
  let legacy = options.legacyPrefix === true;
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
    if (legacy && hashEvent(event, LEGACY_SHA256) === event.hash) {
      previousHash = event.hash;
      continue;
    }
    legacy = false;
    if (hashEvent(event, key) !== event.hash) return fail('hash_mismatch');
    previousHash = event.hash;
  }
  if (expectedHead && (expectedHead.sequence !== events.length || expectedHead.hash !== previousHash)) {
    const last = events.at(-1);
    return { ok: false, events: events.length, eventId: last?.id ?? '', sequence: events.length, problem: 'head_mismatch' };
  }
  return { ok: true, events: events.length };
}
