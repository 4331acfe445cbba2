import { z } from 'zod';

/**
 * QA review (质检): monthly samples of closed tickets per dealer, scored on a scorecard. Pure rules and request
 * schemas; the draw itself (seeded order) and the writes are in shared/src/server/qa/.
 */
export const QA_ITEM_KINDS = ['yes_no', 'scale'] as const;
export type QaItemKind = (typeof QA_ITEM_KINDS)[number];

export interface QaScorecardItem {
  key: string;
  labelZh: string;
  labelEn: string;
  kind: QaItemKind;
  weight: number;
}

export type QaAnswers = Record<string, boolean | number>;

export type AnswerProblem = 'not_answered' | 'yes_no' | 'scale' | 'unknown_item';

/** What each problem says, in English and Chinese (VALIDATION_FAILED's issues carry both, as zod's do). */
export const ANSWER_PROBLEM_MESSAGES: Record<AnswerProblem, { en: string; zh: string }> = {
  not_answered: { en: 'not answered', zh: '未作答' },
  yes_no: { en: 'answer yes (true) or no (false)', zh: '请回答是或否' },
  scale: { en: 'answer 1–5', zh: '请打 1–5 分' },
  unknown_item: { en: 'not on this scorecard', zh: '评分卡上没有此项' },
};

/** Problems with a set of answers against a scorecard: every item answered, each in its kind's range, nothing else. */
export function answerProblems(items: readonly QaScorecardItem[], answers: QaAnswers): Array<{ key: string; problem: AnswerProblem }> {
  const problems: Array<{ key: string; problem: AnswerProblem }> = [];
  for (const item of items) {
    const value = answers[item.key];
    if (value === undefined) problems.push({ key: item.key, problem: 'not_answered' });
    else if (item.kind === 'yes_no' && typeof value !== 'boolean') problems.push({ key: item.key, problem: 'yes_no' });
    else if (item.kind === 'scale' && !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5)) problems.push({ key: item.key, problem: 'scale' });
  }
  const known = new Set(items.map((item) => item.key));
  for (const key of Object.keys(answers)) if (!known.has(key)) problems.push({ key, problem: 'unknown_item' });
  return problems;
}

/** The weighted score, 0–100: yes counts 1 and no 0, a scale answer v counts (v − 1) / 4. Rounded to 0.1. */
export function scoreAnswers(items: readonly QaScorecardItem[], answers: QaAnswers): number {
  const totalWeight = items.reduce((sum, item) => sum + item.weight, 0);
  if (totalWeight === 0) return 0;
  const earned = items.reduce((sum, item) => {
    const value = answers[item.key];
    const fraction = item.kind === 'yes_no' ? (value === true ? 1 : 0) : (Number(value) - 1) / 4;
    return sum + item.weight * fraction;
  }, 0);
  return Math.round((earned / totalWeight) * 1000) / 10;
}

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);
/** A calendar month, 'YYYY-MM'. */
export const ZMonth = z.string().regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const ZCode = z.string().trim().regex(/^[A-Z][A-Z0-9-]{1,39}$/, 'upper-case letters, digits and -, starting with a letter');

export const ZQaScorecardItem = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _'),
  labelZh: trimmed(1, 100),
  labelEn: trimmed(1, 160),
  kind: z.enum(QA_ITEM_KINDS),
  weight: z.int().min(1).max(100),
});

const ZItems = z
  .array(ZQaScorecardItem)
  .min(1)
  .max(30)
  .refine((items) => new Set(items.map((item) => item.key)).size === items.length, { message: 'item keys must differ' });

export const ZCreateQaScorecardRequest = z.strictObject({ code: ZCode, nameZh: trimmed(1, 60), nameEn: trimmed(1, 100), items: ZItems });
export type TCreateQaScorecardRequest = z.infer<typeof ZCreateQaScorecardRequest>;

export const ZUpdateQaScorecardRequest = z.strictObject({
  version: z.int().positive(),
  nameZh: trimmed(1, 60).optional(),
  nameEn: trimmed(1, 100).optional(),
  items: ZItems.optional(),
  active: z.boolean().optional(),
});
export type TUpdateQaScorecardRequest = z.infer<typeof ZUpdateQaScorecardRequest>;

/** Draw the month's sample: `perDealer` closed tickets of each dealer (or of `dealerIds`), never one drawn before. */
export const ZDrawQaSampleRequest = z.strictObject({
  month: ZMonth,
  perDealer: z.int().min(1).max(100),
  /** Any text; the same seed over the same closed tickets draws the same sample. Random when not given. */
  seed: trimmed(1, 100).optional(),
  dealerIds: z.array(z.uuid()).min(1).max(500).optional(),
  scorecardCode: ZCode.default('STANDARD'),
});
export type TDrawQaSampleRequest = z.infer<typeof ZDrawQaSampleRequest>;

export const ZQaReviewQuery = z.strictObject({
  month: ZMonth.optional(),
  dealerId: z.uuid().optional(),
  status: z.enum(['pending', 'done']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TQaReviewQuery = z.infer<typeof ZQaReviewQuery>;

export const ZSubmitQaReviewRequest = z.strictObject({
  version: z.int().positive(),
  answers: z.record(z.string().max(40), z.union([z.boolean(), z.number()])),
  comment: trimmed(1, 2000).optional(),
});
export type TSubmitQaReviewRequest = z.infer<typeof ZSubmitQaReviewRequest>;

export const ZQaScoresQuery = z.strictObject({ month: ZMonth.optional(), dealerId: z.uuid().optional() });
export type TQaScoresQuery = z.infer<typeof ZQaScoresQuery>;
