import { z } from 'zod';
import { access } from '../auth/access';
import {
  QA_ITEM_KINDS,
  ZCreateQaScorecardRequest,
  ZDrawQaSampleRequest,
  ZQaReviewQuery,
  ZQaScoresQuery,
  ZSubmitQaReviewRequest,
  ZUpdateQaScorecardRequest,
} from '../qa/qa-review';
import { ZTicketAuditResult } from './audit.contracts';
import { ZCallbackAttempt } from './callbacks.contracts';
import { defineContract } from './contract';
import { ZTicket, ZTicketEvent } from './tickets.contracts';
import { ZUuidParams, ZWireTimestamp } from './wire';

const tag = 'qa';

export const ZQaScorecard = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  items: z.array(z.object({ key: z.string(), labelZh: z.string(), labelEn: z.string(), kind: z.enum(QA_ITEM_KINDS), weight: z.number() })),
  active: z.boolean(),
  version: z.number(),
  updatedAt: ZWireTimestamp,
});

export const ZQaReview = z.object({
  id: z.string(),
  ticketId: z.string(),
  month: z.string(),
  dealerId: z.string().nullable(),
  dealerName: z.string().nullable(),
  seed: z.string(),
  rank: z.number(),
  sampledAt: ZWireTimestamp,
  answers: z.record(z.string(), z.union([z.boolean(), z.number()])).nullable(),
  score: z.number().nullable(),
  comment: z.string().nullable(),
  reviewerName: z.string().nullable(),
  completedAt: ZWireTimestamp.nullable(),
  version: z.number(),
  ticket: z.object({ id: z.string(), number: z.string(), type: z.string(), subject: z.string(), closedAt: ZWireTimestamp.nullable() }),
  scorecard: ZQaScorecard.pick({ code: true, nameZh: true, nameEn: true, items: true }),
});

export const drawQaSampleContract = defineContract({
  method: 'post',
  path: '/qa/samples',
  tag,
  summary:
    'Draw the month’s QA sample: N tickets closed in that month per dealer, in the seeded order (SHA-256 of "<seed>:<ticket id>"), never a ticket drawn before; drawing again with a larger N adds to it',
  access: access.qa,
  body: ZDrawQaSampleRequest,
  success: {
    status: 201,
    body: z.object({
      month: z.string(),
      seed: z.string(),
      dealers: z.array(z.object({ dealerId: z.string(), candidates: z.number(), alreadySampled: z.number(), drawn: z.number() })),
    }),
  },
});

export const listQaReviewsContract = defineContract({
  method: 'get',
  path: '/qa/reviews',
  tag,
  summary: 'Sampled tickets and their reviews, by month, dealer and status',
  access: access.qa,
  query: ZQaReviewQuery,
  success: { status: 200, body: z.object({ items: z.array(ZQaReview) }) },
});

export const getQaReviewContract = defineContract({
  method: 'get',
  path: '/qa/reviews/:id',
  tag,
  summary: 'One sampled ticket’s review with its scorecard',
  access: access.qa,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ review: ZQaReview }) },
});

export const submitQaReviewContract = defineContract({
  method: 'put',
  path: '/qa/reviews/:id',
  tag,
  summary: 'Fill in (or revise) a sampled ticket’s scorecard: every item answered; the weighted score and the answers go on the ticket’s chain',
  access: access.qa,
  params: ZUuidParams,
  body: ZSubmitQaReviewRequest,
  success: { status: 200, body: z.object({ review: ZQaReview }) },
});

export const qaScoresContract = defineContract({
  method: 'get',
  path: '/qa/scores',
  tag,
  summary: 'QA scores per dealer and month (sampled, reviewed, mean score, each item’s mean); a dealer reads its own',
  access: access.qaScoreReaders,
  query: ZQaScoresQuery,
  success: {
    status: 200,
    body: z.object({
      items: z.array(
        z.object({
          month: z.string(),
          dealerId: z.string(),
          dealerName: z.string().nullable(),
          sampled: z.number(),
          reviewed: z.number(),
          meanScore: z.number().nullable(),
          items: z.record(z.string(), z.number().nullable()),
        }),
      ),
    }),
  },
});

export const listQaScorecardsContract = defineContract({
  method: 'get',
  path: '/qa/scorecards',
  tag,
  summary: 'QA scorecards',
  access: access.oversight,
  success: { status: 200, body: z.object({ items: z.array(ZQaScorecard) }) },
});

export const createQaScorecardContract = defineContract({
  method: 'post',
  path: '/qa/scorecards',
  tag,
  summary: 'Add a scorecard (recorded in the configuration history)',
  access: access.qa,
  body: ZCreateQaScorecardRequest,
  success: { status: 201, body: z.object({ scorecard: ZQaScorecard }) },
});

export const updateQaScorecardContract = defineContract({
  method: 'patch',
  path: '/qa/scorecards/:id',
  tag,
  summary: 'Change a scorecard’s names, items or activity (future reviews; finished ones keep their answers and score)',
  access: access.qa,
  params: ZUuidParams,
  body: ZUpdateQaScorecardRequest,
  success: { status: 200, body: z.object({ scorecard: ZQaScorecard }) },
});

/** Everything QA needs to show what happened to one ticket, in one file. */
export const ZEvidencePack = z.object({
  generatedAt: ZWireTimestamp,
  generatedBy: z.string(),
  ticket: ZTicket,
  events: z.array(ZTicketEvent),
  verification: ZTicketAuditResult,
  mails: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      recipient: z.string(),
      locale: z.string(),
      subject: z.string(),
      status: z.string(),
      messageId: z.string().nullable(),
      createdAt: ZWireTimestamp,
      sentAt: ZWireTimestamp.nullable(),
    }),
  ),
  callbacks: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      status: z.string(),
      dueAt: ZWireTimestamp,
      reachedAt: ZWireTimestamp.nullable(),
      satisfaction: z.number().nullable(),
      solved: z.boolean().nullable(),
      reasonCode: z.string().nullable(),
      completedAt: ZWireTimestamp.nullable(),
      attempts: z.array(ZCallbackAttempt),
    }),
  ),
  qaReviews: z.array(ZQaReview.omit({ ticket: true })),
});

export const evidencePackContract = defineContract({
  method: 'get',
  path: '/qa/tickets/:id/evidence',
  tag,
  summary: 'Evidence pack of one ticket: the ticket, every event, the chain’s verification, every mail sent, the callbacks and QA reviews (one JSON file)',
  access: access.oversight,
  params: ZUuidParams,
  success: { status: 200, body: ZEvidencePack },
});
