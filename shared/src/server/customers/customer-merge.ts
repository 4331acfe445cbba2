/**
 * Duplicate customer records and their merge by hand (issue 13): the records that look like one person — the same
 * mobile, or the same name in the same city — and a supervisor's merge of one into another. The survivor's fields are
 * the merge of both records' claims by the sources' priorities (shared/src/import/import-merge.ts); the vehicles move,
 * each ticket follows with a `customer_merged` event on its chain, open campaign calls follow, and the merged record
 * stays, pointing at the survivor (`merged_into`), for the history. The merge itself is a `customer_merges` row.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { access, requireAccess } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { maskPhone } from '../../customers/phone';
import { AppError } from '../../errors/app-error';
import { mergeFields } from '../../import/import-merge';
import type { Database, Executor } from '../db/client';
import { callbackTasks, customerMerges, customers, tickets, vehicles } from '../db/schema';
import { customerColumns, customerFields } from '../import/import-records';
import { flagSharedMobiles, loggedFields, sourcePriorities } from './record-provenance';
import { rowsOf } from '../reports/report-sql';
import { lockTicket, saveTicketChange } from '../tickets/ticket-command';

export interface DuplicateGroup {
  reason: 'same_mobile' | 'same_name_city';
  customers: Array<{ id: string; name: string; phoneMasked: string; city: string | null; idNumberMasked: string | null; vehicles: number; tickets: number; createdAt: Date }>;
}

/** Groups of live records that look like one person, largest first (at most `limit` groups). */
export async function listDuplicateCustomers(db: Executor, actor: Actor, limit = 50): Promise<DuplicateGroup[]> {
  requireAccess(actor, access.importAdmins);
  const result = await db.execute(sql`
    (select 'same_mobile' as reason, array_agg(id order by created_at, id) as ids from customers where merged_into is null group by phone having count(*) > 1)
    union all
    (select 'same_name_city', array_agg(id order by created_at, id) from customers where merged_into is null and city is not null group by name, city having count(*) > 1 and count(distinct phone) > 1)
    order by 2 desc
    limit ${limit}`);
  const rows = rowsOf<{ reason: DuplicateGroup['reason']; ids: string[] }>(result);
  const ids = [...new Set(rows.flatMap((row) => row.ids))];
  if (ids.length === 0) return [];
  const [records, vehicleCounts, ticketCounts] = await Promise.all([
    db.select().from(customers).where(inArray(customers.id, ids)),
    db.select({ id: vehicles.customerId, n: sql<number>`count(*)::int` }).from(vehicles).where(inArray(vehicles.customerId, ids)).groupBy(vehicles.customerId),
    db.select({ id: tickets.customerId, n: sql<number>`count(*)::int` }).from(tickets).where(inArray(tickets.customerId, ids)).groupBy(tickets.customerId),
  ]);
  const byId = new Map(records.map((record) => [record.id, record]));
  const count = (counts: Array<{ id: string | null; n: number }>, id: string) => counts.find((row) => row.id === id)?.n ?? 0;
  return rows.map((row) => ({
    reason: row.reason,
    customers: row.ids.map((id) => {
      const record = byId.get(id)!;
      return { id, name: record.name, phoneMasked: maskPhone(record.phone), city: record.city, idNumberMasked: record.idNumberMasked, vehicles: count(vehicleCounts, id), tickets: count(ticketCounts, id), createdAt: record.createdAt };
    }),
  }));
}

/**
 * Merges record `fromId` into `intoId` (supervisors, admins). Both must be live records; the survivor's fields become
 * the higher-ranked claim of the two for each field (an ID number only one of them has is kept).
 */
export async function mergeCustomerRecords(db: Database, actor: Actor, options: { fromId: string; intoId: string; now?: Date }) {
  requireAccess(actor, access.importAdmins);
  if (options.fromId === options.intoId) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'intoId', code: 'custom', message: 'a record cannot be merged into itself' }] });
  const at = options.now ?? new Date();
  return db.transaction(async (tx) => {
    // Both rows locked, in id order, so two merges of the same pair queue instead of deadlocking.
    const locked = await tx.select().from(customers).where(inArray(customers.id, [options.fromId, options.intoId])).orderBy(asc(customers.id)).for('update');
    const from = locked.find((row) => row.id === options.fromId);
    const into = locked.find((row) => row.id === options.intoId);
    if (!from || !into) throw new AppError('NOT_FOUND');
    if (from.mergedInto || into.mergedInto) throw new AppError('CUSTOMER_ALREADY_MERGED', { mergedInto: from.mergedInto ?? into.mergedInto });

    const merged = mergeFields(customerFields(into), customerFields(from), await sourcePriorities(tx));
    const columns = customerColumns(merged.fields, merged.fields.idNumber?.value === into.idNumberHash ? into.idNumberMasked : from.idNumberMasked);
    const replaced = loggedFields(merged.changes);
    await tx.update(customers).set({ ...columns, updatedAt: at }).where(eq(customers.id, into.id));
    await tx
      .update(customers)
      .set({ mergedInto: into.id, qualityFlags: sql`array_append(array_remove(${customers.qualityFlags}, 'merged'), 'merged')`, updatedAt: at })
      .where(eq(customers.id, from.id));
    // Records merged into this one before now point at the survivor too: a lookup never lands on a merged record.
    await tx.update(customers).set({ mergedInto: into.id }).where(eq(customers.mergedInto, from.id));
    const movedVehicles = await tx.update(vehicles).set({ customerId: into.id }).where(eq(vehicles.customerId, from.id)).returning({ id: vehicles.id });
    await tx.update(callbackTasks).set({ customerId: into.id }).where(and(eq(callbackTasks.customerId, from.id), eq(callbackTasks.status, 'open')));

    // Each ticket follows, as a change on its own chain.
    const ticketIds = (await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.customerId, from.id)).orderBy(asc(tickets.id))).map((row) => row.id);
    for (const ticketId of ticketIds) {
      const ticket = await lockTicket(tx, actor, ticketId);
      await saveTicketChange({
        tx,
        actor,
        ticket,
        at,
        changes: { customerId: into.id },
        events: [{ type: 'customer_merged', payload: { fromCustomerId: from.id, intoCustomerId: into.id } }],
        kind: 'customer_merged',
      });
    }
    // The merged record is no one's duplicate any more; the survivor keeps the flag only while another shares its mobile.
    await tx.update(customers).set({ qualityFlags: sql`array_remove(${customers.qualityFlags}, 'possible_duplicate')` }).where(eq(customers.id, from.id));
    await flagSharedMobiles(tx, [...new Set([into.phone, from.phone, columns.phone])]);
    const [record] = await tx
      .insert(customerMerges)
      .values({ id: randomUUID(), fromCustomerId: from.id, intoCustomerId: into.id, mergedBy: actor.kind === 'user' ? actor.id : null, mergedAt: at, tickets: ticketIds.length, vehicles: movedVehicles.length, fields: replaced })
      .returning();
    return record;
  });
}
