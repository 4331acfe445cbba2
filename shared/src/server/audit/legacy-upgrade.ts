/**
 * The one-time upgrade of chains written before the chain was keyed (plain SHA-256). The migration that keyed the
 * chain listed every ticket of that time in `audit_legacy_chains`; at start (npm start, start:workers, db:migrate)
 * each listed ticket is taken off the list, its chain verified as it was written (plain SHA-256; events a keyed
 * process appended meanwhile are accepted after them), and only a chain that verifies is re-keyed: every hash and link
 * recomputed with the HMAC key, the ticket's head moved. A chain that does not verify is left as it is — it then fails
 * keyed verification, as it should: it was altered before the upgrade. What was done (how many re-keyed, which refused
 * and why) is recorded in the configuration history (entity `audit_chain`).
 *
 * ticket_events is append-only by trigger (migration 0001): the upgrade lifts it for its own transaction only, as an
 * owner may.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../auth/actor';
import type { Database } from '../db/client';
import { auditLegacyChains, ticketEvents, tickets } from '../db/schema';
import { GENESIS_HASH, hashEvent, verifyChain } from './audit-chain';
import type { AuditKeys } from './audit-keys';
import { recordConfigChange } from './config-changes';

export interface LegacyUpgradeResult {
  rekeyed: number;
  refused: Array<{ ticketId: string; number: string; sequence: number; problem: string }>;
}

/** Re-keys the legacy chains still listed; null when there were none (every start after the first). */
export async function upgradeLegacyChains(db: Database, keys: AuditKeys, options: { batch?: number } = {}): Promise<LegacyUpgradeResult | null> {
  const batch = options.batch ?? 200;
  const result: LegacyUpgradeResult = { rekeyed: 0, refused: [] };
  let any = false;
  for (;;) {
    const listed = await db.select({ ticketId: auditLegacyChains.ticketId }).from(auditLegacyChains).orderBy(asc(auditLegacyChains.ticketId)).limit(batch);
    if (listed.length === 0) break;
    any = true;
    await db.transaction(async (tx) => {
      // Taken off the list first: of several instances starting together, one upgrades each ticket.
      const taken = await tx
        .delete(auditLegacyChains)
        .where(inArray(auditLegacyChains.ticketId, listed.map((row) => row.ticketId)))
        .returning({ ticketId: auditLegacyChains.ticketId });
      if (taken.length === 0) return;
      await tx.execute(sql`alter table ticket_events disable trigger ticket_events_append_only`);
      for (const { ticketId } of taken) {
        const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
        if (!ticket) continue;
        const events = await tx.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.sequence));
        const verdict = verifyChain(ticketId, events, { sequence: ticket.auditEventCount, hash: ticket.auditHeadHash }, keys.chainKey, { legacyPrefix: true });
        if (!verdict.ok) {
          result.refused.push({ ticketId, number: ticket.number, sequence: verdict.sequence, problem: verdict.problem });
          continue;
        }
        let previousHash = GENESIS_HASH;
        const rows = events.map((event) => {
          const hash = hashEvent({ ...event, previousHash }, keys.chainKey);
          const row = { id: event.id, previousHash, hash };
          previousHash = hash;
          return row;
        });
        if (rows.length > 0) {
          const values = sql.join(
            rows.map((row) => sql`(${row.id}::uuid, ${row.previousHash}, ${row.hash})`),
            sql`, `,
          );
          await tx.execute(
            sql`update ticket_events as e set previous_hash = v.previous_hash, hash = v.hash from (values ${values}) as v(id, previous_hash, hash) where e.id = v.id`,
          );
        }
        await tx.update(tickets).set({ auditHeadHash: previousHash }).where(eq(tickets.id, ticketId));
        result.rekeyed += 1;
      }
      await tx.execute(sql`alter table ticket_events enable trigger ticket_events_append_only`);
    });
  }
  if (!any) return null;
  await recordConfigChange(db, SYSTEM_ACTOR, {
    entity: 'audit_chain',
    entityId: 'legacy-sha256',
    action: 'rekey',
    before: null,
    after: { rekeyed: result.rekeyed, refused: result.refused },
  });
  return result;
}
