/**
 * The knowledge base (知识库, issue 14): articles with versions, a search that works for Chinese and English, and the
 * articles used on a ticket. Editors (role `editor`) and admins write; the hotline reads every published article,
 * dealers and departments those whose audience is `everyone`.
 */
import { z } from 'zod';
import { access } from '../auth/access';
import { KB_AUDIENCES, KB_STATUSES, ZKbArticleInput, ZKbLinkRequest, ZKbSearchQuery, ZKbStatusChange, ZKbArticleUpdate, ZKbVersionParams } from '../kb/kb.schemas';
import { ZTicketParams } from '../tickets/ticket.schemas';
import { defineContract } from './contract';
import { ZTicketAfterCommand } from './tickets.contracts';
import { itemsOf, ZUuidParams, ZWireTimestamp } from './wire';

const tag = 'knowledge';

/** A piece of text with the parts a search hit marked (`hit`), to highlight without markup. */
export const ZTextSegment = z.object({ text: z.string(), hit: z.boolean() });

/** What an editor writes, as each version keeps it (the body apart: search hits carry a snippet instead). */
const writtenFields = {
  title: z.string(),
  models: z.array(z.string()),
  yearFrom: z.number().nullable(),
  yearTo: z.number().nullable(),
  symptoms: z.array(z.string()),
  audience: z.enum(KB_AUDIENCES),
  status: z.enum(KB_STATUSES),
};

const articleFields = {
  id: z.string(),
  ...writtenFields,
  version: z.number(),
  createdAt: ZWireTimestamp,
  updatedAt: ZWireTimestamp,
  publishedAt: ZWireTimestamp.nullable(),
  updatedByName: z.string().nullable(),
  /** Tickets it was attached to, and resolved with (for the hotline only; others see their own tickets' counts). */
  usedCount: z.number(),
  solvedCount: z.number(),
};

/** One article, whole: the Markdown as written and as safe HTML. */
export const ZKbArticle = z.object({ ...articleFields, body: z.string(), bodyHtml: z.string() });

/** A search result: the article's summary with its title and a snippet of its body cut into highlighted segments. */
export const ZKbSearchHit = z.object({ ...articleFields, score: z.number(), titleSegments: z.array(ZTextSegment), snippet: z.array(ZTextSegment) });

/** One saved version of an article, as its history lists it. */
export const ZKbArticleVersion = z.object({
  version: z.number(),
  ...writtenFields,
  body: z.string(),
  editedAt: ZWireTimestamp,
  editedByName: z.string().nullable(),
});

/** An article used on a ticket. */
export const ZTicketKbLink = z.object({
  articleId: z.string(),
  title: z.string(),
  articleVersion: z.number(),
  linkedAt: ZWireTimestamp,
  linkedByName: z.string().nullable(),
  resolvedWith: z.boolean(),
});

export const searchKbContract = defineContract({
  method: 'get',
  path: '/kb/articles',
  tag,
  summary: 'Search the articles you may read (Chinese phrases inside longer text, English words), ranked, with highlights; filter by model and year',
  access: access.signedIn,
  query: ZKbSearchQuery,
  success: { status: 200, body: z.object({ items: z.array(ZKbSearchHit), nextCursor: z.string().nullable() }) },
});

export const getKbArticleContract = defineContract({
  method: 'get',
  path: '/kb/articles/:id',
  tag,
  summary: 'One article (drafts and archived ones: editors only)',
  access: access.signedIn,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ article: ZKbArticle }) },
});

export const createKbArticleContract = defineContract({
  method: 'post',
  path: '/kb/articles',
  tag,
  summary: 'Write a new article (a draft, version 1)',
  access: access.kbEditors,
  body: ZKbArticleInput,
  success: { status: 201, body: z.object({ article: ZKbArticle }) },
});

export const updateKbArticleContract = defineContract({
  method: 'put',
  path: '/kb/articles/:id',
  tag,
  summary: 'Save a new version of an article (409 CONFLICT when it was saved since `version`)',
  access: access.kbEditors,
  params: ZUuidParams,
  body: ZKbArticleUpdate,
  success: { status: 200, body: z.object({ article: ZKbArticle }) },
});

export const publishKbArticleContract = defineContract({
  method: 'post',
  path: '/kb/articles/:id/publish',
  tag,
  summary: 'Publish an article (a new version)',
  access: access.kbEditors,
  params: ZUuidParams,
  body: ZKbStatusChange,
  success: { status: 200, body: z.object({ article: ZKbArticle }) },
});

export const archiveKbArticleContract = defineContract({
  method: 'post',
  path: '/kb/articles/:id/archive',
  tag,
  summary: 'Archive an article: readers no longer find it; tickets keep their links',
  access: access.kbEditors,
  params: ZUuidParams,
  body: ZKbStatusChange,
  success: { status: 200, body: z.object({ article: ZKbArticle }) },
});

export const listKbVersionsContract = defineContract({
  method: 'get',
  path: '/kb/articles/:id/versions',
  tag,
  summary: 'Every saved version of an article, newest first (editors)',
  access: access.kbEditors,
  params: ZUuidParams,
  success: { status: 200, body: itemsOf(ZKbArticleVersion) },
});

export const getKbVersionContract = defineContract({
  method: 'get',
  path: '/kb/articles/:id/versions/:version',
  tag,
  summary: 'One saved version of an article (editors)',
  access: access.kbEditors,
  params: ZKbVersionParams,
  success: { status: 200, body: z.object({ version: ZKbArticleVersion }) },
});

export const listTicketKbContract = defineContract({
  method: 'get',
  path: '/tickets/:id/kb-articles',
  tag,
  summary: 'The articles used on a ticket you may read',
  access: access.signedIn,
  params: ZTicketParams,
  success: { status: 200, body: itemsOf(ZTicketKbLink) },
});

export const linkTicketKbContract = defineContract({
  method: 'post',
  path: '/tickets/:id/kb-articles',
  tag,
  summary: 'Attach an article used on the ticket (an event on its chain); `resolve: true` resolves it with the article (first-contact resolution)',
  access: access.signedIn,
  params: ZTicketParams,
  body: ZKbLinkRequest,
  success: { status: 201, body: ZTicketAfterCommand },
});
