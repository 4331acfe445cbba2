import { generateKeyPairSync, sign } from 'node:crypto';
import { checkCheckpointSignature, checkpointDigest } from '../../shared/src/server/audit/checkpoints';
import {
  compareFigures,
  coversFigures,
  factRow,
  mergeFacts,
  replayFacts,
  SLA_MILESTONE_FIGURES,
  TICKET_FIGURES,
} from '../../shared/src/server/audit/derived-figures';
import { checkAgainstCheckpoint } from '../../shared/src/server/audit/verify-audit';

const TICKET = '11111111-1111-4111-8111-111111111111';
const CLOCK = '22222222-2222-4222-8222-222222222222';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 8, minute));

const ticketRow = (overrides: Record<string, unknown> = {}) => ({
  id: TICKET, dispatchedAt: at(0), acknowledgedAt: null, firstContactAt: null, resolvedAt: null, closedAt: null, cancelledAt: null, ...overrides,
});
const clockRow = (overrides: Record<string, unknown> = {}) => ({
  id: CLOCK, clock: 'resolve', ownerType: 'dealer', ownerId: 'd1', startedAt: at(0), dueAt: at(60), warnAt: at(45), metAt: null, cancelledAt: null,
  pausedSeconds: 0, warnedAt: null, breachedAt: null, ...overrides,
});

/** A created ticket, its clock started; then paused time and a shift; then resolved (clock met, resolvedAt set). */
const events = [
  { sequence: 1, facts: { tickets: { insert: [factRow(ticketRow(), TICKET_FIGURES.fields)] }, sla_milestones: { insert: [factRow(clockRow(), SLA_MILESTONE_FIGURES.fields)] } } },
  { sequence: 2, facts: null },
  { sequence: 3, facts: mergeFacts({ sla_milestones: { update: [factRow({ id: CLOCK, dueAt: at(90), warnAt: at(75), pausedSeconds: 1800 }, SLA_MILESTONE_FIGURES.fields, false)] } }) },
  {
    sequence: 4,
    facts: mergeFacts(
      { tickets: { update: [factRow({ id: TICKET, resolvedAt: at(80) }, TICKET_FIGURES.fields, false)] } },
      { sla_milestones: { update: [factRow({ id: CLOCK, metAt: at(80) }, SLA_MILESTONE_FIGURES.fields, false)] } },
      undefined,
    ),
  },
];
const finalTicket = ticketRow({ resolvedAt: at(80) });
const finalClock = clockRow({ dueAt: at(90), warnAt: at(75), pausedSeconds: 1800, metAt: at(80) });

describe('derived figures replayed from the chain', () => {
  it('adds the facts up to the rows as they stand', () => {
    const replayed = replayFacts(events);
    expect(compareFigures(TICKET_FIGURES, replayed.get('tickets'), [finalTicket])).toEqual([]);
    expect(compareFigures(SLA_MILESTONE_FIGURES, replayed.get('sla_milestones'), [finalClock])).toEqual([]);
    expect(coversFigures(events)).toBe(true);
    expect(coversFigures(events.slice(1))).toBe(false);
    expect(coversFigures([{ facts: null }])).toBe(false);
  });

  it('names the row and field that was edited, with what the chain says and what the row holds', () => {
    const replayed = replayFacts(events);
    expect(compareFigures(TICKET_FIGURES, replayed.get('tickets'), [{ ...finalTicket, resolvedAt: at(20) }])).toEqual([
      { table: 'tickets', rowId: TICKET, field: 'resolvedAt', problem: 'field_mismatch', expected: at(80).toISOString(), actual: at(20).toISOString() },
    ]);
    expect(compareFigures(SLA_MILESTONE_FIGURES, replayed.get('sla_milestones'), [{ ...finalClock, pausedSeconds: 99_999, breachedAt: null }])).toEqual([
      expect.objectContaining({ rowId: CLOCK, field: 'pausedSeconds', expected: 1800, actual: 99_999 }),
    ]);
  });

  it('names a row deleted, and a row no fact accounts for', () => {
    const replayed = replayFacts(events);
    expect(compareFigures(SLA_MILESTONE_FIGURES, replayed.get('sla_milestones'), [])).toEqual([expect.objectContaining({ rowId: CLOCK, problem: 'row_missing' })]);
    const stranger = clockRow({ id: '33333333-3333-4333-8333-333333333333' });
    expect(compareFigures(SLA_MILESTONE_FIGURES, replayed.get('sla_milestones'), [finalClock, stranger])).toEqual([
      expect.objectContaining({ rowId: stranger.id, problem: 'row_unexpected' }),
    ]);
    expect(compareFigures(SLA_MILESTONE_FIGURES, undefined, [stranger])).toEqual([expect.objectContaining({ problem: 'row_unexpected' })]);
  });

  it('compares a field added to the vouched list later only on rows whose facts name it', () => {
    const later = { table: 'sla_milestones', fields: ['dueAt', 'ownedSince'] };
    const inserted = new Map([[CLOCK, { id: CLOCK, dueAt: '2026-11-23T08:00:00.000Z' }]]);
    // Inserted before `ownedSince` was vouched: its value is not the chain's to judge.
    expect(compareFigures(later, inserted, [{ id: CLOCK, dueAt: new Date('2026-11-23T08:00:00Z'), ownedSince: new Date() }])).toEqual([]);
    // Named (even as null) by the facts: compared.
    const named = new Map([[CLOCK, { id: CLOCK, dueAt: '2026-11-23T08:00:00.000Z', ownedSince: null }]]);
    expect(compareFigures(later, named, [{ id: CLOCK, dueAt: new Date('2026-11-23T08:00:00Z'), ownedSince: new Date('2026-11-23T09:00:00Z') }])).toEqual([
      { table: 'sla_milestones', rowId: CLOCK, field: 'ownedSince', problem: 'field_mismatch', expected: null, actual: '2026-11-23T09:00:00.000Z' },
    ]);
  });

  it('compares instants as instants, whatever their text', () => {
    const replayed = replayFacts([{ facts: { tickets: { insert: [{ id: TICKET, resolvedAt: '2026-11-23T08:00:00.000Z' }] } } }]);
    expect(compareFigures({ table: 'tickets', fields: ['resolvedAt'] }, replayed.get('tickets'), [{ id: TICKET, resolvedAt: new Date('2026-11-23T16:00:00+08:00') }])).toEqual([]);
  });

  it('merges facts of one change and drops empty parts', () => {
    expect(mergeFacts(undefined, { tickets: {} })).toBeUndefined();
    expect(mergeFacts({ a: { insert: [{ id: '1' }] } }, { a: { insert: [{ id: '2' }], update: [{ id: '1', x: 1 }] } })).toEqual({
      a: { insert: [{ id: '1' }, { id: '2' }], update: [{ id: '1', x: 1 }] },
    });
  });
});

describe('checkpoints', () => {
  const entry = { ticketId: TICKET, number: 'TS1', events: 2, head: 'h2' };
  const chain = [
    { id: 'e1', sequence: 1, hash: 'h1' },
    { id: 'e2', sequence: 2, hash: 'h2' },
    { id: 'e3', sequence: 3, hash: 'h3' },
  ];

  it('accepts a chain that grew since, names one shortened or rewritten', () => {
    expect(checkAgainstCheckpoint(entry, chain)).toBeNull();
    expect(checkAgainstCheckpoint(entry, chain.slice(0, 1))).toMatchObject({ problem: 'chain_shortened', sequence: 1, expected: '2', actual: '1' });
    expect(checkAgainstCheckpoint(entry, [chain[0], { ...chain[1], hash: 'forged' }])).toMatchObject({ problem: 'checkpoint_mismatch', eventId: 'e2', sequence: 2, expected: 'h2', actual: 'forged' });
  });

  it('digest and signature change with any entry', () => {
    const entries = [entry, { ...entry, ticketId: '2', number: 'TS2' }];
    expect(checkpointDigest(entries)).not.toBe(checkpointDigest([entries[0], { ...entries[1], events: 3 }]));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const text = JSON.stringify({ entries });
    const signature = sign(null, Buffer.from(text), privateKey).toString('base64');
    expect(checkCheckpointSignature(text, signature, publicKey)).toBe(true);
    expect(checkCheckpointSignature(text.replace('TS2', 'TS3'), signature, publicKey)).toBe(false);
    expect(checkCheckpointSignature(text, signature, generateKeyPairSync('ed25519').publicKey)).toBe(false);
    expect(checkCheckpointSignature(text, 'not base64!', publicKey)).toBe(false);
  });
});
