import { z } from 'zod';
import { DEALER_CAPABILITIES } from '../tickets/ticket-vocabulary';

/** Filters of the dealer list (every filter narrows). */
export const ZDealerListQuery = z.strictObject({
  regionId: z.uuid().optional(),
  province: z.string().trim().min(1).max(20).optional(),
  city: z.string().trim().min(1).max(20).optional(),
  capability: z.enum(DEALER_CAPABILITIES).optional(),
  active: z.enum(['true', 'false']).optional(),
});
export type TDealerListQuery = z.infer<typeof ZDealerListQuery>;
