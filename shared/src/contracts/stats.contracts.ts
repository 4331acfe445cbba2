import { z } from 'zod';
import { access } from '../auth/access';
import { SLA_CLOCKS } from '../sla/sla-policy';
import { ZDealerLoadQuery, ZSlaStandingQuery } from '../stats/stats.schemas';
import { defineContract } from './contract';
import { itemsOf, ZWireTimestamp } from './wire';

/** One dealer's row of the load table (shared/src/stats/stats.types.ts: DealerLoad). */
export const ZDealerLoad = z.object({
  dealerId: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  regionId: z.string(),
  city: z.string(),
  capacity: z.number(),
  openTickets: z.number(),
  warning: z.number(),
  breached: z.number(),
  oldestOpenAt: ZWireTimestamp.nullable(),
  oldestOpenMinutes: z.number().nullable(),
});

const ZClockStanding = z.object({ due: z.number(), onTime: z.number(), late: z.number() });

/** How a dealer kept its deadlines (shared/src/stats/stats.types.ts: SlaStanding). */
export const ZSlaStanding = z.object({
  dealerId: z.string(),
  days: z.number(),
  clocks: z.object(Object.fromEntries(SLA_CLOCKS.map((clock) => [clock, ZClockStanding])) as Record<(typeof SLA_CLOCKS)[number], typeof ZClockStanding>),
  metRate: z.number().nullable(),
});

const tag = 'stats';

export const dealerLoadContract = defineContract({
  method: 'get',
  path: '/stats/dealer-load',
  tag,
  summary: 'Per dealer: open tickets, of which warning/breached, capacity, oldest open age',
  access: access.oversight,
  query: ZDealerLoadQuery,
  success: { status: 200, body: itemsOf(ZDealerLoad).extend({ at: ZWireTimestamp }) },
});

export const slaStandingContract = defineContract({
  method: 'get',
  path: '/stats/sla-standing',
  tag,
  summary: "A dealer's deadlines over the last days: met in time or missed, per clock (a dealer: its own)",
  access: access.standingReaders,
  query: ZSlaStandingQuery,
  success: { status: 200, body: z.object({ standing: ZSlaStanding, at: ZWireTimestamp }) },
});
