import { z } from 'zod';

export { CONFIG_ENTITIES, type ConfigEntity } from './config-entities';

/** GET /api/admin/audit-log: the configuration history, newest first; `before` (an ISO time) pages back. */
export const ZConfigChangeQuery = z.strictObject({
  entity: z.string().trim().min(1).max(64).optional(),
  entityId: z.string().trim().min(1).max(128).optional(),
  actorId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TConfigChangeQuery = z.infer<typeof ZConfigChangeQuery>;
