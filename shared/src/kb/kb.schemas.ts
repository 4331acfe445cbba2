import { z } from 'zod';

/** Knowledge-base vocabulary and request schemas (issue 14). The search terms are shared/src/assist/text-tokens.ts. */
export const KB_STATUSES = ['draft', 'published', 'archived'] as const;
export type KbStatus = (typeof KB_STATUSES)[number];

/** `agents`: the hotline only; `everyone`: dealers, their technicians and departments too. */
export const KB_AUDIENCES = ['agents', 'everyone'] as const;
export type KbAudienceValue = (typeof KB_AUDIENCES)[number];

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);
const year = z.int().min(1980).max(2100);

/** An article as an editor writes it (create, and every save of a new version). */
export const ZKbArticleInput = z
  .strictObject({
    title: trimmed(2, 200),
    /** Markdown; raw HTML is shown as text, never rendered. */
    body: trimmed(1, 50_000),
    models: z.array(trimmed(1, 100)).max(50).default([]),
    yearFrom: year.nullable().optional(),
    yearTo: year.nullable().optional(),
    symptoms: z.array(trimmed(1, 50)).max(30).default([]),
    audience: z.enum(KB_AUDIENCES).default('agents'),
  })
  .refine((input) => input.yearFrom == null || input.yearTo == null || input.yearFrom <= input.yearTo, {
    message: 'yearFrom must not be after yearTo',
    path: ['yearTo'],
  });
export type TKbArticleInput = z.infer<typeof ZKbArticleInput>;

/** A save: the new content, and the version it was edited from (409 CONFLICT when someone saved in between). */
export const ZKbArticleUpdate = z.strictObject({ version: z.int().positive(), article: ZKbArticleInput });

/** Publish or archive: the version the editor saw. */
export const ZKbStatusChange = z.strictObject({ version: z.int().positive() });

export const ZKbSearchQuery = z.strictObject({
  /** Words or a phrase, Chinese or English; empty: the newest articles. */
  q: z.string().trim().max(200).optional(),
  /** Only articles for this vehicle model (and those for every model). */
  model: z.string().trim().max(100).optional(),
  year: z.coerce.number().int().min(1980).max(2100).optional(),
  /** Editors may list drafts and archived articles; everyone else reads published ones only. */
  status: z.enum(KB_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(200).optional(),
});
export type TKbSearchQuery = z.infer<typeof ZKbSearchQuery>;

export const ZKbVersionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().positive() });

/** Attach an article used on a ticket; `resolve: true` also resolves the ticket with it (first-contact resolution). */
export const ZKbLinkRequest = z.strictObject({
  version: z.int().positive(),
  articleId: z.uuid(),
  resolve: z.boolean().default(false),
  comment: trimmed(1, 2000).optional(),
});
export type TKbLinkRequest = z.infer<typeof ZKbLinkRequest>;
