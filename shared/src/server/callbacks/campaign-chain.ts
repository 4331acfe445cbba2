/**
 * The audit trail of campaign calls (新车回访), which belong to no ticket and so to no ticket's chain: each campaign
 * task keeps its own chain in callback_task_events, built by the same code as a ticket's (chainEvents: sequence,
 * link, HMAC with the installation's audit key) with the task's id as the chain's id, and verified by the same code
 * (verifyChain, replayFacts, compareFigures; shared/src/server/audit/verify-campaign-chains.ts). Its events carry, as
 * facts, the task and attempt rows they vouch for.
 */
import { eq } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { CALLBACK_TASK_FIGURES, type DerivedTable, type EventFacts } from '../audit/derived-figures';
import { GENESIS_HASH } from '../audit/audit-chain';
import type { Executor } from '../db/client';
import { callbackTaskEvents, callbackTasks } from '../db/schema';
import { chainEvents, type NewTicketEvent } from '../tickets/ticket-events';

/** A campaign task's figures: a resolution task's, and whose call it is (moving a call to another dealer is an edit). */
export const CAMPAIGN_TASK_FIGURES: DerivedTable = {
  table: CALLBACK_TASK_FIGURES.table,
  fields: [...CALLBACK_TASK_FIGURES.fields, 'vehicleId', 'customerId', 'assigneeType', 'dealerId'],
};

export type CampaignTaskEventRow = typeof callbackTaskEvents.$inferSelect;

/**
 * Appends `events` to a campaign task's chain (the last carrying `facts`) and moves the head kept on the task row. The
 * task must be locked (or just inserted) by the caller's transaction.
 */
export async function appendCampaignEvents(
  tx: Executor,
  options: { task: { id: string; auditHeadHash: string | null; auditEventCount: number }; actor: Actor; at: Date; events: NewTicketEvent[]; facts: EventFacts },
): Promise<void> {
  const { task } = options;
  const { rows, head } = chainEvents({
    ticketId: task.id,
    actor: options.actor,
    occurredAt: options.at,
    head: { sequence: task.auditEventCount, hash: task.auditHeadHash ?? GENESIS_HASH },
    events: options.events,
    facts: options.facts,
  });
  await tx.insert(callbackTaskEvents).values(rows.map(({ ticketId, ...row }) => ({ ...row, taskId: ticketId })));
  await tx.update(callbackTasks).set({ auditHeadHash: head.hash, auditEventCount: head.sequence }).where(eq(callbackTasks.id, task.id));
}

/** A campaign event as the chain code reads it (the task's id in the chain-id field). */
export const asChainedEvent = ({ taskId, ...event }: CampaignTaskEventRow) => ({ ...event, ticketId: taskId });
