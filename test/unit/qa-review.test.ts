import fc from 'fast-check';
import { answerProblems, type QaScorecardItem, scoreAnswers } from '../../shared/src/qa/qa-review';
import { monthBounds, seededOrder } from '../../shared/src/server/qa/qa-reviews';

const items: QaScorecardItem[] = [
  { key: 'in_time', labelZh: '及时', labelEn: 'In time', kind: 'yes_no', weight: 3 },
  { key: 'quality', labelZh: '质量', labelEn: 'Quality', kind: 'scale', weight: 1 },
];

describe('QA scorecards', () => {
  it('scores yes as 1, no as 0 and a scale answer v as (v − 1) / 4, weighted, out of 100', () => {
    expect(scoreAnswers(items, { in_time: true, quality: 5 })).toBe(100);
    expect(scoreAnswers(items, { in_time: false, quality: 1 })).toBe(0);
    expect(scoreAnswers(items, { in_time: true, quality: 3 })).toBe(87.5);
  });

  it('names every unanswered, out-of-range or unknown answer', () => {
    expect(answerProblems(items, { in_time: true, quality: 2 })).toEqual([]);
    expect(answerProblems(items, { quality: 0, extra: true })).toEqual([
      { key: 'in_time', problem: 'not_answered' },
      { key: 'quality', problem: 'scale' },
      { key: 'extra', problem: 'unknown_item' },
    ]);
    expect(answerProblems(items, { in_time: 1, quality: 2.5 })).toHaveLength(2);
  });
});

describe('seeded sampling order', () => {
  it('depends on the seed and the candidates only, not on their order (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 30 }), fc.string({ minLength: 1 }), (ids, seed) => {
        const order = seededOrder(seed, ids);
        expect(seededOrder(seed, [...ids].reverse())).toEqual(order);
        expect([...order].sort()).toEqual([...ids].sort());
      }),
    );
  });

  it('bounds a month in China time', () => {
    expect(monthBounds('2026-12')).toEqual({ from: new Date('2026-11-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
  });
});
