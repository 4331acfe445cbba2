import { dealerLoadContract, slaStandingContract } from '@careline/shared';
import { dealerLoad, slaStandingFor } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** Figures for supervisors and QA: how loaded each dealer is right now, and how each kept its deadlines. */
export function statsRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(dealerLoadContract, async ({ query }) => ({ items: await dealerLoad(db, { regionId: query.regionId }), at: new Date() })),
    implement(slaStandingContract, async ({ actor, query }) => ({ standing: await slaStandingFor(db, actor, query), at: new Date() })),
  ];
}
