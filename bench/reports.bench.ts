/**
 * The resolution-time report at 1,000,000 tickets (ARCHITECTURE.md budgets: the per-dealer report ≤ 500 ms, a
 * drill-down page ≤ 100 ms; a 1,000,000-row CSV export in rows/s with flat memory).
 *
 * DATA: on a fresh PostgreSQL database with the demo reference data (dealers, regions, calendars, policies), the
 * tickets are GENERATED IN SQL with generate_series straight into the tables — not through the commands (that would
 * take hours): TICKETS complaints spread over the last year across every dealer, 90 % resolved and 10 % open, each
 * with its events (created, dispatched, acknowledged, resolved: 4 rows; the hash chain is NOT real, `bench` hashes),
 * its three SLA clocks (sla_milestones) and, for each clock that ended, its stretch (sla_clock_spans) with clock
 * seconds from the timestamps and synthetic business seconds (a fixed share of them: the calendar is not run here).
 * Every 50th ticket moved from one dealer to another (a handed-over stretch). The figures are therefore not
 * meaningful; the shapes, sizes and the queries are the real ones.
 *
 * Then, with the real code (shared/src/server/reports):
 *   1. the report per dealer over all tickets: once to load the in-process index (timed apart), then RUNS times →
 *      median (and each run), wall clock and this process's CPU;
 *   2. a drill-down page (50 rows) of one dealer's cell: the first page and one 100 pages deep → median;
 *   3. the CSV export of every ticket (1,000,000 rows, batches of 1,000 by key) into a null sink → rows/s, with the
 *      process's resident memory sampled every 100 ms (peak, and at 10 % / 50 % / 100 % of the rows).
 *
 *   npx tsx bench/reports.bench.ts                   (DATABASE_URL or the local server)
 *   TICKETS=200000 RUNS=5 KEEP_DATABASE=1 …          (smaller; keep the database to rerun with REUSE_DATABASE=<name>)
 *   RUNS=0 EXPORT=0 PAGE_RUNS=9 …                    (only the drill-down)
 */
import { Writable } from 'node:stream';
import { drillDownPage, openDatabase, resolutionReport, seedDemo, ticketBatches, ticketColumns, writeExport } from '@careline/shared/server';
import { Client } from 'pg';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TICKETS = Number(process.env.TICKETS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 5);
const PAGE_RUNS = Number(process.env.PAGE_RUNS ?? 5);
const EXPORT_ROWS = process.env.EXPORT === '0' ? 0 : TICKETS;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function generate(client: Client): Promise<void> {
  const step = async (what: string, text: string) => {
    const started = process.hrtime.bigint();
    const result = await client.query(text);
    console.log(`  ${what}: ${result.rowCount ?? ''} rows in ${(ms(started) / 1000).toFixed(1)} s`);
  };
  await client.query(`create temporary table bench_dealers as
    select row_number() over (order by code) - 1 as n, id, region_id from dealers where active`);
  await client.query(`create temporary table bench_refs as select
    (select id from categories where ticket_type = 'complaint' and parent_id is not null order by path limit 1) as category_id,
    (select id from sla_policies where active order by code limit 1) as policy_id,
    (select count(*) from bench_dealers) as dealers,
    (select id from users where username = 'agent') as agent_id`);
  // One row per ticket with its moments (seconds after creation), computed once.
  await step(
    'plan',
    `create unlogged table bench_plan as
     select i,
       ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid as id,
       now() - interval '365 days' + (i * (365.0 * 86400 / ${TICKETS})) * interval '1 second' as created_at,
       i % 10 = 0 as open,
       i % 50 = 7 as moved,
       60 + (i::bigint * 7919) % 7200 as ack_s,
       7260 + (i::bigint * 104729) % 36000 as contact_s,
       43300 + (i::bigint * 15485863) % 604800 as resolve_s,
       d.id as dealer_id, d.region_id, d2.id as first_dealer_id
     from generate_series(1, ${TICKETS}) as i
     join bench_refs r on true
     join bench_dealers d on d.n = i % r.dealers
     join bench_dealers d2 on d2.n = (i + 1) % r.dealers`,
  );
  await client.query('create index on bench_plan (i)');
  await step(
    'tickets',
    `insert into tickets (id, number, type, channel, status, priority, category_id, contact_name, contact_phone, subject,
       description, responsible_dealer_id, region_id, sla_policy_id, dispatched_at, acknowledged_at, first_contact_at,
       resolved_at, reroute_count, tracking_token, audit_head_hash, audit_event_count, created_by, created_at, updated_at)
     select p.id, 'TS-BENCH-' || p.i, 'complaint', 'phone', case when p.open then 'in_progress' else 'resolved' end, 'P3',
       r.category_id, '张伟', '13800000000', '发动机异响', 'bench', p.dealer_id, p.region_id, r.policy_id,
       p.created_at + interval '30 seconds', p.created_at + p.ack_s * interval '1 second',
       case when p.i % 20 = 0 then null else p.created_at + p.contact_s * interval '1 second' end,
       case when p.open then null else p.created_at + p.resolve_s * interval '1 second' end,
       case when p.moved then 1 else 0 end,
       'bench-' || p.i, 'bench', 4, r.agent_id, p.created_at, p.created_at
     from bench_plan p, bench_refs r`,
  );
  await step(
    'events',
    `insert into ticket_events (id, ticket_id, sequence, type, actor_id, actor_role, actor_name, occurred_at, payload, previous_hash, hash)
     select gen_random_uuid(), p.id, e.sequence, e.type, null, 'agent', 'bench', p.created_at + e.at * interval '1 second',
       jsonb_build_object('dealerId', p.dealer_id), 'bench', 'bench'
     from bench_plan p
     cross join lateral (values (1, 'created', 0), (2, 'dispatched', 30), (3, 'acknowledged', p.ack_s),
       (4, case when p.open then 'started' else 'resolved' end, case when p.open then p.ack_s + 60 else p.resolve_s end)) as e(sequence, type, at)`,
  );
  // Clocks: acknowledge (met), first contact (met, or stopped by the resolve for every 20th), resolve (met or open).
  await step(
    'milestones',
    `insert into sla_milestones (id, ticket_id, clock, owner_type, owner_id, started_at, due_at, met_at, cancelled_at, breached_at, owned_since)
     select gen_random_uuid(), p.id, c.clock, 'dealer', p.dealer_id, p.created_at + interval '30 seconds',
       p.created_at + c.target * interval '1 second', c.met, c.cancelled,
       case when c.met > p.created_at + c.target * interval '1 second' then p.created_at + c.target * interval '1 second' end,
       case when p.moved and c.clock <> 'acknowledge' then p.created_at + interval '40 seconds' end
     from bench_plan p
     cross join lateral (values
       ('acknowledge', 14400, p.created_at + p.ack_s * interval '1 second', null::timestamptz),
       ('first_contact', 86400, case when p.i % 20 = 0 then null else p.created_at + p.contact_s * interval '1 second' end,
          case when p.i % 20 = 0 and not p.open then p.created_at + p.resolve_s * interval '1 second' end),
       ('resolve', 259200, case when p.open then null else p.created_at + p.resolve_s * interval '1 second' end, null::timestamptz)
     ) as c(clock, target, met, cancelled)`,
  );
  await step(
    'clock stretches',
    `insert into sla_clock_spans (id, ticket_id, milestone_id, clock, owner_type, owner_id, from_at, to_at, outcome, due_at, breached, business_seconds, clock_seconds)
     select gen_random_uuid(), m.ticket_id, m.id, m.clock, m.owner_type, m.owner_id, coalesce(m.owned_since, m.started_at),
       coalesce(m.met_at, m.cancelled_at), case when m.met_at is not null then 'met' else 'stopped' end, m.due_at,
       m.breached_at is not null,
       floor(extract(epoch from coalesce(m.met_at, m.cancelled_at) - coalesce(m.owned_since, m.started_at)) * 0.35)::int,
       floor(extract(epoch from coalesce(m.met_at, m.cancelled_at) - coalesce(m.owned_since, m.started_at)))::int
     from sla_milestones m where m.met_at is not null or m.cancelled_at is not null`,
  );
  await step(
    'handed-over stretches (moved tickets)',
    `insert into sla_clock_spans (id, ticket_id, milestone_id, clock, owner_type, owner_id, from_at, to_at, outcome, due_at, breached, business_seconds, clock_seconds)
     select gen_random_uuid(), m.ticket_id, m.id, m.clock, 'dealer', p.first_dealer_id, m.started_at, m.owned_since, 'handed_over', m.due_at, false, 3, 10
     from sla_milestones m join bench_plan p on p.id = m.ticket_id where m.owned_since is not null`,
  );
  await client.query('drop table bench_plan');
  const started = process.hrtime.bigint();
  await client.query('vacuum analyze');
  console.log(`  vacuum analyze: ${(ms(started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  const name = process.env.REUSE_DATABASE ?? `careline_bench_reports_${Date.now()}`;
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  if (!process.env.REUSE_DATABASE) {
    await admin.query(`create database ${name}`);
    try {
      const database = await openDatabase({ url: url.toString(), poolSize: 4 });
      await database.migrate();
      await seedDemo(database.db, { customers: 10, tickets: 0 });
      await database.close();
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      console.log(`generating ${TICKETS.toLocaleString('en')} tickets in ${name}:`);
      await generate(client);
      await client.end();
    } catch (error) {
      await admin.query(`drop database if exists ${name} with (force)`);
      throw error;
    }
  }
  const database = await openDatabase({ url: url.toString(), poolSize: 4 });
  const db = database.db;
  try {
    const [{ tickets, spans, open }] = await database.query<{ tickets: number; spans: number; open: number }>(
      `select (select count(*) from tickets)::int as tickets, (select count(*) from sla_clock_spans)::int as spans,
        (select count(*) from sla_milestones where met_at is null and cancelled_at is null)::int as open`,
    );
    console.log(`database: ${tickets.toLocaleString('en')} tickets, ${spans.toLocaleString('en')} clock stretches, ${open.toLocaleString('en')} running clocks`);

    // The first report of a process loads the in-process index (shared/src/server/reports/report-index.ts): timed apart.
    // CPU is this process's (the index's work), not PostgreSQL's; on a shared machine it says more than the wall clock.
    const reportTimes: number[] = [];
    const reportCpu: number[] = [];
    let cells = 0;
    for (let run = 0; run <= RUNS && RUNS > 0; run += 1) {
      const started = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const report = await resolutionReport(db, { scope: { kind: 'all' }, query: { basis: 'created', groupBy: ['dealer'] } });
      const used = process.cpuUsage(cpu);
      if (run === 0) console.log(`first report (loads the index): ${(ms(started) / 1000).toFixed(1)} s, RSS ${Math.round(process.memoryUsage().rss / 1_048_576)} MB`);
      else {
        reportTimes.push(ms(started));
        reportCpu.push((used.user + used.system) / 1000);
      }
      cells = report.cells.length;
    }
    if (RUNS > 0) {
      console.log(
        `report per dealer (${cells} cells): median ${median(reportTimes).toFixed(0)} ms (runs: ${reportTimes.map((time) => time.toFixed(0)).join(', ')}); ` +
          `CPU of this process median ${median(reportCpu).toFixed(0)} ms`,
      );
    }

    const [{ dealer_id: dealerId }] = await database.query<{ dealer_id: string }>(`select responsible_dealer_id as dealer_id from tickets limit 1`);
    const firstPage: number[] = [];
    const deepPage: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      cursor = (await drillDownPage(db, { scope: { kind: 'all' }, query: { basis: 'created', dealer: dealerId, limit: 50, cursor } })).nextCursor ?? undefined;
    }
    for (let run = 0; run < PAGE_RUNS; run += 1) {
      let started = process.hrtime.bigint();
      await drillDownPage(db, { scope: { kind: 'all' }, query: { basis: 'created', dealer: dealerId, limit: 50 } });
      firstPage.push(ms(started));
      started = process.hrtime.bigint();
      await drillDownPage(db, { scope: { kind: 'all' }, query: { basis: 'created', dealer: dealerId, limit: 50, cursor } });
      deepPage.push(ms(started));
    }
    console.log(`drill-down page of 50 (one dealer's cell): first median ${median(firstPage).toFixed(1)} ms, 100 pages deep median ${median(deepPage).toFixed(1)} ms`);

    if (EXPORT_ROWS > 0) {
      let bytes = 0;
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          callback();
        },
      });
      let peak = process.memoryUsage().rss;
      const rssAt: Record<string, number> = {};
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 100);
      const started = process.hrtime.bigint();
      const rows = await writeExport({
        format: 'csv',
        columns: ticketColumns('zh-CN'),
        batches: ticketBatches(db, { scope: { kind: 'all' }, query: { basis: 'created' } }),
        output: sink,
        onBatch: (done) => {
          for (const share of [0.1, 0.5, 1]) if (!rssAt[share] && done >= tickets * share) rssAt[share] = process.memoryUsage().rss;
        },
      });
      const seconds = ms(started) / 1000;
      clearInterval(sampler);
      const mb = (value: number) => `${Math.round(value / 1_048_576)} MB`;
      console.log(
        `CSV export: ${rows.toLocaleString('en')} rows, ${mb(bytes)} in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s; ` +
          `RSS peak ${mb(peak)} (at 10 % ${mb(rssAt[0.1] ?? 0)}, 50 % ${mb(rssAt[0.5] ?? 0)}, 100 % ${mb(rssAt[1] ?? 0)})`,
      );
    }
  } finally {
    await database.close();
    if (!process.env.KEEP_DATABASE && !process.env.REUSE_DATABASE) await admin.query(`drop database if exists ${name} with (force)`);
    else console.log(`kept database ${name}`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
