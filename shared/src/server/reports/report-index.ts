/**
 * The resolution report's in-process index: the columns of every ticket, every ended clock stretch and every running
 * clock that the report reads, in typed arrays, with the stretches kept sorted by business and by clock seconds. With
 * it, a report over 1,000,000 tickets is a few passes over arrays (./indexed-report.ts) instead of PostgreSQL grouping
 * and sorting 3,000,000 observations per request (docs/ARCHITECTURE.md, "Reports").
 *
 * Fresh at every request, exact, for any number of API processes (each holds its own): every row carries the id of
 * the transaction that last wrote it (`changed_xid`, set by a trigger). An index remembers the oldest transaction that
 * was still running when it last read (`pg_snapshot_xmin`): every transaction older than that had ended, so its rows
 * were read; a refresh reads the rows stamped from there on (an index on `changed_xid`) — usually none or a few.
 * What a stamp cannot show — a row deleted, a stretch changed in place (stretches are written once) — bumps
 * `report_index_generation` (statement triggers), and an index that sees another generation loads again.
 *
 * The first report of a process loads everything (seconds per million tickets); ./indexed-report.ts says which
 * reports it serves.
 */
import { type SQL, sql } from 'drizzle-orm';
import { CHINA_OFFSET_MS } from '../../sla/china-time';
import type { Database } from '../db/client';
import { rowsOf } from './report-sql';

/** Rows per FETCH while loading: bounds the memory a load holds besides the arrays. */
const BATCH = 20_000;
/** The clocks in the order of REPORT_CLOCKS; 3: a department's internal clock (kept for the calendars' range only). */
export const CLOCK_CODES: Record<string, number> = { acknowledge: 0, first_contact: 1, resolve: 2, internal: 3 };
export const INTERNAL_CLOCK = 3;
const NOT_FOUND = -1;

/** Stretch flags (what the SQL report counts per stretch). */
export const SPAN_MET = 1;
export const SPAN_DUE = 2;
export const SPAN_ON_TIME = 4;
export const SPAN_BREACHED = 8;
export const SPAN_LEFT = 16;

/** Strings (ids, types, statuses, months) as small integers; 0 is null. */
export class Interner {
  private readonly codes = new Map<string, number>();
  readonly names: Array<string | null> = [null];

  code(value: string | null | undefined): number {
    if (value === null || value === undefined) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /** The code of a value already seen, or -1 (nothing carries it). */
  find(value: string): number {
    return this.codes.get(value) ?? NOT_FOUND;
  }
}

type Numbers = Int32Array | Float64Array | Uint8Array;

/** A typed array with room for `size` entries (doubling: appends stay cheap). */
function roomFor<T extends Numbers>(array: T, size: number, fill = 0): T {
  if (size <= array.length) return array;
  const grown = new (array.constructor as new (length: number) => T)(Math.max(size, array.length * 2, 1024));
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}

const MONTH_ZONE_OFFSET_MS = CHINA_OFFSET_MS;
const DAY_MS = 86_400_000;

/** Tickets by slot: the keys and filters the report reads off a ticket. */
export class TicketColumns {
  readonly slots = new Map<string, number>();
  count = 0;
  createdUs = new Float64Array(0);
  resolvedUs = new Float64Array(0);
  pausedUs = new Float64Array(0);
  dealer = new Int32Array(0);
  department = new Int32Array(0);
  region = new Int32Array(0);
  category = new Int32Array(0);
  policy = new Int32Array(0);
  type = new Int32Array(0);
  status = new Int32Array(0);
  createdMonth = new Int32Array(0);
  resolvedMonth = new Int32Array(0);
  reopened = new Uint8Array(0);
  private readonly months = new Map<number, number>();

  constructor(private readonly strings: Interner) {}

  slotOf(id: string): number {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.count;
      this.count += 1;
      this.slots.set(id, slot);
      const size = this.count;
      this.createdUs = roomFor(this.createdUs, size);
      this.resolvedUs = roomFor(this.resolvedUs, size, Number.NaN);
      this.pausedUs = roomFor(this.pausedUs, size, Number.NaN);
      for (const key of ['dealer', 'department', 'region', 'category', 'policy', 'type', 'status', 'createdMonth', 'resolvedMonth'] as const) this[key] = roomFor(this[key], size);
      this.reopened = roomFor(this.reopened, size);
    }
    return slot;
  }

  put(row: TicketRow): void {
    const slot = this.slotOf(row.id);
    const s = this.strings;
    this.createdUs[slot] = Number(row.created_us);
    this.resolvedUs[slot] = row.resolved_us === null ? Number.NaN : Number(row.resolved_us);
    this.pausedUs[slot] = row.paused_us === null ? Number.NaN : Number(row.paused_us);
    this.dealer[slot] = s.code(row.dealer);
    this.department[slot] = s.code(row.department);
    this.region[slot] = s.code(row.region);
    this.category[slot] = s.code(row.category);
    this.policy[slot] = s.code(row.policy);
    this.type[slot] = s.code(row.type);
    this.status[slot] = s.code(row.status);
    this.reopened[slot] = row.reopened ? 1 : 0;
    this.createdMonth[slot] = this.monthOf(this.createdUs[slot]);
    this.resolvedMonth[slot] = this.monthOf(this.resolvedUs[slot]);
  }

  /** The Asia/Shanghai month (YYYY-MM) of an instant, as the SQL dimension names it; 0 for none. */
  private monthOf(us: number): number {
    if (Number.isNaN(us)) return 0;
    const day = Math.floor((Math.floor(us / 1000) + MONTH_ZONE_OFFSET_MS) / DAY_MS);
    let code = this.months.get(day);
    if (code === undefined) {
      code = this.strings.code(new Date(day * DAY_MS).toISOString().slice(0, 7));
      this.months.set(day, code);
    }
    return code;
  }
}

/** Ended stretches by slot (append-only); `order*` lists the first `sorted` of them by business / clock seconds. */
export class SpanColumns {
  count = 0;
  ticket = new Int32Array(0);
  clock = new Uint8Array(0);
  dealer = new Int32Array(0);
  department = new Int32Array(0);
  business = new Int32Array(0);
  clockSeconds = new Int32Array(0);
  flags = new Uint8Array(0);
  sorted = 0;
  /** The first `sorted` stretches in time order, per basis: slots, times and met flags side by side (read in sequence). */
  byBusiness: SortedSpans = emptySorted();
  byClock: SortedSpans = emptySorted();
  /** Per holder and clock, the first `sorted` stretches' times in order, per basis (a report by holder reads these). */
  seriesByBusiness = new Map<number, OwnerSeries>();
  seriesByClock = new Map<number, OwnerSeries>();
  /**
   * Per holder and clock (ownerClockOf), every stretch's flags counted: stretches, met, due, on time, breached (the
   * SPAN_* order), kept as stretches are appended.
   */
  readonly tallies = new Map<number, Int32Array>();
  /** Per holder (ownerClockOf with clock 0), the tickets whose clock it held ended by leaving (not the internal clock). */
  readonly left = new Map<number, Set<number>>();
  /** Stretches read whose transaction may have been running (read again by the next refresh), by id: their xid. */
  recent = new Map<string, number>();

  /** Forgets the stretches no refresh reads again. */
  forgetBefore(watermark: number): void {
    for (const [id, xid] of this.recent) if (xid < watermark) this.recent.delete(id);
  }

  append(row: SpanRow, ticket: number, strings: Interner): void {
    const slot = this.count;
    this.count += 1;
    for (const key of ['ticket', 'dealer', 'department', 'business', 'clockSeconds'] as const) this[key] = roomFor(this[key], this.count);
    this.clock = roomFor(this.clock, this.count);
    this.flags = roomFor(this.flags, this.count);
    this.ticket[slot] = ticket;
    this.clock[slot] = CLOCK_CODES[row.clock] ?? INTERNAL_CLOCK;
    this.dealer[slot] = row.owner_type === 'dealer' ? strings.code(row.owner) : 0;
    this.department[slot] = row.owner_type === 'department' ? strings.code(row.owner) : 0;
    this.business[slot] = row.b;
    this.clockSeconds[slot] = row.c;
    this.flags[slot] = row.flags;
    const key = ownerClockOf(this.dealer[slot], this.department[slot], this.clock[slot]);
    let tally = this.tallies.get(key);
    if (!tally) this.tallies.set(key, (tally = new Int32Array(5)));
    tally[0] += 1;
    if (row.flags & SPAN_MET) tally[1] += 1;
    if (row.flags & SPAN_DUE) tally[2] += 1;
    if (row.flags & SPAN_ON_TIME) tally[3] += 1;
    if (row.flags & SPAN_BREACHED) tally[4] += 1;
    if (row.flags & SPAN_LEFT && this.clock[slot] !== INTERNAL_CLOCK) {
      const holder = key - this.clock[slot];
      let tickets = this.left.get(holder);
      if (!tickets) this.left.set(holder, (tickets = new Set()));
      tickets.add(ticket);
    }
  }

  /** Sorts every stretch again once the unsorted tail outgrows what a request sorts cheaply (`force`: now). */
  sortIfNeeded(force = false): void {
    if (!force && this.count - this.sorted <= Math.max(20_000, this.count / 16)) return;
    this.byBusiness = this.sortedBy(this.business);
    this.byClock = this.sortedBy(this.clockSeconds);
    this.seriesByBusiness = seriesOf(this.byBusiness);
    this.seriesByClock = seriesOf(this.byClock);
    this.sorted = this.count;
  }

  private sortedBy(times: Int32Array): SortedSpans {
    const slots = sortedSlots(times, this.count);
    const sorted = { slots, times: new Int32Array(slots.length), met: new Uint8Array(slots.length), ownerClock: new Int32Array(slots.length) };
    for (let i = 0; i < slots.length; i += 1) {
      const slot = slots[i];
      sorted.times[i] = times[slot];
      sorted.met[i] = this.flags[slot] & SPAN_MET ? 1 : 0;
      sorted.ownerClock[i] = ownerClockOf(this.dealer[slot], this.department[slot], this.clock[slot]);
    }
    return sorted;
  }
}

/**
 * Stretches in time order with their times and met flags copied alongside: a report walks them in sequence, and
 * reading each stretch's columns by slot instead (scattered over megabytes) would cost a cache miss apiece.
 */
export interface SortedSpans {
  slots: Int32Array;
  times: Int32Array;
  met: Uint8Array;
  /** The holder and the clock in one number (ownerClockOf): a report by owner alone finds the curve without the slot. */
  ownerClock: Int32Array;
}

/** One holder's stretches of one clock in time order: the met ones' times (events) and the others' (censored). */
export interface OwnerSeries {
  events: Int32Array;
  censored: Int32Array;
}

/** The kept order split by holder and clock, each part still in time order. */
function seriesOf(sorted: SortedSpans): Map<number, OwnerSeries> {
  const sizes = new Map<number, [number, number]>();
  for (let i = 0; i < sorted.times.length; i += 1) {
    const key = sorted.ownerClock[i];
    let size = sizes.get(key);
    if (!size) sizes.set(key, (size = [0, 0]));
    size[sorted.met[i] === 1 ? 0 : 1] += 1;
  }
  const series = new Map<number, OwnerSeries & { filled: [number, number] }>();
  for (const [key, [events, censored]] of sizes) series.set(key, { events: new Int32Array(events), censored: new Int32Array(censored), filled: [0, 0] });
  for (let i = 0; i < sorted.times.length; i += 1) {
    const part = series.get(sorted.ownerClock[i])!;
    if (sorted.met[i] === 1) part.events[part.filled[0]++] = sorted.times[i];
    else part.censored[part.filled[1]++] = sorted.times[i];
  }
  return new Map([...series].map(([key, { events, censored }]) => [key, { events, censored }]));
}

/** A holder and clock from ownerClockOf's number. */
export function ownerOfKey(key: number): { dealer: number; department: number; clock: number } {
  const clock = key % 4;
  const holder = (key - clock) / 4;
  const kind = holder % 3;
  const code = (holder - kind) / 3;
  return { dealer: kind === 1 ? code : 0, department: kind === 2 ? code : 0, clock };
}

const emptySorted = (): SortedSpans => ({ slots: new Int32Array(0), times: new Int32Array(0), met: new Uint8Array(0), ownerClock: new Int32Array(0) });

/** A stretch's holder (a dealer's code, a department's, or none) and clock as one number: (code × 3 + kind) × 4 + clock. */
export const ownerClockOf = (dealer: number, department: number, clock: number) => ((dealer !== 0 ? dealer * 3 + 1 : department !== 0 ? department * 3 + 2 : 0) * 4 + clock);

/** The slots 0…count−1 ordered by `times` (a time and a slot packed in one double: a native numeric sort). */
export function sortedSlots(times: Int32Array, count: number, slots?: Int32Array): Int32Array<ArrayBuffer> {
  const n = slots ? slots.length : count;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const slot = slots ? slots[i] : i;
    packed[i] = times[slot] * PACK + i;
  }
  packed.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    const index = packed[i] - Math.floor(packed[i] / PACK) * PACK;
    order[i] = slots ? slots[index] : index;
  }
  return order;
}

/** 2^23: up to 8,388,608 entries per sort, times up to ±10^9 s, within a double's exact integers. */
const PACK = 8_388_608;

/** Running clocks by slot (reused when one ends). */
export class OpenColumns {
  readonly slots = new Map<string, number>();
  private readonly free: number[] = [];
  size = 0;
  alive = new Uint8Array(0);
  ticket = new Int32Array(0);
  clock = new Uint8Array(0);
  dealer = new Int32Array(0);
  department = new Int32Array(0);
  fromUs = new Float64Array(0);
  pausedInSpan = new Int32Array(0);
  dueUs = new Float64Array(0);
  breachedUs = new Float64Array(0);

  put(row: MilestoneRow, ticket: number, strings: Interner): void {
    const existing = this.slots.get(row.id);
    if (!row.open) {
      if (existing !== undefined) {
        this.alive[existing] = 0;
        this.slots.delete(row.id);
        this.free.push(existing);
      }
      return;
    }
    const slot = existing ?? this.free.pop() ?? this.size++;
    this.slots.set(row.id, slot);
    for (const key of ['ticket', 'dealer', 'department', 'pausedInSpan'] as const) this[key] = roomFor(this[key], this.size);
    for (const key of ['fromUs', 'dueUs', 'breachedUs'] as const) this[key] = roomFor(this[key], this.size);
    this.alive = roomFor(this.alive, this.size);
    this.clock = roomFor(this.clock, this.size);
    this.alive[slot] = 1;
    this.ticket[slot] = ticket;
    this.clock[slot] = CLOCK_CODES[row.clock] ?? INTERNAL_CLOCK;
    this.dealer[slot] = row.owner_type === 'dealer' ? strings.code(row.owner) : 0;
    this.department[slot] = row.owner_type === 'department' ? strings.code(row.owner) : 0;
    this.fromUs[slot] = Number(row.from_us);
    this.pausedInSpan[slot] = row.paused;
    this.dueUs[slot] = Number(row.due_us);
    this.breachedUs[slot] = row.breached_us === null ? Number.NaN : Number(row.breached_us);
  }
}

interface TicketRow {
  id: string;
  created_us: number | string;
  resolved_us: number | string | null;
  paused_us: number | string | null;
  dealer: string | null;
  department: string | null;
  region: string | null;
  category: string | null;
  policy: string | null;
  type: string;
  status: string;
  reopened: boolean;
}

interface SpanRow {
  id: string | null;
  xid: number;
  ticket: string;
  clock: string;
  owner_type: string;
  owner: string | null;
  b: number;
  c: number;
  flags: number;
}

interface MilestoneRow {
  id: string;
  ticket: string;
  clock: string;
  owner_type: string;
  owner: string | null;
  from_us: number | string;
  paused: number;
  due_us: number | string;
  breached_us: number | string | null;
  open: boolean;
}

const micros = (column: string) => sql.raw(`floor(extract(epoch from ${column}) * 1000000)::float8`);

const ticketSelect = (where: SQL) => sql`
  select id::text as id, ${micros('created_at')} as created_us, ${micros('resolved_at')} as resolved_us, ${micros('paused_at')} as paused_us,
    responsible_dealer_id::text as dealer, responsible_department_id::text as department, region_id::text as region,
    category_id::text as category, sla_policy_id::text as policy, type, status, reopen_count > 0 as reopened
  from tickets where ${where}`;

/**
 * A stretch's id when it may be read twice (`recent`): in a load, those the next refresh will read again (stamped at
 * or after the load's watermark); in a refresh, every one it reads (stamped at or after the previous watermark: a
 * stretch the last read saw while its writer's snapshot was still open may come again now).
 */
const spanSelect = (where: SQL, watermark: number) => sql`
  select case when changed_xid >= ${watermark} then id::text end as id, changed_xid::float8 as xid, ticket_id::text as ticket, clock, owner_type, owner_id::text as owner,
    business_seconds as b, clock_seconds as c,
    (case when outcome = 'met' then ${SPAN_MET} else 0 end)
    | (case when due_at >= from_at and (outcome = 'met' or due_at <= to_at) then ${SPAN_DUE} else 0 end)
    | (case when due_at >= from_at and outcome = 'met' and to_at <= due_at then ${SPAN_ON_TIME} else 0 end)
    | (case when breached then ${SPAN_BREACHED} else 0 end)
    | (case when outcome in ('rerouted', 'handed_over') then ${SPAN_LEFT} else 0 end) as flags
  from sla_clock_spans where ${where}`;

const milestoneSelect = (where: SQL) => sql`
  select id::text as id, ticket_id::text as ticket, clock, owner_type, owner_id::text as owner,
    ${micros('coalesce(owned_since, started_at)')} as from_us, greatest(0, paused_seconds - paused_seconds_before_owner) as paused,
    ${micros('due_at')} as due_us, ${micros('breached_at')} as breached_us, met_at is null and cancelled_at is null as open
  from sla_milestones where ${where}`;

/** One database's index. */
export class ReportIndex {
  readonly strings = new Interner();
  readonly tickets = new TicketColumns(this.strings);
  readonly spans = new SpanColumns();
  readonly open = new OpenColumns();
  /** Every transaction below this had ended when the index last read. */
  watermark = -1;
  generation = -1;

  /** Reads what changed since the last read (or everything, the first time). */
  async refresh(db: Database): Promise<void> {
    const full = this.watermark < 0;
    const since = this.watermark;
    const [row] = rowsOf<{ xmin: string }>(await db.execute(sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`));
    const xmin = Number(row.xmin);
    // Stretches and clocks before tickets: a ticket is written before its clocks, so every one read has its ticket.
    await this.read<SpanRow>(db, spanSelect(full ? sql`true` : sql`changed_xid >= ${since}`, full ? xmin : since), (span) => this.addSpan(span));
    await this.read<MilestoneRow>(db, milestoneSelect(full ? sql`met_at is null and cancelled_at is null` : sql`changed_xid >= ${since}`), (row) =>
      this.open.put(row, this.tickets.slotOf(row.ticket), this.strings),
    );
    await this.read<TicketRow>(db, ticketSelect(full ? sql`true` : sql`changed_xid >= ${since}`), (row) => this.tickets.put(row));
    this.watermark = xmin;
    this.spans.forgetBefore(xmin);
    this.spans.sortIfNeeded();
  }

  private addSpan(row: SpanRow): void {
    if (row.id !== null) {
      if (this.spans.recent.has(row.id)) return;
      this.spans.recent.set(row.id, row.xid);
    }
    this.spans.append(row, this.tickets.slotOf(row.ticket), this.strings);
  }

  /**
   * A query's rows: a load's in batches through a cursor (one snapshot, a sequential read, bounded memory); a
   * refresh's — few — in one statement (a cursor plans for the first rows and may pass the index by).
   */
  private async read<T>(db: Database, query: SQL, each: (row: T) => void): Promise<void> {
    if (this.watermark >= 0) {
      for (const row of rowsOf<T>(await db.execute(query))) each(row);
      return;
    }
    await db.transaction(async (tx) => {
      await tx.execute(sql`declare report_index_rows no scroll cursor for ${query}`);
      for (;;) {
        const rows = rowsOf<T>(await tx.execute(sql.raw(`fetch ${BATCH} from report_index_rows`)));
        for (const row of rows) each(row);
        if (rows.length < BATCH) break;
      }
    });
  }
}

const indexes = new WeakMap<Database, { index: ReportIndex; ready: Promise<void> }>();

/**
 * The database's index, brought up to date. Requests wait for one refresh at a time; a new generation (rows gone or
 * a stretch changed in place) starts a new index.
 */
export async function currentReportIndex(db: Database): Promise<ReportIndex> {
  const [{ generation }] = rowsOf<{ generation: string }>(await db.execute(sql`select generation::text as generation from report_index_generation where id = 1`));
  let entry = indexes.get(db);
  if (!entry || entry.index.generation !== Number(generation)) {
    const index = new ReportIndex();
    index.generation = Number(generation);
    entry = { index, ready: Promise.resolve() };
    indexes.set(db, entry);
  }
  const { index } = entry;
  const ready = entry.ready.catch(() => undefined).then(() => index.refresh(db));
  entry.ready = ready;
  await ready;
  return index;
}
