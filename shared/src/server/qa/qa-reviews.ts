/**
 * QA review (质检): the monthly sample of closed tickets per dealer, drawn in a seeded order anyone can recompute,
 * never drawing a ticket twice; scorecards; the reviews and their scores per dealer and month. The draw and each
 * review are events on the sampled ticket's chain (`qa_sampled`, `qa_reviewed`), hidden from dealers' timelines.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, notExists, sql, type SQL } from 'drizzle-orm';
import { type Actor, isDealerRole } from '../../auth/actor';
import { access, requireAccess } from '../../auth/access';
import { AppError } from '../../errors/app-error';
import {
  ANSWER_PROBLEM_MESSAGES,
  answerProblems,
  scoreAnswers,
  type QaScorecardItem,
  type TCreateQaScorecardRequest,
  type TDrawQaSampleRequest,
  type TQaReviewQuery,
  type TQaScoresQuery,
  type TSubmitQaReviewRequest,
  type TUpdateQaScorecardRequest,
} from '../../qa/qa-review';
import { recordConfigChange } from '../audit/config-changes';
import { factRow, QA_REVIEW_FIGURES } from '../audit/derived-figures';
import type { Database, Executor } from '../db/client';
import { dealers, qaReviews, qaScorecards, tickets, users } from '../db/schema';
import { lockTicket, saveTicketChange } from '../tickets/ticket-command';

/** The month's bounds in China time: [first day 00:00 +08:00, next month's first day). */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [year, monthNumber] = month.split('-').map(Number);
  const next = monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
  return { from: new Date(`${month}-01T00:00:00+08:00`), to: new Date(`${next}-01T00:00:00+08:00`) };
}

/**
 * The seeded order of a draw: candidates sorted by SHA-256 of `<seed>:<ticket id>` (hex, ascending). Anyone holding
 * the seed and the list of candidates can recompute it; the first `count` not drawn before are the sample.
 */
export function seededOrder(seed: string, ticketIds: readonly string[]): string[] {
  const keyed = ticketIds.map((id) => ({ id, key: createHash('sha256').update(`${seed}:${id}`).digest('hex') }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((entry) => entry.id);
}

async function scorecardByCode(db: Executor, code: string) {
  const [scorecard] = await db.select().from(qaScorecards).where(eq(qaScorecards.code, code));
  if (!scorecard || !scorecard.active) throw new AppError('UNKNOWN_REFERENCE', { field: 'scorecardCode', value: code });
  return scorecard;
}

export interface QaDrawResult {
  month: string;
  seed: string;
  dealers: Array<{ dealerId: string; candidates: number; alreadySampled: number; drawn: number }>;
}

/**
 * Draws the month's sample: for each dealer, its tickets closed in the month (as responsible dealer) and never drawn
 * before, in the seeded order, up to `perDealer` per dealer and month counting earlier draws of that month. Drawing
 * again with a larger `perDealer` adds to the sample; with the same, draws nothing.
 */
export async function drawQaSample(db: Database, actor: Actor, request: TDrawQaSampleRequest, now = new Date()): Promise<QaDrawResult> {
  requireAccess(actor, access.qa);
  const seed = request.seed ?? randomBytes(8).toString('hex');
  const { from, to } = monthBounds(request.month);
  return db.transaction(async (tx) => {
    const scorecard = await scorecardByCode(tx, request.scorecardCode);
    const conditions: Array<SQL | undefined> = [
      eq(tickets.status, 'closed'),
      gte(tickets.closedAt, from),
      lt(tickets.closedAt, to),
      isNotNull(tickets.responsibleDealerId),
    ];
    if (request.dealerIds) conditions.push(inArray(tickets.responsibleDealerId, request.dealerIds));
    const candidates = await tx
      .select({ id: tickets.id, dealerId: tickets.responsibleDealerId })
      .from(tickets)
      .where(and(...conditions, notExists(tx.select({ one: sql`1` }).from(qaReviews).where(eq(qaReviews.ticketId, tickets.id)))));
    const sampled = await tx
      .select({ dealerId: qaReviews.dealerId, count: sql<number>`count(*)`.mapWith(Number), lastRank: sql<number>`max(${qaReviews.rank})`.mapWith(Number) })
      .from(qaReviews)
      .where(eq(qaReviews.month, request.month))
      .groupBy(qaReviews.dealerId);
    const byDealer = new Map<string, string[]>();
    for (const candidate of candidates) byDealer.set(candidate.dealerId!, [...(byDealer.get(candidate.dealerId!) ?? []), candidate.id]);
    const dealerIds = request.dealerIds ?? [...byDealer.keys()].sort();
    const result: QaDrawResult = { month: request.month, seed, dealers: [] };
    for (const dealerId of dealerIds) {
      const pool = byDealer.get(dealerId) ?? [];
      const earlier = sampled.find((row) => row.dealerId === dealerId);
      const wanted = Math.max(0, request.perDealer - (earlier?.count ?? 0));
      const drawn = seededOrder(seed, pool).slice(0, wanted);
      for (const [index, ticketId] of drawn.entries()) {
        const rank = (earlier?.lastRank ?? 0) + index + 1;
        const ticket = await lockTicket(tx, actor, ticketId);
        const id = randomUUID();
        const review = {
          id,
          ticketId,
          month: request.month,
          dealerId,
          scorecardId: scorecard.id,
          seed,
          rank,
          sampledAt: now,
          sampledBy: actor.kind === 'user' ? actor.id : null,
          score: null,
          reviewerId: null,
          completedAt: null,
        };
        await tx.insert(qaReviews).values(review);
        await saveTicketChange({
          tx,
          actor,
          ticket,
          at: now,
          changes: {},
          events: [{ type: 'qa_sampled', payload: { reviewId: id, month: request.month, seed, rank, scorecard: scorecard.code } }],
          kind: 'qa_sampled',
          // The draw is a figure on the chain: a sample edited in the database no longer matches it.
          facts: { [QA_REVIEW_FIGURES.table]: { insert: [factRow(review, QA_REVIEW_FIGURES.fields)] } },
        });
      }
      result.dealers.push({ dealerId, candidates: pool.length, alreadySampled: earlier?.count ?? 0, drawn: drawn.length });
    }
    return result;
  });
}

const reviewColumns = {
  review: qaReviews,
  ticketNumber: tickets.number,
  ticketType: tickets.type,
  subject: tickets.subject,
  closedAt: tickets.closedAt,
  dealerName: dealers.nameZh,
  scorecardCode: qaScorecards.code,
  scorecardNameZh: qaScorecards.nameZh,
  scorecardNameEn: qaScorecards.nameEn,
  items: qaScorecards.items,
  reviewerName: users.displayName,
};

const selectReviews = (db: Executor) =>
  db
    .select(reviewColumns)
    .from(qaReviews)
    .innerJoin(tickets, eq(tickets.id, qaReviews.ticketId))
    .innerJoin(qaScorecards, eq(qaScorecards.id, qaReviews.scorecardId))
    .leftJoin(dealers, eq(dealers.id, qaReviews.dealerId))
    .leftJoin(users, eq(users.id, qaReviews.reviewerId))
    .$dynamic();

type ReviewRow = Awaited<ReturnType<ReturnType<typeof selectReviews>['execute']>>[number];

const presentReview = (row: ReviewRow) => ({
  ...row.review,
  ticket: { id: row.review.ticketId, number: row.ticketNumber, type: row.ticketType, subject: row.subject, closedAt: row.closedAt },
  dealerName: row.dealerName,
  reviewerName: row.reviewerName,
  scorecard: { code: row.scorecardCode, nameZh: row.scorecardNameZh, nameEn: row.scorecardNameEn, items: row.items },
});

export async function listQaReviews(db: Executor, actor: Actor, query: TQaReviewQuery) {
  requireAccess(actor, access.qa);
  const conditions: Array<SQL | undefined> = [];
  if (query.month) conditions.push(eq(qaReviews.month, query.month));
  if (query.dealerId) conditions.push(eq(qaReviews.dealerId, query.dealerId));
  if (query.status === 'pending') conditions.push(isNull(qaReviews.completedAt));
  if (query.status === 'done') conditions.push(isNotNull(qaReviews.completedAt));
  const rows = await selectReviews(db)
    .where(and(...conditions))
    .orderBy(desc(qaReviews.month), asc(dealers.code), asc(qaReviews.rank))
    .limit(query.limit);
  return rows.map(presentReview);
}

export async function findQaReview(db: Executor, actor: Actor, id: string) {
  requireAccess(actor, access.qa);
  const [row] = await selectReviews(db).where(eq(qaReviews.id, id));
  if (!row) throw new AppError('NOT_FOUND', { reviewId: id });
  return presentReview(row);
}

export async function findQaReviewsOfTicket(db: Executor, ticketId: string) {
  return (await selectReviews(db).where(eq(qaReviews.ticketId, ticketId))).map(presentReview);
}

/** A reviewer's answers: checked against the scorecard, scored, and recorded on the ticket's chain. */
export async function submitQaReview(db: Database, actor: Actor, id: string, request: TSubmitQaReviewRequest, now = new Date()) {
  requireAccess(actor, access.qa);
  await db.transaction(async (tx) => {
    const [peek] = await tx.select({ ticketId: qaReviews.ticketId }).from(qaReviews).where(eq(qaReviews.id, id));
    if (!peek) throw new AppError('NOT_FOUND', { reviewId: id });
    const ticket = await lockTicket(tx, actor, peek.ticketId);
    const [review] = await tx.select().from(qaReviews).where(eq(qaReviews.id, id)).for('update');
    if (review.version !== request.version) throw new AppError('VERSION_CONFLICT', { expected: request.version, actual: review.version });
    const [scorecard] = await tx.select().from(qaScorecards).where(eq(qaScorecards.id, review.scorecardId));
    const items = scorecard.items as QaScorecardItem[];
    const problems = answerProblems(items, request.answers);
    if (problems.length > 0) {
      // Shaped like every other VALIDATION_FAILED: a dotted path, a code, the message in both languages.
      throw new AppError('VALIDATION_FAILED', {
        issues: problems.map(({ key, problem }) => ({
          path: `answers.${key}`,
          code: problem,
          message: ANSWER_PROBLEM_MESSAGES[problem].en,
          messageZh: ANSWER_PROBLEM_MESSAGES[problem].zh,
        })),
      });
    }
    const score = scoreAnswers(items, request.answers);
    const reviewed = { score, reviewerId: actor.kind === 'user' ? actor.id : null, completedAt: now };
    await tx
      .update(qaReviews)
      .set({ ...reviewed, answers: request.answers, comment: request.comment ?? null, version: review.version + 1 })
      .where(eq(qaReviews.id, id));
    await saveTicketChange({
      tx,
      actor,
      ticket,
      at: now,
      changes: {},
      events: [{ type: 'qa_reviewed', payload: { reviewId: id, scorecard: scorecard.code, answers: request.answers, score, comment: request.comment ?? null, revised: review.completedAt !== null } }],
      kind: 'qa_reviewed',
      facts: { [QA_REVIEW_FIGURES.table]: { update: [factRow({ id, ...reviewed }, ['score', 'reviewerId', 'completedAt'])] } },
    });
  });
  return findQaReview(db, actor, id);
}

/**
 * Scores per dealer and month: drawn, reviewed, the mean score and each item's mean (yes = 100, no = 0, a scale
 * answer (v − 1) / 4 × 100). A dealer reads its own rows only.
 */
export async function qaScores(db: Executor, actor: Actor, query: TQaScoresQuery) {
  requireAccess(actor, access.qaScoreReaders);
  const conditions: Array<SQL | undefined> = [isNotNull(qaReviews.dealerId)];
  if (isDealerRole(actor.role)) {
    if (!actor.dealerId) return [];
    conditions.push(eq(qaReviews.dealerId, actor.dealerId));
  }
  if (query.month) conditions.push(eq(qaReviews.month, query.month));
  if (query.dealerId) conditions.push(eq(qaReviews.dealerId, query.dealerId));
  const rows = await db
    .select({ month: qaReviews.month, dealerId: qaReviews.dealerId, dealerName: dealers.nameZh, answers: qaReviews.answers, score: qaReviews.score, items: qaScorecards.items })
    .from(qaReviews)
    .innerJoin(qaScorecards, eq(qaScorecards.id, qaReviews.scorecardId))
    .leftJoin(dealers, eq(dealers.id, qaReviews.dealerId))
    .where(and(...conditions))
    .orderBy(desc(qaReviews.month), asc(dealers.code));
  type Group = { month: string; dealerId: string; dealerName: string | null; sampled: number; reviewed: number; scores: number[]; items: Map<string, number[]> };
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const key = `${row.month}|${row.dealerId}`;
    const group: Group = groups.get(key) ?? { month: row.month, dealerId: row.dealerId!, dealerName: row.dealerName, sampled: 0, reviewed: 0, scores: [], items: new Map() };
    groups.set(key, group);
    group.sampled += 1;
    if (row.score === null || !row.answers) continue;
    group.reviewed += 1;
    group.scores.push(row.score);
    for (const item of row.items as QaScorecardItem[]) {
      const value = row.answers[item.key];
      if (value === undefined) continue;
      const points = item.kind === 'yes_no' ? (value === true ? 100 : 0) : ((Number(value) - 1) / 4) * 100;
      group.items.set(item.key, [...(group.items.get(item.key) ?? []), points]);
    }
  }
  const mean = (values: number[]) => (values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10);
  return [...groups.values()].map((group) => ({
    month: group.month,
    dealerId: group.dealerId,
    dealerName: group.dealerName,
    sampled: group.sampled,
    reviewed: group.reviewed,
    meanScore: mean(group.scores),
    items: Object.fromEntries([...group.items].map(([key, values]) => [key, mean(values)])),
  }));
}

export async function listQaScorecards(db: Executor, actor: Actor) {
  requireAccess(actor, access.oversight);
  return db.select().from(qaScorecards).orderBy(asc(qaScorecards.code));
}

export async function createQaScorecard(db: Database, actor: Actor, request: TCreateQaScorecardRequest) {
  requireAccess(actor, access.qa);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: qaScorecards.id }).from(qaScorecards).where(eq(qaScorecards.code, request.code));
    if (existing) throw new AppError('DUPLICATE', { existingId: existing.id });
    const [created] = await tx.insert(qaScorecards).values({ id: randomUUID(), ...request }).returning();
    await recordConfigChange(tx, actor, { entity: 'qa_scorecard', entityId: created.id, action: 'create', before: null, after: created });
    return created;
  });
}

/** Editing a scorecard changes future reviews only: a finished review keeps its answers and score. */
export async function updateQaScorecard(db: Database, actor: Actor, id: string, request: TUpdateQaScorecardRequest) {
  requireAccess(actor, access.qa);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(qaScorecards).where(eq(qaScorecards.id, id)).for('update');
    if (!before) throw new AppError('NOT_FOUND', { scorecardId: id });
    if (before.version !== request.version) throw new AppError('VERSION_CONFLICT', { expected: request.version, actual: before.version });
    const { version: _version, ...changes } = request;
    const [after] = await tx
      .update(qaScorecards)
      .set({ ...changes, version: before.version + 1, updatedAt: new Date() })
      .where(eq(qaScorecards.id, id))
      .returning();
    await recordConfigChange(tx, actor, { entity: 'qa_scorecard', entityId: id, action: 'update', before, after });
    return after;
  });
}
