/**
 * Reading the knowledge base: the search (Chinese phrases inside longer text through character bigrams, English words
 * stemmed; ranked; filtered by model, year and status), one article, its versions, and how often articles were used.
 *
 * Who reads what: editors and admins every article in every status; the hotline every published article; dealers,
 * their technicians and departments the published articles whose audience is `everyone`. An article the reader may
 * not read is NOT_FOUND, exactly like one that does not exist. A reader who is not an editor asking for drafts or
 * archived articles (`status`) is refused (403 FORBIDDEN) rather than silently given published ones.
 */
import { and, desc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { highlightTerms, tsqueryLiteral } from '../../assist/text-tokens';
import { AppError } from '../../errors/app-error';
import { isKbEditor, markdownToPlainText, queryTerms, readableAudiences, requiredMatches, snippetAround } from '../../kb/kb-search-rules';
import type { TKbSearchQuery } from '../../kb/kb.schemas';
import type { Executor } from '../db/client';
import { kbArticles, kbArticleVersions, ticketKbLinks, users } from '../db/schema';
import type { KbArticleRow } from './kb-articles';

export interface KbArticleCounts {
  usedCount: number;
  solvedCount: number;
}

export type KbArticleView = KbArticleRow & KbArticleCounts & { updatedByName: string | null };

export interface KbSearchHitView extends Omit<KbArticleView, 'body' | 'search'> {
  score: number;
  titleSegments: Array<{ text: string; hit: boolean }>;
  snippet: Array<{ text: string; hit: boolean }>;
}

/** The conditions that keep an actor to the articles it may read (and to `status`, for editors who ask for one). */
function readableBy(actor: Actor, status?: TKbSearchQuery['status']): SQL | undefined {
  if (isKbEditor(actor.role)) return status ? eq(kbArticles.status, status) : undefined;
  if (status && status !== 'published') throw new AppError('FORBIDDEN', { status });
  return and(eq(kbArticles.status, 'published'), inArray(kbArticles.audience, readableAudiences(actor.role)));
}

/**
 * How often each article was attached to a ticket and resolved one. The hotline and editors count every ticket;
 * a dealer or a department only what its own people attached (never another party's use of an article).
 */
export async function kbArticleCounts(db: Executor, actor: Actor, articleIds: readonly string[]): Promise<Map<string, KbArticleCounts>> {
  const counts = new Map<string, KbArticleCounts>();
  if (articleIds.length === 0) return counts;
  const whole = readableAudiences(actor.role).includes('agents');
  const party = actor.dealerId ? eq(users.dealerId, actor.dealerId) : actor.departmentId ? eq(users.departmentId, actor.departmentId) : undefined;
  if (!whole && !party) return counts;
  const rows = await db
    .select({
      articleId: ticketKbLinks.articleId,
      used: sql<number>`count(*)::int`,
      solved: sql<number>`(count(*) filter (where ${ticketKbLinks.resolvedWith}))::int`,
    })
    .from(ticketKbLinks)
    .innerJoin(users, eq(users.id, ticketKbLinks.linkedBy))
    .where(and(inArray(ticketKbLinks.articleId, [...articleIds]), whole ? undefined : party))
    .groupBy(ticketKbLinks.articleId);
  for (const row of rows) counts.set(row.articleId, { usedCount: Number(row.used), solvedCount: Number(row.solved) });
  return counts;
}

const { search: _search, ...articleColumns } = getTableColumns(kbArticles);
const withEditor = { ...articleColumns, updatedByName: users.displayName };

/** One article the actor may read (NOT_FOUND otherwise, without saying whether it exists). */
export async function findKbArticle(db: Executor, actor: Actor, articleId: string): Promise<KbArticleView> {
  const [row] = await db
    .select(withEditor)
    .from(kbArticles)
    .leftJoin(users, eq(users.id, kbArticles.updatedBy))
    .where(and(eq(kbArticles.id, articleId), readableBy(actor)));
  if (!row) throw new AppError('NOT_FOUND');
  const counts = (await kbArticleCounts(db, actor, [row.id])).get(row.id) ?? { usedCount: 0, solvedCount: 0 };
  return { ...row, search: '', ...counts };
}

export type KbVersionView = typeof kbArticleVersions.$inferSelect & { editedByName: string | null };

const versionColumns = { ...getTableColumns(kbArticleVersions), editedByName: users.displayName };

/** Every version of an article, newest first (editors; NOT_FOUND for an unknown article). */
export async function listKbVersions(db: Executor, articleId: string): Promise<KbVersionView[]> {
  const rows = await db
    .select(versionColumns)
    .from(kbArticleVersions)
    .leftJoin(users, eq(users.id, kbArticleVersions.editedBy))
    .where(eq(kbArticleVersions.articleId, articleId))
    .orderBy(desc(kbArticleVersions.version));
  if (rows.length === 0) throw new AppError('NOT_FOUND');
  return rows;
}

export async function getKbVersion(db: Executor, articleId: string, version: number): Promise<KbVersionView> {
  const [row] = await db
    .select(versionColumns)
    .from(kbArticleVersions)
    .leftJoin(users, eq(users.id, kbArticleVersions.editedBy))
    .where(and(eq(kbArticleVersions.articleId, articleId), eq(kbArticleVersions.version, version)));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** A page's position: the last hit's score (a search) or time (newest first), and its id. */
const ZCursor = z.union([z.strictObject({ s: z.string().regex(/^\d+(\.\d+)?$/), id: z.uuid() }), z.strictObject({ t: z.iso.datetime(), id: z.uuid() })]);
type Cursor = z.infer<typeof ZCursor>;

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(raw: string | undefined, searching: boolean): Cursor | undefined {
  if (raw === undefined) return undefined;
  try {
    const cursor = ZCursor.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    // A cursor of the other kind of list (a search's cursor on the newest-first list) is as unreadable as garbage.
    if (('s' in cursor) === searching) return cursor;
  } catch {
    // fall through: any undecodable cursor is the same client error
  }
  throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'cursor', message: 'invalid cursor' }] });
}

/** Articles for this model (case-insensitive), or for every model (none listed). */
const forModel = (model: string) =>
  sql`(cardinality(${kbArticles.models}) = 0 or exists (select 1 from unnest(${kbArticles.models}) as listed(model) where lower(listed.model) = lower(${model})))`;
/** Articles whose model years include `year` (an open end includes every year on that side). */
const forYear = (year: number) => sql`((${kbArticles.yearFrom} is null or ${kbArticles.yearFrom} <= ${year}) and (${kbArticles.yearTo} is null or ${kbArticles.yearTo} >= ${year}))`;

/**
 * The search. With a query: its distinct terms (queryTerms), articles containing at least requiredMatches of them
 * (an OR tsquery finds the candidates through the GIN index; a count of the terms each contains keeps those with
 * enough), ranked by ts_rank (title and symptoms weigh more than the body) times the share of the terms matched, with
 * the title and a ~120-character snippet of the body cut into highlighted segments. Without one: newest first.
 * Keyset pages either way.
 */
export async function searchKbArticles(db: Executor, actor: Actor, query: TKbSearchQuery): Promise<{ items: KbSearchHitView[]; nextCursor: string | null }> {
  const terms = queryTerms(query.q);
  const searching = terms.length > 0;
  const cursor = decodeCursor(query.cursor, searching);
  const filters: Array<SQL | undefined> = [
    readableBy(actor, query.status),
    query.model ? forModel(query.model) : undefined,
    query.year !== undefined ? forYear(query.year) : undefined,
  ];
  const limit = query.limit;
  let rows: Array<Omit<KbArticleView, 'search' | 'usedCount' | 'solvedCount'> & { score: string | null }>;
  if (searching) {
    const required = requiredMatches(terms.length);
    // Every term required (one or two): the index answers exactly. Otherwise it finds the articles with any of them
    // and a count of the terms each contains keeps those with enough.
    const everyTerm = required === terms.length;
    const tsquery = sql`${tsqueryLiteral(terms, everyTerm ? '&' : '|')}::tsquery`;
    const matched = everyTerm
      ? null
      : sql.join(
          terms.map((term) => sql`(${kbArticles.search} @@ ${tsqueryLiteral([term])}::tsquery)::int`),
          sql` + `,
        );
    const score = matched
      ? sql<string>`round((ts_rank(${kbArticles.search}, ${tsquery}) * (${matched}) / ${terms.length}::float8)::numeric, 6)`
      : sql<string>`round(ts_rank(${kbArticles.search}, ${tsquery})::numeric, 6)`;
    rows = await db
      .select({ ...withEditor, score })
      .from(kbArticles)
      .leftJoin(users, eq(users.id, kbArticles.updatedBy))
      .where(
        and(
          ...filters,
          sql`${kbArticles.search} @@ ${tsquery}`,
          matched ? sql`(${matched}) >= ${required}` : undefined,
          cursor && 's' in cursor ? sql`(${score} < ${cursor.s}::numeric or (${score} = ${cursor.s}::numeric and ${kbArticles.id} > ${cursor.id}::uuid))` : undefined,
        ),
      )
      .orderBy(sql`${score} desc`, kbArticles.id)
      .limit(limit + 1);
  } else {
    rows = await db
      .select({ ...withEditor, score: sql<string | null>`null` })
      .from(kbArticles)
      .leftJoin(users, eq(users.id, kbArticles.updatedBy))
      .where(
        and(
          ...filters,
          cursor && 't' in cursor ? sql`(${kbArticles.updatedAt}, ${kbArticles.id}) < (${cursor.t}::timestamptz, ${cursor.id}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(kbArticles.updatedAt), desc(kbArticles.id))
      .limit(limit + 1);
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor(searching ? { s: String(last.score), id: last.id } : { t: last.updatedAt.toISOString(), id: last.id }) : null;
  const counts = await kbArticleCounts(db, actor, page.map((row) => row.id));
  const items = page.map(({ body, score, ...row }) => ({
    ...row,
    ...(counts.get(row.id) ?? { usedCount: 0, solvedCount: 0 }),
    score: score === null ? 0 : Number(score),
    titleSegments: highlightTerms(row.title, terms),
    snippet: highlightTerms(snippetAround(markdownToPlainText(body), terms), terms),
  }));
  return { items, nextCursor };
}
