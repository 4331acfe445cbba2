/**
 * Terms of a text in Chinese or English, the same for the knowledge base's search and the category suggestions'
 * features. Chinese has no spaces between words, so a run of Chinese characters gives its overlapping character
 * bigrams (发动机异响 → 发动 动机 机异 异响): a query's bigrams find a phrase inside a longer sentence without a word
 * list. Letters and digits give lower-cased words, with English stop words left out and plural/-ing/-ed endings cut
 * (noises → noise, braking → brake). Full-width letters and digits count as their ASCII forms (NFKC).
 *
 * Each term keeps where it is in the text (UTF-16 offsets), so a hit can be highlighted in the text as written.
 */

export interface TextTerm {
  readonly term: string;
  /** Offsets in the original text: text.slice(start, end) is what the term was made from. */
  readonly start: number;
  readonly end: number;
}

/** Han, kana and hangul: scripts written without spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}]/u;

/** Common English words that say nothing about a complaint's subject. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there these they this to too up us was we were ' +
    'what when which while who will with would you your am all any after again also just only very about over out ' +
    'because before being both each few more most other some such own same should now'
  ).split(' '),
);

/** A light English stemmer: enough that noise/noises and brake/braking/braked meet, never cutting a word below 3 letters. */
export function stemWord(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return restoreE(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return restoreE(word.slice(0, -2));
  if (word.endsWith('es') && /(ch|sh|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/** brak → brake, stall → stall, stopp → stop: the stem of an -ing/-ed form, as its plain form would stem. */
function restoreE(stem: string): string {
  if (/([b-df-hj-np-tv-z])\1$/.test(stem) && !/(ll|ss|zz)$/.test(stem)) return stem.slice(0, -1);
  if (/[^aeiou][aeiouy][bcdfgkmnprstvz]$/.test(stem) && stem.length <= 5) return `${stem}e`;
  return stem;
}

interface Run {
  readonly cjk: boolean;
  readonly start: number;
  readonly end: number;
}

/** The runs of CJK characters and of other letters/digits, in order; everything else separates them. */
function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let start = -1;
  let cjk = false;
  let offset = 0;
  for (const char of text) {
    const isCjk = CJK.test(char);
    const isWord = !isCjk && WORD.test(char);
    if (start >= 0 && (!(isCjk || isWord) || isCjk !== cjk)) {
      runs.push({ cjk, start, end: offset });
      start = -1;
    }
    if (start < 0 && (isCjk || isWord)) {
      start = offset;
      cjk = isCjk;
    }
    offset += char.length;
  }
  if (start >= 0) runs.push({ cjk, start, end: offset });
  return runs;
}

export interface TermOptions {
  /** Also every single Chinese character (the classifier's features; the search uses bigrams only). */
  readonly unigrams?: boolean;
  /**
   * Also the last character of each Chinese run, alone (the search index): every character is then the first of some
   * term, so a one-character query finds it by prefix (`'响':*` matches 响声 and the 响 that ends 异响).
   */
  readonly runEnds?: boolean;
}

/** A single CJK character: as a query term it matches by prefix (see `runEnds`). */
export const isSingleCjkCharacter = (term: string): boolean => Array.from(term).length === 1 && CJK.test(term);

/** The terms of a text in order, repeated as often as they occur. */
export function textTerms(text: string, options: TermOptions = {}): TextTerm[] {
  const terms: TextTerm[] = [];
  for (const run of runsOf(text)) {
    if (run.cjk) {
      const chars = Array.from(text.slice(run.start, run.end));
      let offset = run.start;
      if (chars.length === 1) {
        terms.push({ term: chars[0]!, start: offset, end: offset + chars[0]!.length });
        continue;
      }
      for (let i = 0; i < chars.length; i++) {
        const char = chars[i]!;
        if (options.unigrams) terms.push({ term: char, start: offset, end: offset + char.length });
        const next = chars[i + 1];
        if (next !== undefined) terms.push({ term: char + next, start: offset, end: offset + char.length + next.length });
        else if (options.runEnds && !options.unigrams) terms.push({ term: char, start: offset, end: offset + char.length });
        offset += char.length;
      }
    } else {
      const word = text.slice(run.start, run.end).normalize('NFKC').toLowerCase();
      if (STOP_WORDS.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
      terms.push({ term: stemWord(word), start: run.start, end: run.end });
    }
  }
  return terms;
}

/** The distinct terms of a text, in order of first appearance. */
export function distinctTerms(text: string, options: TermOptions = {}): string[] {
  return [...new Set(textTerms(text, options).map((term) => term.term))];
}

export type TermWeight = 'A' | 'B' | 'C' | 'D';

/** Longer terms (a run of letters without a space, e.g. a pasted hash) are left out of a tsvector. */
const MAX_TERM_LENGTH = 100;

/** PostgreSQL keeps positions up to 16383; later ones share the last. */
const MAX_POSITION = 16383;

/**
 * A tsvector literal of weighted texts ('异响':3A,9B 'noise':12B): terms are letters and digits only, so they need
 * no escaping; positions run on across the parts, so a phrase in the title and one in the body stay apart. Chinese
 * runs give their bigrams and their last character (`runEnds`), for one-character queries.
 */
export function tsvectorLiteral(parts: ReadonlyArray<{ text: string; weight: TermWeight }>): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const part of parts) {
    for (const { term } of textTerms(part.text, { runEnds: true })) {
      position = Math.min(position + 1, MAX_POSITION);
      // PostgreSQL refuses a lexeme over 2,047 bytes (the whole vector with it); nobody searches for such a "word".
      if (term.length > MAX_TERM_LENGTH) continue;
      const list = positions.get(term);
      const entry = `${position}${part.weight}`;
      if (list) {
        if (list.length < 256) list.push(entry);
      } else positions.set(term, [entry]);
    }
    position = Math.min(position + 1, MAX_POSITION);
  }
  return [...positions].map(([term, at]) => `'${term}':${at.join(',')}`).join(' ');
}

/**
 * A tsquery literal matching any ('|') or every ('&') of the terms; '' when there are none. A single Chinese character
 * matches by prefix: the index (tsvectorLiteral) holds it as the first character of a bigram or as a run's end.
 */
export function tsqueryLiteral(terms: readonly string[], operator: '|' | '&' = '|'): string {
  return terms.map((term) => (isSingleCjkCharacter(term) ? `'${term}':*` : `'${term}'`)).join(` ${operator} `);
}

export interface TextSegment {
  readonly text: string;
  readonly hit: boolean;
}

/**
 * The text cut into segments, those covered by one of the terms marked as hits: for highlighting a search result
 * without putting markup into it (the console renders the segments as text).
 */
export function highlightTerms(text: string, terms: Iterable<string>): TextSegment[] {
  const wanted = new Set(terms);
  const covered = new Uint8Array(text.length);
  for (const { term, start, end } of textTerms(text, { unigrams: true })) {
    if (wanted.has(term)) covered.fill(1, start, end);
  }
  const segments: TextSegment[] = [];
  let from = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || covered[i] !== covered[from]) {
      segments.push({ text: text.slice(from, i), hit: covered[from] === 1 });
      from = i;
    }
  }
  return segments;
}
