import { z } from 'zod';
import { TICKET_TYPES } from '../tickets/ticket-vocabulary';

/** What the category suggestions read: the description as typed so far, and the ticket's type. */
export const ZSuggestRequest = z.strictObject({
  text: z.string().max(5000),
  type: z.enum(TICKET_TYPES).default('complaint'),
  /** How many suggestions (default 3). */
  limit: z.int().min(1).max(10).default(3),
});
export type TSuggestRequest = z.infer<typeof ZSuggestRequest>;

/** `model`: the trained classifier; `keywords`: the categories' keyword rules (not enough confirmed history yet). */
export const SUGGESTION_SOURCES = ['model', 'keywords'] as const;
export type SuggestionSource = (typeof SUGGESTION_SOURCES)[number];

/** Retrain now (admins); `heldOutPercent` of the history is kept apart to measure accuracy. */
export const ZRetrainRequest = z.strictObject({ heldOutPercent: z.int().min(5).max(50).default(20) });
