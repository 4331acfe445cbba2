import { z } from 'zod';

export const ZDealerLoadQuery = z.strictObject({ regionId: z.uuid().optional() });

/** A dealer's standing over the last `days`; `dealerId` is required of all but the dealer's own users. */
export const ZSlaStandingQuery = z.strictObject({ dealerId: z.uuid().optional(), days: z.coerce.number().int().min(1).max(365).default(30) });
export type TSlaStandingQuery = z.infer<typeof ZSlaStandingQuery>;
