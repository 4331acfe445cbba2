import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Actor, type BusinessCalendar, businessMsBetween, calendarFromRows, type ResolutionCell, type ResolutionReport } from '@careline/shared';
import {
  acknowledgeTicket,
  createTicket,
  dispatchTicket,
  pendTicket,
  recordContactAttempt,
  resolveTicket,
  resumeTicket,
  startTicket,
  verifyTicketAudit,
} from '@careline/shared/server';
import ExcelJS from 'exceljs';
import { actorOfUser, buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';
import { waitFor } from '../helpers/wait-for';

/**
 * The resolution-time report against a reference computed here from the raw events (an independent Kaplan–Meier),
 * its scoping (a dealer sees its own; a ticket moved between dealers counts each one's own stretch), drill-down
 * paging, exports (CSV with BOM, XLSX read back, the export job's progress) and checkpoints that do not move.
 */
let server: TestServer;
let fixture: Fixtures;
let qa: ApiClient;
let exportDir: string;
let agent: Actor;
let supervisor: Actor;
const dealerC = { id: '', username: '' };
const dealerD = { id: '', username: '' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Every event of the scenario is placed in the past, relative to this. */
const base = new Date(Date.now() - 20 * 24 * HOUR);
const at = (minutes: number) => new Date(base.getTime() + minutes * MINUTE);
const ticketsOfC: string[] = [];
const minutesAgo = (minutes: number) => Math.floor((Date.now() - base.getTime()) / MINUTE) - minutes;
let moved = '';

type Step = { at: number; action: 'ack' | 'contact' | 'start' | 'pend' | 'resume' | 'resolve' };

async function play(dealer: { id: string; username: string }, createdAt: number, steps: Step[]): Promise<string> {
  const { ticket: created } = await createTicket({ db: server.database.db, actor: agent, input: buildComplaint(fixture) as never, now: at(createdAt) });
  let ticket = await dispatchTicket({ db: server.database.db, actor: agent, ticketId: created.id, now: at(createdAt + 1), request: { version: created.version, dealerId: dealer.id } });
  const owner = await actorOfUser(server, dealer.username);
  for (const step of steps) {
    const ctx = { db: server.database.db, actor: owner, ticketId: ticket.id, now: at(step.at) };
    const request = { version: ticket.version };
    if (step.action === 'ack') ticket = await acknowledgeTicket({ ...ctx, request });
    if (step.action === 'contact') ticket = await recordContactAttempt({ ...ctx, request: { outcome: 'reached', version: ticket.version } });
    if (step.action === 'start') ticket = await startTicket({ ...ctx, request });
    if (step.action === 'pend') ticket = await pendTicket({ ...ctx, request });
    if (step.action === 'resume') ticket = await resumeTicket({ ...ctx, request });
    if (step.action === 'resolve') ticket = await resolveTicket({ ...ctx, request });
  }
  return ticket.id;
}

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  qa = await signedIn(server, 'qa');
  agent = await actorOfUser(server, 'agent');
  supervisor = await actorOfUser(server, 'supervisor');
  const others = await server.query<{ username: string; dealer_id: string }>(
    `select u.username, u.dealer_id from users u join dealers d on d.id = u.dealer_id
     where u.role = 'dealer_user' and d.active and u.dealer_id not in ($1, $2) order by u.username limit 2`,
    [fixture.dealerA.id, fixture.dealerB.id],
  );
  Object.assign(dealerC, { id: others[0].dealer_id, username: others[0].username });
  Object.assign(dealerD, { id: others[1].dealer_id, username: others[1].username });
  exportDir = mkdtempSync(join(tmpdir(), 'careline-exports-'));
  server.context.config.exportDir = exportDir;

  // Dealer C: acknowledged and resolved at various business and clock distances, some with a contact and a wait
  // for the customer; some still open (censored), one never acknowledged.
  const scenarios: Array<[number, Step[]]> = [
    [0, [{ at: 30, action: 'ack' }, { at: 90, action: 'contact' }, { at: 95, action: 'start' }, { at: 600, action: 'resolve' }]],
    [60, [{ at: 65, action: 'ack' }, { at: 70, action: 'start' }, { at: 2000, action: 'resolve' }]],
    [120, [{ at: 400, action: 'ack' }, { at: 500, action: 'contact' }, { at: 510, action: 'start' }, { at: 700, action: 'pend' }, { at: 3000, action: 'resume' }, { at: 4000, action: 'resolve' }]],
    [180, [{ at: 1500, action: 'ack' }, { at: 1600, action: 'start' }]],
    [240, [{ at: 241, action: 'ack' }, { at: 300, action: 'contact' }, { at: 310, action: 'start' }, { at: 320, action: 'pend' }]],
    [1440, []],
    [1500, [{ at: 1510, action: 'ack' }, { at: 1515, action: 'start' }, { at: 9000, action: 'resolve' }]],
    [2880, [{ at: 2890, action: 'ack' }, { at: 2895, action: 'start' }, { at: 2900, action: 'resolve' }]],
    [4320, [{ at: 4400, action: 'ack' }, { at: 4410, action: 'contact' }, { at: 4420, action: 'start' }, { at: 12000, action: 'resolve' }]],
    // Opened two hours ago and still open: a censored observation among the resolved ones, where it moves the curve.
    [minutesAgo(120), [{ at: minutesAgo(115), action: 'ack' }, { at: minutesAgo(110), action: 'start' }]],
    [minutesAgo(600), [{ at: minutesAgo(590), action: 'ack' }]],
  ];
  for (const [createdAt, steps] of scenarios) ticketsOfC.push(await play(dealerC, createdAt, steps));

  // A ticket C acknowledged, then a supervisor moved it to D, who resolved it.
  moved = await play(dealerC, 5000, [{ at: 5060, action: 'ack' }]);
  const [row] = await server.query<{ version: number }>(`select version from tickets where id = $1`, [moved]);
  let ticket = await dispatchTicket({ db: server.database.db, actor: supervisor, ticketId: moved, now: at(5300), request: { version: row.version, dealerId: dealerD.id } });
  const ownerD = await actorOfUser(server, dealerD.username);
  ticket = await acknowledgeTicket({ db: server.database.db, actor: ownerD, ticketId: moved, now: at(5400), request: { version: ticket.version } });
  ticket = await startTicket({ db: server.database.db, actor: ownerD, ticketId: moved, now: at(5410), request: { version: ticket.version } });
  await resolveTicket({ db: server.database.db, actor: ownerD, ticketId: moved, now: at(6000), request: { version: ticket.version } });
});

afterAll(async () => {
  await server?.close();
  if (exportDir) rmSync(exportDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// The reference: from the raw events and the calendar rows, an independent product-limit estimator.

interface EventRow {
  ticket_id: string;
  type: string;
  occurred_at: Date;
  payload: Record<string, unknown>;
}

async function calendarOfDealer(dealerId: string): Promise<BusinessCalendar> {
  const [calendar] = await server.query<{ id: string; time_zone: string; weekly_hours: Record<string, Array<[string, string]>>; always_open: boolean }>(
    `select c.id, c.time_zone, c.weekly_hours, c.always_open from tickets t join sla_policies p on p.id = t.sla_policy_id
       join dealers d on d.id = $1 join calendars c on c.id = coalesce(p.calendar_id, d.calendar_id)
     where t.id = $2`,
    [dealerId, ticketsOfC[0]],
  );
  const days = await server.query<{ day: string; kind: 'holiday' | 'workday' }>(`select day::text as day, kind from calendar_days where calendar_id = $1`, [calendar.id]);
  return calendarFromRows({ timeZone: calendar.time_zone, weeklyHours: calendar.weekly_hours, alwaysOpen: calendar.always_open }, days);
}

type Obs = { time: number; event: boolean };

/** Direct product-limit estimate: the first event time where S ≤ 1 − p (null: never). */
function referencePercentile(observations: Obs[], p: number): number | null {
  const times = [...new Set(observations.filter((o) => o.event).map((o) => o.time))].sort((a, b) => a - b);
  let survival = 1;
  for (const time of times) {
    const atRisk = observations.filter((o) => o.time >= time).length;
    const died = observations.filter((o) => o.event && o.time === time).length;
    survival *= 1 - died / atRisk;
    if (survival <= 1 - p + 1e-9) return time;
  }
  return null;
}

/** Per clock, one observation per ticket of dealer C: from C's dispatch to the event, or censored at `now`. */
async function referenceObservations(ticketIds: string[], calendar: BusinessCalendar, now: Date) {
  const events = await server.query<EventRow>(
    `select ticket_id, type, occurred_at, payload from ticket_events where ticket_id = any($1::uuid[]) order by ticket_id, sequence`,
    [ticketIds],
  );
  const result: Record<'acknowledge' | 'first_contact' | 'resolve', { business: Obs[]; clock: Obs[] }> = {
    acknowledge: { business: [], clock: [] },
    first_contact: { business: [], clock: [] },
    resolve: { business: [], clock: [] },
  };
  for (const ticketId of ticketIds) {
    const own = events.filter((event) => event.ticket_id === ticketId);
    const start = new Date(own.find((event) => event.type === 'dispatched')!.occurred_at);
    let paused = 0;
    let pausedAt: Date | null = null;
    const moments: Record<string, Date | null> = { acknowledge: null, first_contact: null, resolve: null };
    const pausedBy: Record<string, number> = {};
    for (const event of own) {
      const when = new Date(event.occurred_at);
      if (event.type === 'pended') pausedAt = when;
      if (event.type === 'resumed' && pausedAt) {
        paused += Math.round(businessMsBetween(calendar, pausedAt, when) / 1000);
        pausedAt = null;
      }
      if (event.type === 'acknowledged') [moments.acknowledge, pausedBy.acknowledge] = [when, paused];
      if (event.type === 'contact_attempt' && event.payload.outcome === 'reached' && !moments.first_contact) [moments.first_contact, pausedBy.first_contact] = [when, paused];
      if (event.type === 'resolved') [moments.resolve, pausedBy.resolve] = [when, paused];
    }
    for (const clock of ['acknowledge', 'first_contact', 'resolve'] as const) {
      const met = moments[clock];
      // A resolve stops an unmet first-contact clock: censored there.
      const end = met ?? (clock === 'first_contact' && moments.resolve ? moments.resolve : now);
      const businessEnd = !met && pausedAt && clock !== 'acknowledge' ? pausedAt : end;
      const pausedSeconds = met ? pausedBy[clock] : paused;
      result[clock].business.push({ time: Math.max(0, Math.floor(businessMsBetween(calendar, start, businessEnd) / 1000) - pausedSeconds), event: met !== null });
      result[clock].clock.push({ time: Math.floor((end.getTime() - start.getTime()) / 1000), event: met !== null });
    }
  }
  return result;
}

const cellOf = (report: ResolutionReport, dealerId: string) => report.cells.find((cell) => cell.keys.dealer === dealerId);

describe('GET /api/reports/resolution', () => {
  it('gives the Kaplan–Meier percentiles of a reference computed from the raw events, open tickets censored', async () => {
    const response = await qa.get(`/api/reports/resolution?groupBy=dealer&dealerId=${dealerC.id}`);
    expect(response.status).toBe(200);
    const report = response.body as ResolutionReport;
    const cell = cellOf(report, dealerC.id)!;
    expect(cell).toBeDefined();
    expect(report.cells).toHaveLength(1);
    const calendar = await calendarOfDealer(dealerC.id);
    const reference = await referenceObservations(ticketsOfC, calendar, new Date(report.at));

    // The moved ticket: C held its acknowledge clock to the end (met) and the other two until the transfer.
    const movedEvents = await server.query<EventRow>(`select type, occurred_at, payload from ticket_events where ticket_id = $1 order by sequence`, [moved]);
    const dispatches = movedEvents.filter((event) => event.type === 'dispatched').map((event) => new Date(event.occurred_at));
    const acknowledged = new Date(movedEvents.find((event) => event.type === 'acknowledged')!.occurred_at);
    const seconds = (from: Date, to: Date) => ({ business: Math.floor(businessMsBetween(calendar, from, to) / 1000), clock: Math.floor((to.getTime() - from.getTime()) / 1000) });
    const ack = seconds(dispatches[0], acknowledged);
    const held = seconds(dispatches[0], dispatches[1]);
    for (const basis of ['business', 'clock'] as const) {
      reference.acknowledge[basis].push({ time: ack[basis], event: true });
      reference.first_contact[basis].push({ time: held[basis], event: false });
      reference.resolve[basis].push({ time: held[basis], event: false });
    }

    for (const clock of ['acknowledge', 'first_contact', 'resolve'] as const) {
      const figures = cell.clocks[clock];
      expect(figures.observations).toBe(reference[clock].clock.length);
      expect(figures.met).toBe(reference[clock].clock.filter((o) => o.event).length);
      for (const basis of ['business', 'clock'] as const) {
        for (const [key, p] of [['p50', 0.5], ['p90', 0.9], ['p95', 0.95]] as const) {
          const expected = referencePercentile(reference[clock][basis], p);
          expect({ clock, basis, key, seconds: figures[basis][key].seconds }).toEqual({ clock, basis, key, seconds: expected });
          if (expected === null) expect(figures[basis][key].reason).toBe('not_reached');
        }
      }
    }
    // Censoring matters here: the still-open tickets keep the resolve p90 out of reach, and say why.
    expect(cell.clocks.resolve.open).toBe(5);
    expect(cell.clocks.resolve.business.p95).toEqual({ seconds: null, reason: 'not_reached' });
    expect(cell.tickets).toBe(ticketsOfC.length);
    expect(cell.openTickets).toBe(5);
    expect(cell.reroutes).toBe(1);
  });

  it('counts a moved ticket for each dealer’s own stretch: C its acknowledgement, D its own acknowledgement and resolution', async () => {
    const report = (await qa.get(`/api/reports/resolution?groupBy=dealer&dealerId=${dealerD.id}`)).body as ResolutionReport;
    const cell = cellOf(report, dealerD.id)!;
    const movedEvents = await server.query<EventRow>(`select type, occurred_at from ticket_events where ticket_id = $1 order by sequence`, [moved]);
    const transfer = new Date(movedEvents.filter((event) => event.type === 'dispatched')[1].occurred_at);
    const acknowledged = new Date(movedEvents.filter((event) => event.type === 'acknowledged')[1].occurred_at);
    const resolved = new Date(movedEvents.find((event) => event.type === 'resolved')!.occurred_at);
    expect(cell.tickets).toBe(1);
    expect(cell.reroutes).toBe(0);
    // From D's own dispatch, not from C's: C's two hours do not count against D.
    expect(cell.clocks.acknowledge.clock.p50.seconds).toBe((acknowledged.getTime() - transfer.getTime()) / 1000);
    expect(cell.clocks.resolve.clock.p50.seconds).toBe((resolved.getTime() - transfer.getTime()) / 1000);
    expect(cell.clocks.resolve.observations).toBe(1);
    expect(cell.clocks.acknowledge.observations).toBe(1);
  });

  it('groups by two dimensions: dealer × month, each cell the tickets of that month', async () => {
    const response = await qa.get(`/api/reports/resolution?groupBy=dealer,month&dealerId=${dealerC.id}`);
    expect(response.status).toBe(200);
    const report = response.body as ResolutionReport;
    const expected = await server.query<{ month: string; count: number }>(
      `select to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as count from tickets
       where responsible_dealer_id = $1 group by 1 order by 1`,
      [dealerC.id],
    );
    const cells = report.cells.filter((cell) => cell.tickets > 0);
    expect(cells.map((cell) => [cell.keys.dealer, cell.keys.month, cell.tickets])).toEqual(expected.map((row) => [dealerC.id, row.month, row.count]));
    expect(report.groupBy).toEqual(['dealer', 'month']);
  });

  it('lets a dealer see its own standing only: its cell and its rank, no other dealer', async () => {
    const dealer = await signedIn(server, dealerC.username);
    const own = await dealer.get('/api/reports/resolution?groupBy=dealer');
    expect(own.status).toBe(200);
    const report = own.body as ResolutionReport;
    expect(report.cells.map((cell) => cell.keys.dealer)).toEqual([dealerC.id]);
    expect(report.rank?.of).toBeGreaterThanOrEqual(2);
    expect(report.rank?.position).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(report)).not.toContain(dealerD.id);
    // Grouped by something else, still only its own figures.
    const byMonth = (await dealer.get('/api/reports/resolution?groupBy=month')).body as ResolutionReport;
    expect(byMonth.cells.reduce((sum: number, cell: ResolutionCell) => sum + cell.tickets, 0)).toBe(ticketsOfC.length);
    // Another dealer's figures are not found; the dealer's drill-down lists its own tickets only, not the moved one.
    expect((await dealer.get(`/api/reports/resolution?dealerId=${dealerD.id}`)).status).toBe(404);
    const page = await dealer.get('/api/reports/resolution/tickets?limit=100');
    expect(page.status).toBe(200);
    expect(page.body.items.map((row: { id: string }) => row.id).sort()).toEqual([...ticketsOfC].sort());
    // D reads the moved ticket, and of it only D's stretches (never C's).
    const dealerDClient = await signedIn(server, dealerD.username);
    const dPage = await dealerDClient.get('/api/reports/resolution/tickets?limit=100');
    const movedRow = dPage.body.items.find((row: { id: string }) => row.id === moved);
    expect(movedRow.link).toBe(`/tickets/${moved}`);
    expect(movedRow.stretches.length).toBeGreaterThan(0);
    expect(movedRow.stretches.every((stretch: { ownerId: string }) => stretch.ownerId === dealerD.id)).toBe(true);
    // QA's drill-down into C's cell holds the moved ticket too (C's stretch is in C's figures), with both stretches.
    const qaPage = await qa.get(`/api/reports/resolution/tickets?dealer=${dealerC.id}&limit=100`);
    const qaMoved = qaPage.body.items.find((row: { id: string }) => row.id === moved);
    expect(qaMoved).toBeDefined();
    expect(new Set(qaMoved.stretches.map((stretch: { ownerId: string }) => stretch.ownerId))).toEqual(new Set([dealerC.id, dealerD.id]));
  });

  it('refuses bad queries with 400 and outsiders with 403, changing nothing', async () => {
    for (const query of ['groupBy=color', 'groupBy=dealer,dealer', 'groupBy=dealer,month,type', 'from=2026-12-10&to=2026-12-01', 'from=yesterday', 'dealerId=nope']) {
      const response = await qa.get(`/api/reports/resolution?${query}`);
      expect({ query, status: response.status, code: response.body.error?.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await qa.get('/api/reports/resolution/tickets?cursor=abc')).status).toBe(400);
    expect((await qa.get('/api/reports/resolution/tickets?limit=1000')).status).toBe(400);
    expect((await (await signedIn(server, 'agent')).get('/api/reports/resolution')).status).toBe(403);
  });
});

describe('GET /api/reports/resolution/tickets', () => {
  it('pages a cell’s tickets by key, newest first, every ticket once', async () => {
    const expected = await server.query<{ id: string }>(
      `select id from tickets where responsible_dealer_id = $1 or id = $2 order by created_at desc, id desc`,
      [dealerC.id, moved],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } = await qa.get(`/api/reports/resolution/tickets?dealer=${dealerC.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...response.body.items.map((row: { id: string }) => row.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected.map((row) => row.id));
  });
});

describe('GET /api/reports/resolution/distribution', () => {
  it('bins every observation of the selection as the report counts it: met stretches by their time, running clocks by their age', async () => {
    const cell = cellOf((await qa.get(`/api/reports/resolution?groupBy=dealer&dealerId=${dealerC.id}`)).body, dealerC.id)!;
    const met = await server.query<{ business_seconds: number; clock_seconds: number }>(
      `select business_seconds, clock_seconds from sla_clock_spans where owner_type = 'dealer' and owner_id = $1 and clock = 'resolve' and outcome = 'met'`,
      [dealerC.id],
    );
    for (const basis of ['business', 'clock'] as const) {
      const answer = await qa.get(`/api/reports/resolution/distribution?dealerId=${dealerC.id}&timeBasis=${basis}`);
      expect(answer.status).toBe(200);
      const { bins, totals } = answer.body as { bins: Array<{ fromSeconds: number; toSeconds: number | null; met: number; open: number; endedOtherwise: number }>; totals: Record<string, number> };
      expect(totals).toEqual({ met: cell.clocks.resolve.met, open: cell.clocks.resolve.open, endedOtherwise: cell.clocks.resolve.observations - cell.clocks.resolve.met - cell.clocks.resolve.open });
      expect(bins[0].fromSeconds).toBe(0);
      expect(bins.at(-1)!.toSeconds).toBeNull();
      // The met stretches fall in the bins of their own seconds, read here from the rows.
      const seconds = met.map((row) => Number(basis === 'business' ? row.business_seconds : row.clock_seconds));
      expect(bins.map((bin) => bin.met)).toEqual(bins.map((bin) => seconds.filter((value) => value >= bin.fromSeconds && (bin.toSeconds === null || value < bin.toSeconds)).length));
      expect(bins.reduce((sum, bin) => sum + bin.open, 0)).toBe(totals.open);
    }
    expect(cell.clocks.resolve.open).toBeGreaterThan(0);

    // A dealer reads its own distribution only; bad queries are 400, agents 403.
    const dealer = await signedIn(server, dealerC.username);
    const own = await dealer.get('/api/reports/resolution/distribution');
    expect(own.body.totals).toEqual((await qa.get(`/api/reports/resolution/distribution?dealerId=${dealerC.id}`)).body.totals);
    expect((await dealer.get(`/api/reports/resolution/distribution?dealerId=${dealerD.id}`)).status).toBe(404);
    expect((await qa.get('/api/reports/resolution/distribution?clock=internal')).status).toBe(400);
    expect((await qa.get('/api/reports/resolution/distribution?timeBasis=hours')).status).toBe(400);
    expect((await (await signedIn(server, 'agent')).get('/api/reports/resolution/distribution')).status).toBe(403);
  });
});

describe('exports', () => {
  it('streams a cell’s tickets as CSV with a BOM, titles in Chinese, one row per ticket', async () => {
    const response = await fetch(`${server.url}/api/reports/resolution/tickets/export?dealerId=${dealerC.id}&format=csv`, { headers: { cookie: qa.cookie! } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\n');
    expect(lines[0]).toContain('工单号');
    expect(lines).toHaveLength(1 + ticketsOfC.length + 1);
    const numbers = await server.query<{ number: string }>(`select number from tickets where id = any($1::uuid[])`, [[...ticketsOfC, moved]]);
    for (const { number } of numbers) expect(lines.some((line) => line.includes(number))).toBe(true);
  });

  it('streams the report as XLSX that opens (read back with exceljs)', async () => {
    const response = await fetch(`${server.url}/api/reports/resolution/export?groupBy=dealer&format=xlsx&language=en`, { headers: { cookie: qa.cookie! } });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    const report = (await qa.get('/api/reports/resolution?groupBy=dealer')).body as ResolutionReport;
    expect(sheet.rowCount).toBe(1 + report.cells.length);
    expect(sheet.getRow(1).getCell(2).value).toBe('Dealer');
    const rowOfC = sheet.getRows(2, sheet.rowCount - 1)!.find((row) => row.getCell(1).value === dealerC.id)!;
    expect(rowOfC.getCell(3).value).toBe(ticketsOfC.length);
  });

  it('runs a long export as a job: progress rows done of total, then the file, for its requester only', async () => {
    let smtp: SmtpSink | undefined;
    const workers = await startTestWorkers(server, (smtp = await startSmtpSink()).url, { exportDir });
    try {
      const started = await qa.post('/api/exports', { kind: 'tickets', query: { dealerId: dealerC.id, format: 'xlsx' } });
      expect(started.status).toBe(202);
      expect(started.body.status).toBe('queued');
      const done = await waitFor(async () => {
        const status = await qa.get(`/api/exports/${started.body.id}`);
        return status.body.status === 'done' || status.body.status === 'failed' ? status.body : null;
      }, 'export done');
      expect(done.status).toBe('done');
      expect(done.rowsTotal).toBe(ticketsOfC.length + 1);
      expect(done.rowsDone).toBe(done.rowsTotal);
      expect(done.progress).toBe(1);
      const file = await fetch(`${server.url}${done.file}`, { headers: { cookie: qa.cookie! } });
      expect(file.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);
      expect(workbook.worksheets[0].rowCount).toBe(1 + ticketsOfC.length + 1);
      // Another reader learns nothing of it; an admin may fetch it.
      const supervisorClient = await signedIn(server, 'supervisor');
      expect((await supervisorClient.get(`/api/exports/${started.body.id}`)).status).toBe(404);
      expect((await supervisorClient.get(`/api/exports/${started.body.id}/file`)).status).toBe(404);
      expect((await (await signedIn(server, 'admin')).get(`/api/exports/${started.body.id}`)).status).toBe(200);
      // A dealer cannot export another dealer's tickets.
      const dealer = await signedIn(server, dealerC.username);
      expect((await dealer.post('/api/exports', { kind: 'tickets', query: { dealerId: dealerD.id } })).status).toBe(404);
      expect((await qa.post('/api/exports', { kind: 'tickets', query: { format: 'pdf' } })).status).toBe(400);
    } finally {
      await workers.close();
      await smtp?.close();
    }
  });
});

describe('checkpoints', () => {
  it('keeps the figures as they stood; compare shows then beside now; the row cannot be edited', async () => {
    const taken = await qa.post('/api/reports/checkpoints', { label: 'before the fix', query: { groupBy: 'dealer', dealerId: dealerC.id } });
    expect(taken.status).toBe(201);
    const thenCell = cellOf(taken.body.report, dealerC.id)!;
    expect(thenCell.clocks.resolve.open).toBe(5);

    // The figures move on: an open ticket of C is resolved now.
    const open = ticketsOfC[3];
    const [row] = await server.query<{ version: number }>(`select version from tickets where id = $1`, [open]);
    await resolveTicket({ db: server.database.db, actor: await actorOfUser(server, dealerC.username), ticketId: open, request: { version: row.version } });

    const kept = await qa.get(`/api/reports/checkpoints/${taken.body.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body.report).toEqual(taken.body.report);
    const compared = await qa.get(`/api/reports/checkpoints/${taken.body.id}?compare=now`);
    const pair = compared.body.comparison.cells.find((cell: { keys: { dealer?: string } }) => cell.keys.dealer === dealerC.id);
    expect(pair.then.clocks.resolve.open).toBe(5);
    expect(pair.now.clocks.resolve.open).toBe(4);
    expect(pair.now.clocks.resolve.met).toBe(pair.then.clocks.resolve.met + 1);

    const list = await qa.get('/api/reports/checkpoints');
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(taken.body.id);
    await expect(server.query(`update report_checkpoints set label = 'edited' where id = $1`, [taken.body.id])).rejects.toThrow(/append-only/);
    await expect(server.query(`delete from report_checkpoints where id = $1`, [taken.body.id])).rejects.toThrow(/append-only/);
    expect((await (await signedIn(server, 'supervisor')).post('/api/reports/checkpoints', {})).status).toBe(403);
    expect((await qa.get('/api/reports/checkpoints/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('a ticket rejected by a dealer', () => {
  it('counts the rejecting dealer’s acknowledge stretch (censored) and a reroute for it, and nothing of it for the next owner', async () => {
    const before = cellOf((await qa.get(`/api/reports/resolution?groupBy=dealer&dealerId=${dealerC.id}`)).body, dealerC.id)!;
    const { rejectTicket } = await import('@careline/shared/server');
    const rejected = await play(dealerC, minutesAgo(60), []);
    const [row] = await server.query<{ version: number }>(`select version from tickets where id = $1`, [rejected]);
    const owner = await actorOfUser(server, dealerC.username);
    const after = await rejectTicket({ db: server.database.db, actor: owner, ticketId: rejected, request: { version: row.version, reasonCode: 'not_our_customer' } });
    expect(after.responsibleDealerId).not.toBe(dealerC.id);

    const stretches = await server.query<{ clock: string; outcome: string; owner_id: string }>(
      `select clock, outcome, owner_id::text from sla_clock_spans where ticket_id = $1 order by clock`,
      [rejected],
    );
    expect(stretches).toContainEqual({ clock: 'acknowledge', outcome: 'rerouted', owner_id: dealerC.id });
    const now = cellOf((await qa.get(`/api/reports/resolution?groupBy=dealer&dealerId=${dealerC.id}`)).body, dealerC.id)!;
    expect(now.reroutes).toBe(before.reroutes + 1);
    expect(now.clocks.acknowledge.observations).toBe(before.clocks.acknowledge.observations + 1);
    expect(now.clocks.acknowledge.met).toBe(before.clocks.acknowledge.met);
    // No longer C's ticket: not in C's own list; whoever has it now reads only its own stretches of it.
    const dealer = await signedIn(server, dealerC.username);
    expect((await dealer.get('/api/reports/resolution/tickets?limit=100')).body.items.map((item: { id: string }) => item.id)).not.toContain(rejected);
    if (after.responsibleDealerId) {
      const [next] = await server.query<{ username: string }>(`select username from users where dealer_id = $1 and role = 'dealer_user' limit 1`, [after.responsibleDealerId]);
      const nextDealer = await signedIn(server, next.username);
      const item = (await nextDealer.get('/api/reports/resolution/tickets?limit=100')).body.items.find((entry: { id: string }) => entry.id === rejected);
      expect(item).toBeDefined();
      expect(item.stretches.every((stretch: { ownerId: string }) => stretch.ownerId === after.responsibleDealerId)).toBe(true);
      const report = (await nextDealer.get('/api/reports/resolution?groupBy=dealer')).body as ResolutionReport;
      expect(JSON.stringify(report.cells)).not.toContain(dealerC.id);
    }
  });
});

describe('the stretches on the chain', () => {
  it('names a stretch whose business time was edited in the database, and is clean again once it is put back', async () => {
    const [span] = await server.query<{ id: string; ticket_id: string; business_seconds: number }>(
      `select id, ticket_id, business_seconds from sla_clock_spans order by to_at desc limit 1`,
    );
    expect((await verifyTicketAudit(server.database.db, span.ticket_id))?.problems).toEqual([]);
    await server.query(`update sla_clock_spans set business_seconds = 60 where id = $1`, [span.id]);
    expect((await verifyTicketAudit(server.database.db, span.ticket_id))?.problems).toEqual([
      expect.objectContaining({ problem: 'field_mismatch', table: 'sla_clock_spans', rowId: span.id, field: 'businessSeconds', expected: String(span.business_seconds), actual: '60' }),
    ]);
    await server.query(`update sla_clock_spans set business_seconds = $2 where id = $1`, [span.id, span.business_seconds]);
    expect((await verifyTicketAudit(server.database.db, span.ticket_id))?.problems).toEqual([]);
  });
});
