import { z } from 'zod';

export { CONFIG_ENTITIES, type ConfigEntity } from './config-entities';

/**
 * A page's end in the history: the last entry's time and id (`<ISO time>~<id>`), so entries recorded in the same
 * millisecond are neither skipped nor repeated.
 */
export const configChangeCursor = (entry: { occurredAt: Date; id: string }) => `${entry.occurredAt.toISOString()}~${entry.id}`;
const ZConfigChangeCursor = z
  .string()
  .regex(/^[^~]+~[0-9a-f-]{36}$/)
  .transform((cursor) => cursor.split('~') as [string, string])
  .pipe(z.tuple([z.iso.datetime({ offset: true }), z.uuid()]))
  .transform(([at, id]) => ({ at, id }));

/**
 * GET /api/admin/audit-log: the configuration history, newest first; `before` pages back: a page's `nextBefore`
 * (entries after it in that order), or an ISO time (entries strictly older).
 */
export const ZConfigChangeQuery = z.strictObject({
  entity: z.string().trim().min(1).max(64).optional(),
  entityId: z.string().trim().min(1).max(128).optional(),
  actorId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.union([z.iso.datetime({ offset: true }).transform((at) => ({ at, id: null })), ZConfigChangeCursor]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TConfigChangeQuery = z.infer<typeof ZConfigChangeQuery>;
