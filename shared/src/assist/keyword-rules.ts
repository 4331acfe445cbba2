/**
 * The category suggestions' fallback before there is enough confirmed history to learn from: each category's keywords
 * (`categories.keywords`, zh or en). A Chinese keyword matches as a substring (no word boundaries to respect); an
 * English one when all of its stemmed words occur in the text (brakes squeal ~ squealing brake). A longer keyword says
 * more than a short one, so it weighs more; the scores are each category's share of all matches.
 */
import { distinctTerms } from './text-tokens';

export interface KeywordCategory {
  readonly id: string;
  readonly keywords: readonly string[];
}

export interface KeywordMatch {
  readonly categoryId: string;
  /** The category's share of the weight of all keywords that matched (the items sum to 1 before `limit`). */
  readonly score: number;
  /** The keywords that matched, heaviest first. */
  readonly terms: Array<{ term: string; weight: number }>;
}

const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

interface CompiledKeyword {
  readonly keyword: string;
  /** Chinese: the folded phrase to find; English: the stemmed words that must all occur. */
  readonly phrase: string | null;
  readonly words: readonly string[];
  readonly weight: number;
}

const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * Weight: a Chinese keyword's characters (two characters ~ one English word), an English keyword's words × 2, so
 * 刹车失灵 (4) outweighs 刹车 (2) and "brake failure" (4) outweighs "brake" (2).
 */
function compile(keyword: string): CompiledKeyword | null {
  const trimmed = keyword.trim();
  if (!trimmed) return null;
  if (HAS_CJK.test(trimmed)) {
    const phrase = fold(trimmed).replace(/\s+/g, '');
    return { keyword: trimmed, phrase, words: [], weight: Array.from(phrase).length };
  }
  const words = distinctTerms(trimmed);
  if (words.length === 0) return null;
  return { keyword: trimmed, phrase: null, words, weight: words.length * 2 };
}

/** Categories with their keywords compiled once; `match` is then called per keystroke. */
export class KeywordRules {
  private readonly rules: Array<{ id: string; keywords: CompiledKeyword[] }>;

  constructor(categories: readonly KeywordCategory[]) {
    this.rules = categories
      .map((category) => ({ id: category.id, keywords: category.keywords.map(compile).filter((item): item is CompiledKeyword => item !== null) }))
      .filter((rule) => rule.keywords.length > 0);
  }

  /** The categories whose keywords occur in the text, best first; [] when none does. */
  match(text: string, limit = 3): KeywordMatch[] {
    const folded = fold(text).replace(/\s+/g, '');
    const words = new Set(distinctTerms(text));
    const scored: Array<{ categoryId: string; weight: number; terms: Array<{ term: string; weight: number }> }> = [];
    for (const rule of this.rules) {
      const terms = rule.keywords
        .filter((keyword) => (keyword.phrase !== null ? folded.includes(keyword.phrase) : keyword.words.every((word) => words.has(word))))
        .map((keyword) => ({ term: keyword.keyword, weight: keyword.weight }));
      if (terms.length === 0) continue;
      terms.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
      scored.push({ categoryId: rule.id, weight: terms.reduce((sum, term) => sum + term.weight, 0), terms });
    }
    const total = scored.reduce((sum, item) => sum + item.weight, 0);
    return scored
      .sort((a, b) => b.weight - a.weight || (a.categoryId < b.categoryId ? -1 : 1))
      .slice(0, limit)
      .map((item) => ({ categoryId: item.categoryId, score: Math.round((item.weight / total) * 10000) / 10000, terms: item.terms }));
  }
}
