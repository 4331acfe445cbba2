import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import type { Executor } from '../db/client';
import { configChanges } from '../db/schema';

import type { ConfigEntity } from '../../audit/config-entities';

/** Fields that never enter the configuration history: secrets, and bookkeeping that changes with every write. */
const NEVER_RECORDED = new Set(['passwordHash', 'totpSecret', 'recoveryCodes', 'keyHash', 'totpLastStep', 'updatedAt', 'createdAt']);

type Values = Record<string, unknown>;

const comparable = (value: unknown) => JSON.stringify(value instanceof Date ? value.toISOString() : value ?? null);

function recordable(values: Values | null): Values | null {
  if (!values) return null;
  return Object.fromEntries(Object.entries(values).filter(([key]) => !NEVER_RECORDED.has(key)));
}

/**
 * The fields that differ between two versions of a record, each side holding only those (secrets never): an update
 * that changed nothing returns null.
 */
export function changedFields(before: Values | null, after: Values | null): { before: Values | null; after: Values | null } | null {
  const from = recordable(before);
  const to = recordable(after);
  if (!from || !to) return { before: from, after: to };
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((key) => comparable(from[key]) !== comparable(to[key]));
  if (keys.length === 0) return null;
  return { before: Object.fromEntries(keys.map((key) => [key, from[key] ?? null])), after: Object.fromEntries(keys.map((key) => [key, to[key] ?? null])) };
}

/**
 * Records who changed what, from what to what, in the caller's transaction (so a change and its record commit
 * together). `before` null: created; `after` null: removed. An update that changed nothing is not recorded.
 */
export async function recordConfigChange(
  tx: Executor,
  actor: Actor,
  change: { entity: ConfigEntity; entityId: string; action: string; before: Values | null; after: Values | null; at?: Date },
): Promise<void> {
  const fields = changedFields(change.before, change.after);
  if (!fields) return;
  await tx.insert(configChanges).values({
    id: randomUUID(),
    occurredAt: change.at ?? new Date(),
    actorId: actor.kind === 'system' ? null : actor.id,
    actorRole: actor.role,
    actorName: actor.name,
    entity: change.entity,
    entityId: change.entityId,
    action: change.action,
    before: fields.before,
    after: fields.after,
  });
}

export interface ConfigChangeQuery {
  entity?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
  /** Older than this entry (time, then id, as the list is ordered); `id` null: strictly older than the time. */
  before?: { at: string; id: string | null };
  limit: number;
}

/** The configuration history, newest first (time, then id); `before` pages back. */
export async function listConfigChanges(db: Executor, query: ConfigChangeQuery) {
  const conditions: Array<SQL | undefined> = [];
  if (query.entity) conditions.push(eq(configChanges.entity, query.entity));
  if (query.entityId) conditions.push(eq(configChanges.entityId, query.entityId));
  if (query.actorId) conditions.push(eq(configChanges.actorId, query.actorId));
  if (query.from) conditions.push(gte(configChanges.occurredAt, new Date(query.from)));
  if (query.to) conditions.push(lte(configChanges.occurredAt, new Date(query.to)));
  if (query.before) {
    const at = new Date(query.before.at);
    const { id } = query.before;
    conditions.push(id === null ? lt(configChanges.occurredAt, at) : or(lt(configChanges.occurredAt, at), and(eq(configChanges.occurredAt, at), lt(configChanges.id, id))));
  }
  return db
    .select()
    .from(configChanges)
    .where(and(...conditions))
    .orderBy(desc(configChanges.occurredAt), desc(configChanges.id))
    .limit(query.limit);
}
