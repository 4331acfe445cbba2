import { or, eq, like, type SQL } from 'drizzle-orm';
import { categories } from '../db/schema';

/**
 * The rows of a category and everything below it, by path (as the report's and the ticket list's filters read a
 * subtree). Codes hold no LIKE wildcards (ZCategoryCode), so the prefix is literal.
 */
export function subtreeOf(rootPath: string): SQL {
  return or(eq(categories.path, rootPath), like(categories.path, `${rootPath}/%`))!;
}
