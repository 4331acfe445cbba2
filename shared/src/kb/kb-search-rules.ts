/**
 * The knowledge base's search rules that need no database: how many of a query's terms an article must contain, which
 * roles read what, and the snippet of an article's body shown with a hit (pure, unit-tested in test/unit/kb-search.test.ts).
 */
import { isHotlineRole } from '../auth/actor';
import { distinctTerms, textTerms } from '../assist/text-tokens';
import type { Role } from '../tickets/ticket-vocabulary';
import type { KbAudienceValue } from './kb.schemas';

/** A query's terms beyond this many are not searched for (a 200-character Chinese query has ~200 bigrams). */
export const MAX_QUERY_TERMS = 40;

/** The distinct terms a search looks for, in order of first appearance, at most MAX_QUERY_TERMS. */
export function queryTerms(query: string | undefined): string[] {
  return query ? distinctTerms(query).slice(0, MAX_QUERY_TERMS) : [];
}

/**
 * How many of a query's distinct terms an article must contain to be found: all of them for one or two terms, else
 * 60 % rounded up. A long Chinese query (many bigrams) then finds the articles sharing most of it, not every article
 * that shares one bigram, while a query with a word the article lacks (a typo, a particle's bigram) still finds it.
 */
export function requiredMatches(termCount: number): number {
  if (termCount <= 2) return termCount;
  return Math.ceil(termCount * 0.6);
}

/** Writes articles (every status): editors and admins. */
export function isKbEditor(role: Role): boolean {
  return role === 'editor' || role === 'admin';
}

/**
 * The audiences a role reads: the hotline and editors every article, dealers (and their technicians) and departments
 * those meant for `everyone`.
 */
export function readableAudiences(role: Role): KbAudienceValue[] {
  return isHotlineRole(role) || isKbEditor(role) ? ['agents', 'everyone'] : ['everyone'];
}

/**
 * Markdown as plain text, for the snippet and the highlights: no link targets, images, emphasis marks, heading or
 * list markers, code fences or table rules. Not a Markdown parser: good enough to show a sentence of the body.
 */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n?/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>\n]*>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/gm, '')
    .replace(/\|/g, ' ')
    .replace(/(\*\*|__|\*|_|~~|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** About this many characters of the body are shown with a hit. */
export const SNIPPET_LENGTH = 120;

/**
 * The ~120 characters of `text` around its best hit: the window holding the most of the query's distinct terms
 * (their first occurrence in it), starting a little before the first of them. With no hit, the text's beginning.
 */
export function snippetAround(text: string, terms: readonly string[], length = SNIPPET_LENGTH): string {
  if (text.length <= length) return text;
  const wanted = new Set(terms);
  const hits = wanted.size > 0 ? textTerms(text, { unigrams: true }).filter((term) => wanted.has(term.term)) : [];
  if (hits.length === 0) return `${text.slice(0, length).trimEnd()}…`;
  let best = { start: hits[0]!.start, score: 0 };
  let tail = 0;
  // A sliding window over the hits: the one whose hits cover the most distinct terms wins (the earliest on a tie).
  const inWindow = new Map<string, number>();
  for (let head = 0; head < hits.length; head++) {
    const hit = hits[head]!;
    inWindow.set(hit.term, (inWindow.get(hit.term) ?? 0) + 1);
    while (hit.end - hits[tail]!.start > length) {
      const left = hits[tail]!.term;
      const count = inWindow.get(left)! - 1;
      if (count === 0) inWindow.delete(left);
      else inWindow.set(left, count);
      tail += 1;
    }
    if (inWindow.size > best.score) best = { start: hits[tail]!.start, score: inWindow.size };
  }
  // Some context before the hit, but never past the text's start or so far that the hit falls out of the window.
  const start = Math.max(0, Math.min(best.start - 20, text.length - length));
  const end = Math.min(text.length, start + length);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
