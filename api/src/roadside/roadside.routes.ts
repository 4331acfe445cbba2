import {
  acceptRoadsideOfferContract,
  declineRoadsideOfferContract,
  listRoadsideOffersContract,
  roadsidePositionContract,
  roadsideProgressContract,
  ticketRoadsideContract,
} from '@careline/shared';
import {
  acceptRoadsideOffer,
  declineRoadsideOffer,
  findTicketRoadside,
  listProviderOffers,
  recordRoadsidePosition,
  recordRoadsideProgress,
} from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** Roadside dispatch: providers answer offers and report progress; the hotline reads a ticket's offer chain. */
export function roadsideRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(listRoadsideOffersContract, ({ actor, query }) => listProviderOffers(db, actor, query)),
    implement(acceptRoadsideOfferContract, async ({ actor, params, body }) => {
      const { job } = await acceptRoadsideOffer({ db, actor, offerId: params.id, request: body });
      return { jobId: job.id, ticketId: job.ticketId, status: job.status, etaAt: job.etaAt };
    }),
    implement(declineRoadsideOfferContract, async ({ actor, params, body }) => {
      await declineRoadsideOffer({ db, actor, offerId: params.id, request: body });
      return { declined: true as const };
    }),
    implement(roadsideProgressContract, async ({ actor, params, body }) => {
      const { job } = await recordRoadsideProgress({ db, actor, jobId: params.id, request: body });
      return { job: { id: job.id, status: job.status, etaAt: job.etaAt } };
    }),
    implement(roadsidePositionContract, async ({ actor, params, body }) => {
      await recordRoadsidePosition({ db, actor, jobId: params.id, request: body });
    }),
    implement(ticketRoadsideContract, ({ actor, params }) => findTicketRoadside(db, actor, params.id)),
  ];
}
