import {
  AppError,
  createQaScorecardContract,
  drawQaSampleContract,
  evidencePackContract,
  getQaReviewContract,
  listQaReviewsContract,
  listQaScorecardsContract,
  qaScoresContract,
  submitQaReviewContract,
  updateQaScorecardContract,
} from '@careline/shared';
import {
  createQaScorecard,
  drawQaSample,
  evidenceOf,
  findQaReview,
  findTicketView,
  listMilestones,
  listQaReviews,
  listQaScorecards,
  listTicketEvents,
  qaScores,
  submitQaReview,
  ticketScopeOf,
  updateQaScorecard,
} from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';
import { presentEvents, presentMilestones, presentTicket } from '../tickets/ticket.presenter';

/** QA review (质检): monthly samples, scorecards, scores per dealer, and one ticket's evidence pack. */
export function qaRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(drawQaSampleContract, ({ actor, body }) => drawQaSample(db, actor, body)),
    implement(listQaReviewsContract, async ({ actor, query }) => ({ items: await listQaReviews(db, actor, query) })),
    implement(getQaReviewContract, async ({ actor, params }) => ({ review: await findQaReview(db, actor, params.id) })),
    implement(submitQaReviewContract, async ({ actor, params, body }) => ({ review: await submitQaReview(db, actor, params.id, body) })),
    implement(qaScoresContract, async ({ actor, query }) => ({ items: await qaScores(db, actor, query) })),
    implement(listQaScorecardsContract, async ({ actor }) => ({ items: await listQaScorecards(db, actor) })),
    implement(createQaScorecardContract, async ({ actor, body }) => ({ scorecard: await createQaScorecard(db, actor, body) })),
    implement(updateQaScorecardContract, async ({ actor, params, body }) => ({ scorecard: await updateQaScorecard(db, actor, params.id, body) })),

    implement(evidencePackContract, async ({ actor, params }) => {
      const { verification, ...evidence } = await evidenceOf(db, actor, params.id);
      const view = await findTicketView(db, ticketScopeOf(actor), params.id);
      const events = await listTicketEvents(db, ticketScopeOf(actor), params.id);
      if (!view || !events || !verification) throw new AppError('NOT_FOUND');
      const ticket = presentTicket(view, actor);
      const milestones = presentMilestones(await listMilestones(db, params.id), view.ticket, actor);
      return {
        generatedAt: new Date(),
        generatedBy: actor.name,
        ticket: { ...ticket, sla: { ...ticket.sla, milestones } },
        events: presentEvents(events, actor),
        verification,
        ...evidence,
      };
    }),
  ];
}
