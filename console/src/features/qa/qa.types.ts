import type { ContractResponse } from '@shared/contracts/contract';
import type { drawQaSampleContract, evidencePackContract, listQaReviewsContract, listQaScorecardsContract, qaScoresContract } from '@shared/contracts/qa.contracts';
import type { ConsoleLocale } from '../../i18n/messages';

/** The console's names for what the QA endpoints return, read off their contracts. */
export type QaReview = ContractResponse<typeof listQaReviewsContract>['items'][number];
export type QaScorecard = ContractResponse<typeof listQaScorecardsContract>['items'][number];
export type QaScorecardItem = QaScorecard['items'][number];
export type QaScoreRow = ContractResponse<typeof qaScoresContract>['items'][number];
export type QaSample = ContractResponse<typeof drawQaSampleContract>;
export type EvidencePack = ContractResponse<typeof evidencePackContract>;

/** An item's or a card's label in the reader's language. */
export const itemLabel = (item: { labelZh: string; labelEn: string }, locale: ConsoleLocale) => (locale === 'en' ? item.labelEn || item.labelZh : item.labelZh || item.labelEn);
export const cardName = (card: { nameZh: string; nameEn: string }, locale: ConsoleLocale) => (locale === 'en' ? card.nameEn || card.nameZh : card.nameZh || card.nameEn);

/** A month 'YYYY-MM' in China time (the API's months are China's). */
export function chinaMonth(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(date);
  return `${parts.find((part) => part.type === 'year')?.value}-${parts.find((part) => part.type === 'month')?.value}`;
}

/** The `count` months up to this one, newest first. */
export function recentMonths(count: number, now = new Date()): string[] {
  const [year, month] = chinaMonth(now).split('-').map(Number);
  return Array.from({ length: count }, (_, index) => {
    const total = year * 12 + (month - 1) - index;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}

/** Last month: the month a sample is usually drawn for (its tickets are closed). */
export const lastMonth = () => recentMonths(2)[1];
