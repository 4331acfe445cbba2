import { randomUUID } from 'node:crypto';
import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { factRow, LEAD_FOLLOW_UP_FIGURES } from '../audit/derived-figures';
import { AppError } from '../../errors/app-error';
import type { TLeadConversionQuery, TLeadFollowUpRequest } from '../../tickets/ticket.schemas';
import { canRecordLeadFollowUp } from '../../tickets/ticket-policy';
import type { Executor } from '../db/client';
import { dealers, leadFollowUps, tickets } from '../db/schema';
import { assertVersion, type CommandContext, lockTicket, saveTicketChange, type TicketRow, toPolicyTicket } from './ticket-command';
import type { TicketScope } from './ticket-queries';

/** The dealer reports what came of a lead: contacted, test drive, order, or lost with the reason. */
export async function recordLeadFollowUp(ctx: CommandContext & { ticketId: string; request: TLeadFollowUpRequest }): Promise<TicketRow> {
  const { request } = ctx;
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ctx.actor, ctx.ticketId);
    assertVersion(ticket, request.version);
    if (ticket.type !== 'lead') throw new AppError('INVALID_TRANSITION', { action: 'lead_follow_up', type: ticket.type });
    if (!canRecordLeadFollowUp(ctx.actor, toPolicyTicket(ticket))) {
      throw new AppError(ticket.responsibleDealerId === ctx.actor.dealerId ? 'INVALID_TRANSITION' : 'FORBIDDEN', { action: 'lead_follow_up', status: ticket.status });
    }
    const at = ctx.now ?? new Date();
    const followUp = {
      id: randomUUID(),
      ticketId: ticket.id,
      dealerId: ticket.responsibleDealerId,
      outcome: request.outcome,
      reason: request.reason ?? null,
      recordedAt: at,
      recordedBy: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    };
    await tx.insert(leadFollowUps).values(followUp);
    return saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket,
      at,
      changes: {},
      events: [{ type: 'lead_follow_up', payload: { outcome: request.outcome, reason: request.reason ?? null, dealerId: ticket.responsibleDealerId } }],
      kind: 'lead_follow_up',
      // The row itself goes on the chain: a follow-up edited or added in the database no longer matches it.
      facts: { [LEAD_FOLLOW_UP_FIGURES.table]: { insert: [factRow(followUp, LEAD_FOLLOW_UP_FIGURES.fields)] } },
    });
  });
}

const reached = (outcome: string) =>
  sql<number>`count(distinct ${tickets.id}) filter (where exists (
    select 1 from ${leadFollowUps} f
    where f.ticket_id = ${tickets.id} and f.dealer_id = ${tickets.responsibleDealerId} and f.outcome = ${outcome}))`.mapWith(Number);

/**
 * Lead conversion per dealer: leads dispatched to it, and how many reached contact, test drive, order, or were
 * lost. A dealer sees only its own row, and a lead counts only the follow-ups of the dealer it is with now (never those
 * of a dealer that had it before a reject or a transfer).
 */
export async function leadConversion(db: Executor, scope: TicketScope, query: TLeadConversionQuery) {
  if (scope.kind === 'department' || scope.kind === 'none') return [];
  const conditions: Array<SQL | undefined> = [eq(tickets.type, 'lead'), sql`${tickets.responsibleDealerId} is not null`];
  if (scope.kind === 'dealer') conditions.push(eq(tickets.responsibleDealerId, scope.dealerId));
  if (query.dealerId) conditions.push(eq(tickets.responsibleDealerId, query.dealerId));
  if (query.createdFrom) conditions.push(gte(tickets.createdAt, new Date(query.createdFrom)));
  if (query.createdTo) conditions.push(lte(tickets.createdAt, new Date(query.createdTo)));
  const rows = await db
    .select({
      dealerId: tickets.responsibleDealerId,
      dealerCode: dealers.code,
      dealerName: dealers.nameZh,
      leads: sql<number>`count(distinct ${tickets.id})`.mapWith(Number),
      contacted: reached('contacted'),
      testDrives: reached('test_drive'),
      orders: reached('order'),
      lost: reached('lost'),
    })
    .from(tickets)
    .innerJoin(dealers, eq(dealers.id, tickets.responsibleDealerId))
    .where(and(...conditions))
    .groupBy(tickets.responsibleDealerId, dealers.code, dealers.nameZh)
    .orderBy(dealers.code);
  return rows.map((row) => ({ ...row, conversionRate: row.leads === 0 ? 0 : Math.round((row.orders / row.leads) * 1000) / 1000 }));
}
