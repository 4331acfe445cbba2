import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { ticketEvents, tickets } from '../db/schema';
import { type ChainVerdict, verifyChain } from './audit-chain';

const headColumns = { id: tickets.id, number: tickets.number, headHash: tickets.auditHeadHash, headSequence: tickets.auditEventCount };
const headOf = (ticket: { headHash: string; headSequence: number }) => ({ hash: ticket.headHash, sequence: ticket.headSequence });

export type TicketAuditResult = { ticketId: string; number: string } & ChainVerdict;

export async function verifyTicketAudit(db: Executor, ticketId: string): Promise<TicketAuditResult | null> {
  const [ticket] = await db.select(headColumns).from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket) return null;
  const events = await db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.sequence));
  return { ticketId: ticket.id, number: ticket.number, ...verifyChain(ticket.id, events, headOf(ticket)) };
}

export interface AuditReport {
  tickets: number;
  events: number;
  broken: Array<Extract<TicketAuditResult, { ok: false }>>;
}

/**
 * Verifies every ticket's chain, streaming events in ticket order in pages so memory stays flat on a large table.
 */
export async function verifyAllAudits(db: Executor, pageSize = 20_000): Promise<AuditReport> {
  const heads = new Map((await db.select(headColumns).from(tickets)).map((row) => [row.id, row]));
  const report: AuditReport = { tickets: heads.size, events: 0, broken: [] };
  const seen = new Set<string>();
  let pending: Array<typeof ticketEvents.$inferSelect> = [];
  const flush = () => {
    if (pending.length === 0) return;
    const ticketId = pending[0].ticketId;
    seen.add(ticketId);
    const ticket = heads.get(ticketId);
    const verdict = verifyChain(ticketId, pending, ticket ? headOf(ticket) : undefined);
    if (!verdict.ok) report.broken.push({ ticketId, number: ticket?.number ?? '?', ...verdict });
    pending = [];
  };
  for (let offset = 0; ; offset += pageSize) {
    const page = await db
      .select()
      .from(ticketEvents)
      .orderBy(asc(ticketEvents.ticketId), asc(ticketEvents.sequence))
      .limit(pageSize)
      .offset(offset);
    for (const event of page) {
      if (pending.length > 0 && pending[0].ticketId !== event.ticketId) flush();
      pending.push(event);
      report.events += 1;
    }
    if (page.length < pageSize) break;
  }
  flush();
  // A ticket whose every event was deleted has no chain at all: that is tampering too.
  for (const [ticketId, ticket] of heads) {
    if (!seen.has(ticketId)) {
      report.broken.push({ ticketId, number: ticket.number, ok: false, events: 0, eventId: '', sequence: 0, problem: 'head_mismatch' });
    }
  }
  return report;
}
