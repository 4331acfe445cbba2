import { z } from 'zod';

/** POST /api/admin/api-keys: a key for one dealer's system (DMS). */
export const ZCreateApiKeyRequest = z.strictObject({
  dealerId: z.uuid(),
  name: z.string().trim().min(2).max(60),
});
export type TCreateApiKeyRequest = z.infer<typeof ZCreateApiKeyRequest>;

/** GET /api/admin/api-keys: every dealer's keys, or one dealer's. */
export const ZApiKeyListQuery = z.strictObject({ dealerId: z.uuid().optional() });
