import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, type ChainKey, GENESIS_HASH, hashEvent, hmacKey, LEGACY_SHA256, verifyChain } from '../../shared/src/server/audit/audit-chain';

const TICKET = '11111111-1111-4111-8111-111111111111';
const KEY = hmacKey(Buffer.alloc(32, 7));

function buildChain(payloads: Array<Record<string, unknown>>, key: ChainKey = KEY) {
  let previousHash = GENESIS_HASH;
  return payloads.map((payload, index) => {
    const content = {
      ticketId: TICKET, sequence: index + 1, type: 'note', actorId: null, actorRole: 'agent', actorName: '坐席',
      occurredAt: new Date(Date.UTC(2026, 10, 23, 8, index)), payload, previousHash,
    };
    const hash = hashEvent(content, key);
    previousHash = hash;
    return { id: `event-${index + 1}`, ...content, hash };
  });
}

describe('audit chain', () => {
  it('canonical JSON ignores key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('verifies an intact chain', () => {
    expect(verifyChain(TICKET, buildChain([{ body: 'a' }, { body: 'b' }, { body: 'c' }]), undefined, KEY)).toEqual({ ok: true, events: 3 });
    expect(verifyChain(TICKET, [], undefined, KEY)).toEqual({ ok: true, events: 0 });
  });

  it('names the edited event, whatever field of whichever event is changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ body: fc.string() }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom('payload', 'occurredAt', 'actorName', 'type', 'facts'),
        (payloads, pick, field) => {
          const chain = buildChain(payloads);
          const index = pick % chain.length;
          const victim = { ...chain[index] } as Record<string, unknown>;
          if (field === 'payload') victim.payload = { body: `${String((victim.payload as { body: string }).body)}!` };
          if (field === 'occurredAt') victim.occurredAt = new Date((victim.occurredAt as Date).getTime() - 3_600_000);
          if (field === 'actorName') victim.actorName = 'someone else';
          if (field === 'type') victim.type = 'resolved';
          if (field === 'facts') victim.facts = { tickets: { update: [{ id: TICKET, resolvedAt: '2026-11-23T08:00:00.000Z' }] } };
          chain[index] = victim as (typeof chain)[number];
          const verdict = verifyChain(TICKET, chain, undefined, KEY);
          expect(verdict).toMatchObject({ ok: false, sequence: index + 1, eventId: `event-${index + 1}`, problem: 'hash_mismatch' });
        },
      ),
    );
  });

  it('detects a deleted, reordered or re-hashed event', () => {
    const chain = buildChain([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(verifyChain(TICKET, [chain[0], chain[2]], undefined, KEY)).toMatchObject({ ok: false, sequence: 3, problem: 'sequence_gap' });
    // Someone recomputes the edited event's own hash with the key: the next event's link breaks instead.
    const forged = { ...chain[1], payload: { n: 99 } };
    forged.hash = hashEvent(forged, KEY);
    expect(verifyChain(TICKET, [chain[0], forged, chain[2]], undefined, KEY)).toMatchObject({ ok: false, sequence: 3, problem: 'previous_hash_mismatch' });
  });

  it('does not accept a whole chain recomputed without the key: plain SHA-256, or another key', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ body: fc.string() }), { minLength: 1, maxLength: 6 }), (payloads) => {
        for (const forger of [LEGACY_SHA256, hmacKey(randomBytes(32))]) {
          const forged = buildChain(payloads, forger);
          const head = { sequence: forged.length, hash: forged.at(-1)!.hash };
          expect(verifyChain(TICKET, forged, head, KEY)).toMatchObject({ ok: false, sequence: 1, eventId: 'event-1', problem: 'hash_mismatch' });
        }
      }),
    );
  });

  it('leaves the hash of an event without facts as it was (facts: null is not hashed)', () => {
    const [event] = buildChain([{ n: 1 }]);
    expect(hashEvent({ ...event, facts: null }, KEY)).toBe(event.hash);
    expect(hashEvent({ ...event, facts: {} }, KEY)).not.toBe(event.hash);
  });

  it('the legacy upgrade accepts plain SHA-256 events only before the first keyed one', () => {
    const legacy = buildChain([{ n: 1 }, { n: 2 }], LEGACY_SHA256);
    const appended = { ...buildChain([{ n: 1 }, { n: 2 }, { n: 3 }])[2], previousHash: legacy[1].hash };
    appended.hash = hashEvent(appended, KEY);
    expect(verifyChain(TICKET, [...legacy, appended], undefined, KEY, { legacyPrefix: true })).toEqual({ ok: true, events: 3 });
    // A plain event after a keyed one is refused.
    const late = { ...appended, sequence: 4, previousHash: appended.hash, id: 'event-4' };
    late.hash = hashEvent(late, LEGACY_SHA256);
    expect(verifyChain(TICKET, [...legacy, appended, late], undefined, KEY, { legacyPrefix: true })).toMatchObject({ ok: false, sequence: 4, problem: 'hash_mismatch' });
    expect(verifyChain(TICKET, legacy, undefined, KEY)).toMatchObject({ ok: false, sequence: 1, problem: 'hash_mismatch' });
  });
});

describe('chain head recorded on the ticket', () => {
  it('exposes events deleted from the end, which leave a chain valid in itself', () => {
    const chain = buildChain([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const head = { sequence: 3, hash: chain[2].hash };
    expect(verifyChain(TICKET, chain, head, KEY)).toEqual({ ok: true, events: 3 });
    expect(verifyChain(TICKET, chain.slice(0, 2), head, KEY)).toMatchObject({ ok: false, sequence: 2, problem: 'head_mismatch' });
  });
});
