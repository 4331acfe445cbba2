/**
 * Verification of the audit chains and of the figures derived from them, over one consistent snapshot (REPEATABLE
 * READ, read only: tickets written meanwhile are simply not seen, so no false alarm), paging by key (ticket id, then
 * event sequence: no OFFSET, each page an index range), optionally against a signed checkpoint of the chain heads.
 * For every ticket it names each problem: the event whose hash or link is wrong, the chain shorter than or different
 * from what the checkpoint recorded, the ticket gone, the derived row or field that its events no longer account for.
 */
import { and, asc, eq, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client';
import { callbackAttempts, callbackTasks, leadFollowUps, qaReviews, roadsideJobs, roadsideOffers, slaClockSpans, slaMilestones, ticketEvents, ticketKbLinks, tickets } from '../db/schema';
import { type ChainKey, type ChainProblem, GENESIS_HASH, verifyChain } from './audit-chain';
import { auditKeys } from './audit-keys';
import { verifyCampaignChains } from './verify-campaign-chains';
import {
  CALLBACK_ATTEMPT_FIGURES,
  CALLBACK_TASK_FIGURES,
  compareFigures,
  coversFigures,
  DERIVED_TABLES,
  type DerivedTable,
  type FactValue,
  type FigureProblem,
  LEAD_FOLLOW_UP_FIGURES,
  QA_REVIEW_FIGURES,
  ROADSIDE_JOB_FIGURES,
  KB_LINK_FIGURES,
  ROADSIDE_OFFER_FIGURES,
  SLA_CLOCK_SPAN_FIGURES,
  replayFacts,
  SLA_MILESTONE_FIGURES,
  TICKET_FIGURES,
} from './derived-figures';

export type CheckpointProblem = 'ticket_missing' | 'chain_shortened' | 'checkpoint_mismatch';
export type AuditProblemKind = ChainProblem | CheckpointProblem | FigureProblem;

/** One thing found wrong: the ticket, and the event (chain, checkpoint) or the row and field (figures). */
export interface AuditProblem {
  ticketId: string;
  number: string;
  problem: AuditProblemKind;
  eventId: string | null;
  sequence: number | null;
  table: string | null;
  rowId: string | null;
  field: string | null;
  expected: string | null;
  actual: string | null;
}

/** One ticket's head as a checkpoint recorded it. */
export interface CheckpointEntry {
  ticketId: string;
  number: string;
  events: number;
  head: string;
}

type EventRow = typeof ticketEvents.$inferSelect;
type TicketHead = { id: string; number: string; headHash: string; headSequence: number } & Record<string, unknown>;
/** A derived table's rows of some tickets, by ticket id. */
type DerivedRows = Map<string, Array<{ id: string } & Record<string, unknown>>>;

const text = (value: FactValue | undefined): string | null => (value === null || value === undefined ? null : String(value));

const blank = { eventId: null, sequence: null, table: null, rowId: null, field: null, expected: null, actual: null };

/** A ticket's head against a checkpoint's: the chain must still hold the recorded event count, ending in the recorded hash. */
export function checkAgainstCheckpoint(entry: CheckpointEntry, events: ReadonlyArray<Pick<EventRow, 'id' | 'sequence' | 'hash'>>): AuditProblem | null {
  const base = { ...blank, ticketId: entry.ticketId, number: entry.number };
  const bySequence = new Map(events.map((event) => [event.sequence, event]));
  const count = events.reduce((max, event) => Math.max(max, event.sequence), 0);
  if (count < entry.events) {
    return { ...base, problem: 'chain_shortened', sequence: count, eventId: bySequence.get(count)?.id ?? null, expected: String(entry.events), actual: String(count) };
  }
  const at = entry.events === 0 ? undefined : bySequence.get(entry.events);
  const hash = entry.events === 0 ? GENESIS_HASH : (at?.hash ?? null);
  if (hash !== entry.head) {
    return { ...base, problem: 'checkpoint_mismatch', sequence: entry.events, eventId: at?.id ?? null, expected: entry.head, actual: hash };
  }
  return null;
}

/**
 * Everything wrong with one ticket's history: its chain (first broken event), against the checkpoint when given, and,
 * when its chain is intact and its events carry figures, every derived row and field its events no longer account for.
 */
export function auditTicketHistory(input: {
  ticket: TicketHead;
  events: readonly EventRow[];
  key: ChainKey;
  /** Rows of each derived table (other than tickets) of this ticket. */
  derived: ReadonlyMap<string, ReadonlyArray<{ id: string } & Record<string, unknown>>>;
  checkpoint?: CheckpointEntry;
}): { problems: AuditProblem[]; covered: boolean } {
  const { ticket, events } = input;
  const base = { ...blank, ticketId: ticket.id, number: ticket.number };
  const problems: AuditProblem[] = [];
  const verdict = verifyChain(ticket.id, events, { sequence: ticket.headSequence, hash: ticket.headHash }, input.key);
  if (!verdict.ok) problems.push({ ...base, problem: verdict.problem, eventId: verdict.eventId || null, sequence: verdict.sequence });
  if (input.checkpoint) {
    const problem = checkAgainstCheckpoint(input.checkpoint, events);
    if (problem) problems.push(problem);
  }
  const covered = coversFigures(events);
  // Figures are replayed only from an intact chain: facts of a broken one prove nothing.
  if (verdict.ok && covered) {
    const replayed = replayFacts(events);
    for (const table of DERIVED_TABLES) {
      const actual = table.table === TICKET_FIGURES.table ? [ticket] : (input.derived.get(table.table) ?? []);
      for (const difference of compareFigures(table, replayed.get(table.table), actual)) {
        problems.push({ ...base, problem: difference.problem, table: difference.table, rowId: difference.rowId, field: difference.field, expected: text(difference.expected), actual: text(difference.actual) });
      }
    }
  }
  return { problems, covered };
}

/** The ticket's head and its figure columns (every field TICKET_FIGURES names). */
const ticketColumns = {
  id: tickets.id,
  number: tickets.number,
  headHash: tickets.auditHeadHash,
  headSequence: tickets.auditEventCount,
  ...Object.fromEntries(TICKET_FIGURES.fields.map((field) => [field, tickets[field as keyof typeof tickets.$inferSelect]])),
} as {
  id: typeof tickets.id;
  number: typeof tickets.number;
  headHash: typeof tickets.auditHeadHash;
  headSequence: typeof tickets.auditEventCount;
};

const byTicket = <R extends { ticketId: string; id: string }>(rows: R[]): DerivedRows => {
  const map: DerivedRows = new Map();
  for (const row of rows) {
    const list = map.get(row.ticketId);
    if (list) list.push(row);
    else map.set(row.ticketId, [row]);
  }
  return map;
};

/**
 * How each derived table's rows of some tickets are read: one function per table (the tickets' own columns come with
 * the tickets). A table added to DERIVED_TABLES adds its loader here.
 */
export const DERIVED_LOADERS: Record<string, (db: Executor, ticketIds: string[]) => Promise<DerivedRows>> = {
  [SLA_MILESTONE_FIGURES.table]: async (db, ticketIds) => byTicket(await db.select().from(slaMilestones).where(inArray(slaMilestones.ticketId, ticketIds))),
  [LEAD_FOLLOW_UP_FIGURES.table]: async (db, ticketIds) => byTicket(await db.select().from(leadFollowUps).where(inArray(leadFollowUps.ticketId, ticketIds))),
  // Campaign tasks (new-vehicle calls) have no ticket: their own chains are verified by verify-campaign-chains.ts.
  [CALLBACK_TASK_FIGURES.table]: async (db, ticketIds) =>
    byTicket((await db.select().from(callbackTasks).where(inArray(callbackTasks.ticketId, ticketIds))).map((row) => ({ ...row, ticketId: row.ticketId! }))),
  [CALLBACK_ATTEMPT_FIGURES.table]: async (db, ticketIds) =>
    byTicket(
      (
        await db
          .select({ attempt: callbackAttempts, ticketId: callbackTasks.ticketId })
          .from(callbackAttempts)
          .innerJoin(callbackTasks, eq(callbackTasks.id, callbackAttempts.taskId))
          .where(inArray(callbackTasks.ticketId, ticketIds))
      ).map((row) => ({ ...row.attempt, ticketId: row.ticketId! })),
    ),
  [SLA_CLOCK_SPAN_FIGURES.table]: async (db, ticketIds) => byTicket(await db.select().from(slaClockSpans).where(inArray(slaClockSpans.ticketId, ticketIds))),
  [QA_REVIEW_FIGURES.table]: async (db, ticketIds) => byTicket(await db.select().from(qaReviews).where(inArray(qaReviews.ticketId, ticketIds))),
  [ROADSIDE_JOB_FIGURES.table]: async (db, ticketIds) => byTicket(await db.select().from(roadsideJobs).where(inArray(roadsideJobs.ticketId, ticketIds))),
  [ROADSIDE_OFFER_FIGURES.table]: async (db, ticketIds) => byTicket(await db.select().from(roadsideOffers).where(inArray(roadsideOffers.ticketId, ticketIds))),
  // Keyed by (ticket, article): the facts name a link by its article.
  [KB_LINK_FIGURES.table]: async (db, ticketIds) =>
    byTicket((await db.select().from(ticketKbLinks).where(inArray(ticketKbLinks.ticketId, ticketIds))).map((row) => ({ ...row, id: row.articleId }))),
};

const loadedTables = (): DerivedTable[] => DERIVED_TABLES.filter((table) => table.table !== TICKET_FIGURES.table);

async function loadDerived(db: Executor, ticketIds: string[]): Promise<Map<string, DerivedRows>> {
  const result = new Map<string, DerivedRows>();
  if (ticketIds.length === 0) return result;
  for (const table of loadedTables()) {
    const loader = DERIVED_LOADERS[table.table];
    if (!loader) throw new Error(`no loader for derived table ${table.table}`);
    result.set(table.table, await loader(db, ticketIds));
  }
  return result;
}

const derivedOf = (derived: Map<string, DerivedRows>, ticketId: string) =>
  new Map([...derived].map(([table, rows]) => [table, rows.get(ticketId) ?? []] as const));

/** One consistent snapshot for a verification: REPEATABLE READ, read only. */
export function inAuditSnapshot<T>(db: Database, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(work, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** One ticket's verification; `problem`, `sequence` and `eventId` repeat its first problem (null when intact). */
export type TicketAuditResult = {
  ticketId: string;
  number: string;
  ok: boolean;
  events: number;
  covered: boolean;
  problem: AuditProblemKind | null;
  sequence: number | null;
  eventId: string | null;
  problems: AuditProblem[];
};

/** Verifies one ticket: its chain, its head, its figures, and against a checkpoint entry when given. Null: no such ticket. */
export async function verifyTicketAudit(db: Database, ticketId: string, key: ChainKey = auditKeys().chainKey, checkpoint?: CheckpointEntry): Promise<TicketAuditResult | null> {
  return inAuditSnapshot(db, async (tx) => {
    const [ticket] = await tx.select(ticketColumns).from(tickets).where(eq(tickets.id, ticketId));
    if (!ticket) return null;
    const events = await tx.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.sequence));
    const derived = await loadDerived(tx, [ticketId]);
    const { problems, covered } = auditTicketHistory({ ticket, events, key, derived: derivedOf(derived, ticketId), checkpoint });
    const first = problems[0];
    return {
      ticketId,
      number: ticket.number,
      ok: problems.length === 0,
      events: events.length,
      covered,
      problem: first?.problem ?? null,
      sequence: first?.sequence ?? null,
      eventId: first?.eventId ?? null,
      problems,
    };
  });
}

export interface AuditReport {
  tickets: number;
  events: number;
  /** Tickets whose events predate the figures on the chain: chain verified, figures not. */
  uncoveredTickets: number;
  problems: AuditProblem[];
  /** All problems found, even past the `maxProblems` kept. */
  problemCount: number;
  /** Campaign calls (no ticket) whose own chains were verified too (verify-campaign-chains.ts). */
  campaignTasks: number;
}

export interface VerifyAllOptions {
  /** Default: this process's key (auditKeys). */
  key?: ChainKey;
  /** A checkpoint's entries, sorted by ticket id: tickets gone since, and chains shortened or rewritten, are named. */
  checkpoint?: readonly CheckpointEntry[];
  /** The same checkpoint's campaign tasks (CheckpointBody.campaignTasks), sorted by task id. */
  campaignCheckpoint?: readonly CheckpointEntry[];
  ticketPageSize?: number;
  eventPageSize?: number;
  /** Problems kept in the report (all are counted). Default 1,000. */
  maxProblems?: number;
}

/**
 * Verifies every ticket, a page of tickets at a time (by id), each page's events read by (ticket id, sequence) ranges,
 * its derived rows in one read per table; all in one snapshot. Memory stays at a page.
 */
export async function verifyAllAudits(db: Database, options: VerifyAllOptions = {}): Promise<AuditReport> {
  const key = options.key ?? auditKeys().chainKey;
  const ticketPage = options.ticketPageSize ?? 500;
  const eventPage = options.eventPageSize ?? 10_000;
  const maxProblems = options.maxProblems ?? 1000;
  const checkpoint = options.checkpoint ?? [];
  return inAuditSnapshot(db, async (tx) => {
    const report: AuditReport = { tickets: 0, events: 0, uncoveredTickets: 0, problems: [], problemCount: 0, campaignTasks: 0 };
    const add = (problem: AuditProblem) => {
      report.problemCount += 1;
      if (report.problems.length < maxProblems) report.problems.push(problem);
    };
    let checkpointIndex = 0;
    // Checkpoint entries up to (not including) `ticketId` that no ticket matched: those tickets are gone.
    const missingBefore = (ticketId: string | null) => {
      while (checkpointIndex < checkpoint.length && (ticketId === null || checkpoint[checkpointIndex].ticketId < ticketId)) {
        const entry = checkpoint[checkpointIndex++];
        add({ ...blank, ticketId: entry.ticketId, number: entry.number, problem: 'ticket_missing', sequence: entry.events, expected: entry.head, actual: null });
      }
    };
    for (let after: string | null = null; ; ) {
      const page: TicketHead[] = await tx
        .select(ticketColumns)
        .from(tickets)
        .where(after ? gt(tickets.id, after) : undefined)
        .orderBy(asc(tickets.id))
        .limit(ticketPage);
      if (page.length === 0) break;
      const first = page[0].id;
      const last = page.at(-1)!.id;
      const eventsOf = new Map<string, EventRow[]>();
      for (let cursor: { ticketId: string; sequence: number } | null = null; ; ) {
        const rows: EventRow[] = await tx
          .select()
          .from(ticketEvents)
          .where(
            and(
              gte(ticketEvents.ticketId, first),
              lte(ticketEvents.ticketId, last),
              cursor ? sql`(${ticketEvents.ticketId}, ${ticketEvents.sequence}) > (${cursor.ticketId}, ${cursor.sequence})` : undefined,
            ),
          )
          .orderBy(asc(ticketEvents.ticketId), asc(ticketEvents.sequence))
          .limit(eventPage);
        for (const row of rows) {
          const list = eventsOf.get(row.ticketId);
          if (list) list.push(row);
          else eventsOf.set(row.ticketId, [row]);
        }
        if (rows.length < eventPage) break;
        const tail = rows.at(-1)!;
        cursor = { ticketId: tail.ticketId, sequence: tail.sequence };
      }
      const derived = await loadDerived(tx, page.map((ticket) => ticket.id));
      for (const ticket of page) {
        missingBefore(ticket.id);
        let entry: CheckpointEntry | undefined;
        if (checkpoint[checkpointIndex]?.ticketId === ticket.id) entry = checkpoint[checkpointIndex++];
        const events = eventsOf.get(ticket.id) ?? [];
        const { problems, covered } = auditTicketHistory({ ticket, events, key, derived: derivedOf(derived, ticket.id), checkpoint: entry });
        report.tickets += 1;
        report.events += events.length;
        if (!covered) report.uncoveredTickets += 1;
        problems.forEach(add);
      }
      after = last;
      if (page.length < ticketPage) break;
    }
    missingBefore(null);
    report.campaignTasks = (await verifyCampaignChains(tx, key, add, ticketPage, options.campaignCheckpoint ?? [])).tasks;
    return report;
  });
}
