/**
 * Category suggestions (issue 14): the three most likely categories for a description as the agent types it, learned
 * from the hotline's own confirmed tickets and imported labelled history (a naive Bayes model over Chinese character
 * n-grams and English words, shared/src/assist), or from the categories' keyword rules before there is enough history.
 */
import { z } from 'zod';
import { access } from '../auth/access';
import { SUGGESTION_SOURCES, ZRetrainRequest, ZSuggestRequest } from '../assist/assist.schemas';
import { PRIORITIES } from '../tickets/ticket-vocabulary';
import { defineContract } from './contract';
import { itemsOf, ZNamedRef, ZWireTimestamp } from './wire';

const tag = 'assist';

export const ZCategorySuggestion = z.object({
  categoryId: z.string(),
  /** 0–1: the model's probability (or the keyword rules' share), over the categories of the ticket's type. */
  score: z.number(),
  category: ZNamedRef.extend({ path: z.string() }),
  /** What choosing it implies: the category's default priority and the departments it copies. */
  priority: z.enum(PRIORITIES).nullable(),
  ccDepartments: z.array(ZNamedRef),
  /** The words (or character pairs) of the text that weighed most for it, strongest first. */
  terms: z.array(z.object({ term: z.string(), weight: z.number() })),
});

export const ZSuggestResponse = z.object({
  items: z.array(ZCategorySuggestion),
  source: z.enum(SUGGESTION_SOURCES),
  /** The model that answered (null: keyword rules). */
  modelId: z.string().nullable(),
});

export const ZAssistAccuracy = z.object({
  top1: z.number(),
  top3: z.number(),
  perCategory: z.array(z.object({ categoryId: z.string(), code: z.string(), samples: z.number(), top1: z.number(), top3: z.number() })),
});

export const ZAssistModel = z.object({
  id: z.string(),
  algorithm: z.string(),
  status: z.enum(['active', 'superseded']),
  ticketSamples: z.number(),
  importedSamples: z.number(),
  heldOutSamples: z.number(),
  categories: z.number(),
  accuracy: ZAssistAccuracy,
  trainMs: z.number(),
  trainedByName: z.string().nullable(),
  createdAt: ZWireTimestamp,
});

export const suggestCategoriesContract = defineContract({
  method: 'post',
  path: '/assist/suggest',
  tag,
  summary: 'The most likely categories for a description, ranked, with the priority and departments each implies and the words that weighed most',
  access: access.hotline,
  body: ZSuggestRequest,
  success: { status: 200, body: ZSuggestResponse },
});

export const retrainAssistContract = defineContract({
  method: 'post',
  path: '/admin/assist/retrain',
  tag,
  summary: 'Train the category suggestions now on the confirmed history; answers the new model with its accuracy on a held-out part',
  access: access.admin,
  body: ZRetrainRequest,
  success: { status: 201, body: z.object({ model: ZAssistModel }) },
});

export const listAssistModelsContract = defineContract({
  method: 'get',
  path: '/admin/assist/models',
  tag,
  summary: 'Trained models, newest first, with their accuracy (the active one serves suggestions)',
  access: access.admin,
  success: { status: 200, body: itemsOf(ZAssistModel) },
});
