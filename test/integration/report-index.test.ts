import { type Actor, type ResolutionReport, type TResolutionReportQuery } from '@careline/shared';
import {
  acknowledgeTicket,
  createTicket,
  currentReportIndex,
  dispatchTicket,
  pendTicket,
  recordContactAttempt,
  rejectTicket,
  resolutionReport,
  resolveTicket,
  resumeTicket,
  startTicket,
} from '@careline/shared/server';
import { actorOfUser, buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { Client } from 'pg';

/**
 * The resolution report from the in-process index (shared/src/server/reports/indexed-report.ts) against the SQL
 * statements it replaces, on the same data at the same moment, cell by cell: tickets played through the commands over
 * two months and four dealers — acknowledged, contacted, waiting for the customer, resolved, still open (censored),
 * moved to another dealer, rejected — then changed again (the index follows: a refresh, not a reload), and a stretch
 * edited in place (the index loads again).
 */
let server: TestServer;
let fixture: Fixtures;
let agent: Actor;
let supervisor: Actor;
const dealers: Array<{ id: string; username: string }> = [];
const MINUTE = 60_000;
const base = new Date(Date.now() - 60 * 24 * 60 * MINUTE);
const at = (minutes: number) => new Date(base.getTime() + minutes * MINUTE);
const open: string[] = [];

type Action = 'ack' | 'contact' | 'start' | 'pend' | 'resume' | 'resolve';

async function play(dealer: { id: string; username: string }, createdAt: number, steps: Array<[number, Action]>): Promise<string> {
  const db = server.database.db;
  const { ticket: created } = await createTicket({ db, actor: agent, input: buildComplaint(fixture) as never, now: at(createdAt) });
  let ticket = await dispatchTicket({ db, actor: agent, ticketId: created.id, now: at(createdAt + 1), request: { version: created.version, dealerId: dealer.id } });
  const owner = await actorOfUser(server, dealer.username);
  for (const [minute, action] of steps) {
    const ctx = { db, actor: owner, ticketId: ticket.id, now: at(minute) };
    const request = { version: ticket.version };
    if (action === 'ack') ticket = await acknowledgeTicket({ ...ctx, request });
    if (action === 'contact') ticket = await recordContactAttempt({ ...ctx, request: { outcome: 'reached', version: ticket.version } });
    if (action === 'start') ticket = await startTicket({ ...ctx, request });
    if (action === 'pend') ticket = await pendTicket({ ...ctx, request });
    if (action === 'resume') ticket = await resumeTicket({ ...ctx, request });
    if (action === 'resolve') ticket = await resolveTicket({ ...ctx, request });
  }
  return ticket.id;
}

/** A ticket's current version, for the next command. */
const versionOf = async (ticketId: string) => (await server.query<{ version: number }>(`select version from tickets where id = $1`, [ticketId]))[0].version;

/** Varied histories: the day, then steps at minutes after creation. */
function histories(day: number): Array<Array<[number, Action]>> {
  const m = day * 24 * 60;
  return [
    [[m + 20, 'ack'], [m + 90, 'contact'], [m + 95, 'start'], [m + 600, 'resolve']],
    [[m + 5, 'ack'], [m + 10, 'start'], [m + 2000, 'resolve']],
    [[m + 400, 'ack'], [m + 500, 'contact'], [m + 510, 'start'], [m + 700, 'pend'], [m + 3000, 'resume'], [m + 4000, 'resolve']],
    [[m + 1500, 'ack'], [m + 1600, 'start']],
    [[m + 30, 'ack'], [m + 60, 'contact'], [m + 70, 'start'], [m + 80, 'pend']],
    [],
    [[m + 20, 'ack'], [m + 25, 'start'], [m + 9000, 'resolve']],
    // Ties: the same durations as the first, so curves have several events at one time.
    [[m + 20, 'ack'], [m + 90, 'contact'], [m + 95, 'start'], [m + 600, 'resolve']],
  ];
}

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await actorOfUser(server, 'agent');
  supervisor = await actorOfUser(server, 'supervisor');
  dealers.push(
    ...(
      await server.query<{ username: string; id: string }>(
        `select distinct on (u.dealer_id) u.username, u.dealer_id::text as id from users u join dealers d on d.id = u.dealer_id
         where u.role = 'dealer_user' and d.active order by u.dealer_id, u.username limit 4`,
      )
    ).map((row) => ({ id: row.id, username: row.username })),
  );
  for (const [index, dealer] of dealers.entries()) {
    for (const day of [index * 3, 31 + index * 2]) {
      for (const [offset, steps] of histories(day).entries()) {
        const id = await play(dealer, day * 24 * 60 + offset * 7, steps);
        if (steps.length === 0 || steps.at(-1)![1] !== 'resolve') open.push(id);
      }
    }
  }
  // Moved: acknowledged by the first dealer, carried to the second, who resolves it; another carried and left open.
  for (const resolveIt of [true, false]) {
    const moved = await play(dealers[0], 5000, [[5060, 'ack']]);
    let ticket = await dispatchTicket({ db: server.database.db, actor: supervisor, ticketId: moved, now: at(5300), request: { version: await versionOf(moved), dealerId: dealers[1].id } });
    const next = await actorOfUser(server, dealers[1].username);
    ticket = await acknowledgeTicket({ db: server.database.db, actor: next, ticketId: moved, now: at(5400), request: { version: ticket.version } });
    if (resolveIt) {
      ticket = await startTicket({ db: server.database.db, actor: next, ticketId: moved, now: at(5410), request: { version: ticket.version } });
      await resolveTicket({ db: server.database.db, actor: next, ticketId: moved, now: at(6000), request: { version: ticket.version } });
    }
  }
  // Rejected by the third dealer: its acknowledge stretch ends by leaving (censored, a reroute).
  const rejected = await play(dealers[2], 7000, []);
  await rejectTicket({ db: server.database.db, actor: await actorOfUser(server, dealers[2].username), ticketId: rejected, request: { version: await versionOf(rejected), reasonCode: 'not_our_customer' } });
}, 240_000);

afterAll(async () => {
  await server?.close();
});

const monthOf = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

/**
 * The queries compared: every dimension alone, pairs, and the filters (a period, a type, a dealer, a region, the
 * resolved basis). `again`: also compared after each later change (see expectSamePaths).
 */
async function queries(): Promise<Array<TResolutionReportQuery & { again?: true }>> {
  const [{ region }] = await server.query<{ region: string }>(`select region_id::text as region from dealers where id = $1`, [dealers[0].id]);
  const [{ category }] = await server.query<{ category: string }>(`select category_id::text as category from tickets where category_id is not null limit 1`);
  const secondMonth = monthOf(at(31 * 24 * 60));
  return [
    { basis: 'created', groupBy: ['dealer'], again: true },
    { basis: 'created', groupBy: ['dealer', 'department'] },
    { basis: 'created', groupBy: ['dealer'], dealerId: dealers[2].id },
    { basis: 'created', groupBy: ['region'] },
    { basis: 'created', groupBy: ['department'] },
    { basis: 'created', groupBy: ['type'] },
    { basis: 'created', groupBy: ['category'], again: true },
    { basis: 'created', groupBy: ['month'] },
    { basis: 'created', groupBy: ['dealer', 'month'], again: true },
    { basis: 'created', groupBy: ['region', 'dealer'], again: true },
    { basis: 'resolved', groupBy: ['dealer', 'month'], again: true },
    { basis: 'created', groupBy: ['dealer'], from: `${secondMonth}-01` },
    { basis: 'created', groupBy: ['dealer'], from: at(3 * 24 * 60).toISOString(), to: at(40 * 24 * 60).toISOString(), again: true },
    { basis: 'created', groupBy: ['dealer'], type: 'complaint' },
    { basis: 'created', groupBy: ['month'], dealerId: dealers[1].id, again: true },
    { basis: 'created', groupBy: ['dealer'], regionId: region },
    { basis: 'created', groupBy: ['dealer'], categoryId: category },
  ];
}

/** Both paths at one moment, and the cells they give. */
async function bothPaths(query: TResolutionReportQuery): Promise<[ResolutionReport, ResolutionReport]> {
  const now = new Date();
  const db = server.database.db;
  return Promise.all([resolutionReport(db, { scope: { kind: 'all' }, query, now, via: 'index' }), resolutionReport(db, { scope: { kind: 'all' }, query, now, via: 'sql' })]);
}

/**
 * The index and the SQL statements give the same cells: for every query (the first test, and after the index loads
 * again), or after a later change for the seven marked `again` — the holder alone (the kept per-holder series), the
 * pairs with the month and the region, the resolved basis, a period and a dealer's filter. A refresh adds stretches
 * and tickets the same way whatever the grouping; the full set after every change made this the suite's slowest file.
 */
async function expectSamePaths(which: 'all' | 'after a change' = 'all'): Promise<void> {
  for (const { again, ...query } of await queries()) {
    if (which === 'after a change' && !again) continue;
    const [indexed, bySql] = await bothPaths(query);
    expect({ query, cells: indexed.cells }).toEqual({ query, cells: bySql.cells });
  }
}

describe('the report from the in-process index', () => {
  it('gives the SQL statements’ figures cell by cell, for every dimension, pairs and filters', async () => {
    const [indexed] = await bothPaths({ basis: 'created', groupBy: ['dealer'] });
    // The data are what the comparison needs: several dealers, open clocks, percentiles reached and censored stretches.
    expect(indexed.cells.filter((cell) => cell.keys.dealer !== 'none').length).toBeGreaterThanOrEqual(4);
    expect(indexed.cells.reduce((sum, cell) => sum + cell.clocks.resolve.open, 0)).toBeGreaterThan(0);
    expect(indexed.cells.reduce((sum, cell) => sum + cell.reroutes, 0)).toBeGreaterThanOrEqual(2);
    expect(indexed.cells.some((cell) => cell.clocks.resolve.business.p50.seconds !== null)).toBe(true);
    await expectSamePaths();
  });

  it('follows changes made after it loaded: a report right after a change shows it', async () => {
    const before = (await bothPaths({ basis: 'created', groupBy: ['dealer'] }))[0].cells.find((cell) => cell.keys.dealer === dealers[3].id)!;
    // The last open ticket of the fourth dealer was never acknowledged: now it is, and resolved; and a new one comes.
    const ticketId = open[open.length - 1];
    const ctx = { db: server.database.db, actor: await actorOfUser(server, dealers[3].username), ticketId };
    let ticket = await acknowledgeTicket({ ...ctx, request: { version: await versionOf(ticketId) } });
    ticket = await startTicket({ ...ctx, request: { version: ticket.version } });
    await resolveTicket({ ...ctx, request: { version: ticket.version } });
    await play(dealers[3], 60 * 24 * 60 - 30, [[60 * 24 * 60 - 20, 'ack']]);

    const after = (await bothPaths({ basis: 'created', groupBy: ['dealer'] }))[0].cells.find((cell) => cell.keys.dealer === dealers[3].id)!;
    expect(after.tickets).toBe(before.tickets + 1);
    expect(after.clocks.resolve.met).toBe(before.clocks.resolve.met + 1);
    expect(after.clocks.acknowledge.met).toBeGreaterThanOrEqual(before.clocks.acknowledge.met + 1);
    await expectSamePaths('after a change');
  });

  it('by holder alone, reads the kept per-holder order and the stretches appended after it alike', async () => {
    // The test's few stretches stay below the size that sorts them: sort them now, as a large index would.
    const index = await currentReportIndex(server.database.db);
    index.spans.sortIfNeeded(true);
    expect(index.spans.sorted).toBe(index.spans.count);
    expect(index.spans.seriesByBusiness.size).toBeGreaterThan(4);
    await expectSamePaths('after a change');
    const cellOf = (report: ResolutionReport) => report.cells.find((cell) => cell.keys.dealer === dealers[2].id)!;
    const [before] = await bothPaths({ basis: 'created', groupBy: ['dealer'] });
    // New stretches after the sort: a holder's curve is its kept series merged with them. Quick ones, enough to
    // move the third dealer's median; a slow acknowledgement for the first; one left open (censored) for the second.
    const day = 55 * 24 * 60;
    for (let n = 0; n < 12; n += 1) await play(dealers[2], day + n, [[day + n + 1, 'ack'], [day + n + 2, 'start'], [day + n + 3, 'resolve']]);
    await play(dealers[0], day + 20, [[day + 900, 'ack']]);
    await play(dealers[1], day + 30, []);
    expect((await currentReportIndex(server.database.db)).spans.count).toBeGreaterThan(index.spans.sorted);
    const [after] = await bothPaths({ basis: 'created', groupBy: ['dealer'] });
    for (const basis of ['business', 'clock'] as const) {
      expect(cellOf(after).clocks.resolve[basis].p50.seconds).toBeLessThan(cellOf(before).clocks.resolve[basis].p50.seconds!);
    }
    await expectSamePaths('after a change');
  });

  // Two connections at once: a PostgreSQL server's (an in-memory PGlite has one).
  (process.env.CARELINE_TEST_DB === 'postgres' ? it : it.skip)(
    'counts a stretch once when a transaction left open across two refreshes made the first one read it early',
    async () => {
      await expectSamePaths('after a change');
      const holder = new Client({ connectionString: server.cliEnv!.DATABASE_URL });
      await holder.connect();
      try {
        // An open transaction with an id holds every snapshot's xmin (the index's watermark) at or below it: the
        // stretches written meanwhile are read by the next refresh and, as they may be, again by the one after.
        await holder.query('begin');
        await holder.query('select pg_current_xact_id()');
        const day = 50 * 24 * 60;
        await play(dealers[1], day, [[day + 5, 'ack'], [day + 6, 'start'], [day + 60, 'resolve']]);
        await expectSamePaths('after a change');
        await holder.query('commit');
      } finally {
        await holder.end();
      }
      const day = 51 * 24 * 60;
      await play(dealers[1], day, [[day + 5, 'ack']]);
      await expectSamePaths('after a change');
    },
  );

  it('loads again when a stretch is changed in place, and again when it is put back', async () => {
    const [span] = await server.query<{ id: string; owner_id: string }>(
      `select id, owner_id::text from sla_clock_spans where clock = 'resolve' and outcome = 'met' and owner_type = 'dealer' order by business_seconds limit 1`,
    );
    const cellOf = (report: ResolutionReport) => report.cells.find((cell) => cell.keys.dealer === span.owner_id)!;
    const [, beforeSql] = await bothPaths({ basis: 'created', groupBy: ['dealer'] });
    // Its quickest resolution becomes a stop: one met fewer, and the curve changes.
    await server.query(`update sla_clock_spans set outcome = 'stopped' where id = $1`, [span.id]);
    const [edited, editedSql] = await bothPaths({ basis: 'created', groupBy: ['dealer'] });
    expect(cellOf(editedSql).clocks.resolve.met).toBe(cellOf(beforeSql).clocks.resolve.met - 1);
    expect(cellOf(edited)).toEqual(cellOf(editedSql));
    await server.query(`update sla_clock_spans set outcome = 'met' where id = $1`, [span.id]);
    await expectSamePaths();
  });
});
