/**
 * The category tree's rules (pure): paths, subtrees, where a category may go and which keywords it keeps. The commands in
 * shared/src/server/reference/ apply them in one transaction; the console's category page uses them to grey out
 * targets a move would refuse.
 */

/** A category's keywords: at most `count`, each at most `length` characters once trimmed. */
export const CATEGORY_KEYWORD_LIMITS = { count: 50, length: 30 } as const;

/** Trimmed, empty ones dropped, the first of each (case-insensitive: `Noise` and `noise` are one) kept, in order. */
export function normalizeKeywords(keywords: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of keywords) {
    const keyword = raw.trim().replace(/\s+/g, ' ');
    const key = keyword.toLowerCase();
    if (keyword === '' || seen.has(key)) continue;
    seen.add(key);
    kept.push(keyword);
  }
  return kept;
}

/** The path of a category under `parentPath` (null: a root). */
export function pathUnder(parentPath: string | null, code: string): string {
  return parentPath === null ? code : `${parentPath}/${code}`;
}

/** Whether `path` is `rootPath` or below it (the report's and the ticket list's subtree filters read paths the same way). */
export function isInSubtree(path: string, rootPath: string): boolean {
  return path === rootPath || path.startsWith(`${rootPath}/`);
}

export interface TreeNode {
  id: string;
  path: string;
  ticketType: string;
  active: boolean;
}

/** Why a category may not go under `parent` (null: it may); `parent` null makes it a root, which is always allowed. */
export function moveProblem(category: TreeNode, parent: TreeNode | null): 'CATEGORY_CYCLE' | 'CATEGORY_TYPE_MISMATCH' | 'CATEGORY_PARENT_INACTIVE' | null {
  if (parent === null) return null;
  if (parent.id === category.id || isInSubtree(parent.path, category.path)) return 'CATEGORY_CYCLE';
  if (parent.ticketType !== category.ticketType) return 'CATEGORY_TYPE_MISMATCH';
  // An active category never sits below an inactive one: what is offered for new tickets is a connected tree.
  if (category.active && !parent.active) return 'CATEGORY_PARENT_INACTIVE';
  return null;
}

/** The path a category of the moved subtree gets: its old path with the moved category's old path swapped for the new. */
export function rebasedPath(path: string, oldRootPath: string, newRootPath: string): string {
  if (!isInSubtree(path, oldRootPath)) throw new Error(`${path} is not below ${oldRootPath}`);
  return newRootPath + path.slice(oldRootPath.length);
}
