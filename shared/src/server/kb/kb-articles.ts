/**
 * Knowledge-base articles (知识库), written by editors and admins: create (a draft, version 1), save (a new version),
 * publish and archive (each a new version too). Every write keeps the article's row as the current version and adds
 * the whole version to `kb_article_versions`, with who and when. The search vector is rebuilt on every write from
 * careline's own terms (text-tokens.ts): title and symptoms weight A, the models C, the body's plain text B.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { requireAccess, access } from '../../auth/access';
import { tsvectorLiteral } from '../../assist/text-tokens';
import { AppError } from '../../errors/app-error';
import { markdownToPlainText } from '../../kb/kb-search-rules';
import type { KbStatus, TKbArticleInput } from '../../kb/kb.schemas';
import type { Database, Executor } from '../db/client';
import { kbArticles, kbArticleVersions } from '../db/schema';

export type KbArticleRow = typeof kbArticles.$inferSelect;

interface KbCommand {
  db: Database;
  actor: Actor;
  now?: Date;
}

/** The article's search vector as a tsvector literal (see the comment on `tsvector` in schema.ts). */
export function articleSearchVector(article: Pick<TKbArticleInput, 'title' | 'body' | 'symptoms' | 'models'>): string {
  return tsvectorLiteral([
    { text: article.title, weight: 'A' },
    { text: (article.symptoms ?? []).join(' \n '), weight: 'A' },
    { text: (article.models ?? []).join(' \n '), weight: 'C' },
    { text: markdownToPlainText(article.body), weight: 'B' },
  ]);
}

const contentOf = (input: TKbArticleInput) => ({
  title: input.title,
  body: input.body,
  models: input.models ?? [],
  yearFrom: input.yearFrom ?? null,
  yearTo: input.yearTo ?? null,
  symptoms: input.symptoms ?? [],
  audience: input.audience ?? 'agents',
});

async function recordVersion(tx: Executor, article: KbArticleRow, actor: Actor, at: Date): Promise<void> {
  await tx.insert(kbArticleVersions).values({
    articleId: article.id,
    version: article.version,
    title: article.title,
    body: article.body,
    models: article.models,
    yearFrom: article.yearFrom,
    yearTo: article.yearTo,
    symptoms: article.symptoms,
    audience: article.audience,
    status: article.status,
    editedBy: actor.kind === 'user' ? actor.id : null,
    editedAt: at,
  });
}

/** Writes a new article: a draft, version 1. */
export async function createKbArticle({ db, actor, now, input }: KbCommand & { input: TKbArticleInput }): Promise<KbArticleRow> {
  requireAccess(actor, access.kbEditors);
  const at = now ?? new Date();
  const userId = actor.kind === 'user' ? actor.id : null;
  return db.transaction(async (tx) => {
    const content = contentOf(input);
    const [article] = await tx
      .insert(kbArticles)
      .values({
        id: randomUUID(),
        ...content,
        status: 'draft',
        version: 1,
        search: sql`${articleSearchVector(content)}::tsvector`,
        createdBy: userId,
        createdAt: at,
        updatedBy: userId,
        updatedAt: at,
      })
      .returning();
    await recordVersion(tx, article!, actor, at);
    return article!;
  });
}

/**
 * Moves the article from `expectedVersion` to the next, with `changes`, in one statement: a version saved in between
 * (another editor) is a 409 VERSION_CONFLICT, an unknown id a 404.
 */
async function writeVersion(
  tx: Executor,
  actor: Actor,
  at: Date,
  articleId: string,
  expectedVersion: number,
  changes: Partial<Omit<typeof kbArticles.$inferInsert, 'search'>> & { search?: SQL },
): Promise<KbArticleRow> {
  const [saved] = await tx
    .update(kbArticles)
    .set({ ...changes, version: sql`${kbArticles.version} + 1`, updatedBy: actor.kind === 'user' ? actor.id : null, updatedAt: at })
    .where(and(eq(kbArticles.id, articleId), eq(kbArticles.version, expectedVersion)))
    .returning();
  if (!saved) {
    const [current] = await tx.select({ version: kbArticles.version }).from(kbArticles).where(eq(kbArticles.id, articleId));
    if (!current) throw new AppError('NOT_FOUND');
    throw new AppError('VERSION_CONFLICT', { expected: expectedVersion, actual: current.version });
  }
  await recordVersion(tx, saved, actor, at);
  return saved;
}

/**
 * Saves a new version of an article's content. Its status stays: a published article edited is published as saved
 * (readers find the new text at once); a draft stays a draft.
 */
export async function updateKbArticle({ db, actor, now, articleId, version, input }: KbCommand & { articleId: string; version: number; input: TKbArticleInput }): Promise<KbArticleRow> {
  requireAccess(actor, access.kbEditors);
  const content = contentOf(input);
  return db.transaction((tx) => writeVersion(tx, actor, now ?? new Date(), articleId, version, { ...content, search: sql`${articleSearchVector(content)}::tsvector` }));
}

/** Which status each move leaves from. */
const MOVES: Record<'publish' | 'archive', { from: readonly KbStatus[]; to: KbStatus }> = {
  publish: { from: ['draft', 'archived'], to: 'published' },
  archive: { from: ['draft', 'published'], to: 'archived' },
};

/**
 * Publishes (from a draft or an archived article) or archives (a draft or a published article) as a new version.
 * 409 KB_INVALID_STATUS when the article is already there.
 */
export async function moveKbArticle({ db, actor, now, articleId, version, move }: KbCommand & { articleId: string; version: number; move: 'publish' | 'archive' }): Promise<KbArticleRow> {
  requireAccess(actor, access.kbEditors);
  const at = now ?? new Date();
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ status: kbArticles.status, version: kbArticles.version }).from(kbArticles).where(eq(kbArticles.id, articleId)).for('update');
    if (!current) throw new AppError('NOT_FOUND');
    if (current.version !== version) throw new AppError('VERSION_CONFLICT', { expected: version, actual: current.version });
    const { from, to } = MOVES[move];
    if (!from.includes(current.status)) throw new AppError('KB_INVALID_STATUS', { status: current.status, action: move });
    return writeVersion(tx, actor, at, articleId, version, { status: to, ...(to === 'published' ? { publishedAt: at } : {}) });
  });
}
