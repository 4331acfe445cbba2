import { eq } from 'drizzle-orm';
import { TtlCache } from '../cache/ttl-cache';
import type { Executor } from '../db/client';
import { categories } from '../db/schema';

export type CategoryRow = typeof categories.$inferSelect;

/**
 * Categories are reference data read at every create and routing preview (active, ticket type, default priority,
 * copied departments): each is kept for a few seconds. An edit through this process forgets them at once
 * (`forgetCategories`); other API and worker processes see it within the TTL, as with SLA policies and calendars.
 */
export const CATEGORY_CACHE_TTL_MS = 5_000;
const categoryCache = new TtlCache<string, CategoryRow | undefined>(CATEGORY_CACHE_TTL_MS);
/** Counts `forgetCategories` calls, so that other in-process copies of the categories (suggestions) know theirs is stale. */
let generation = 0;

export function cachedCategory(db: Executor, id: string): Promise<CategoryRow | undefined> {
  return categoryCache.get(id, async () => (await db.select().from(categories).where(eq(categories.id, id)))[0]);
}

export function forgetCategories(): void {
  categoryCache.clear();
  generation += 1;
}

/** Changes whenever this process edits a category: a copy read at another generation must be read again. */
export function categoriesGeneration(): number {
  return generation;
}
