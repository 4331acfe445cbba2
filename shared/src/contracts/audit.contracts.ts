import { z } from 'zod';
import { access } from '../auth/access';
import { ZTicketParams } from '../tickets/ticket.schemas';
import { defineContract } from './contract';

const ZChainProblem = z.enum(['sequence_gap', 'previous_hash_mismatch', 'hash_mismatch', 'wrong_ticket', 'head_mismatch']);

/** A broken chain: the first event that no longer matches, and how. */
export const ZBrokenChain = z.object({
  ticketId: z.string(),
  number: z.string(),
  ok: z.literal(false),
  events: z.number(),
  eventId: z.string(),
  sequence: z.number(),
  problem: ZChainProblem,
});

export const ZTicketAuditResult = z.union([
  z.object({ ticketId: z.string(), number: z.string(), ok: z.literal(true), events: z.number() }),
  ZBrokenChain,
]);

const tag = 'audit';

export const verifyTicketAuditContract = defineContract({
  method: 'get',
  path: '/audit/tickets/:id',
  tag,
  summary: 'Verify one ticket’s hash chain',
  access: access.oversight,
  params: ZTicketParams,
  success: { status: 200, body: ZTicketAuditResult },
});

export const verifyAllAuditsContract = defineContract({
  method: 'get',
  path: '/audit/verify',
  tag,
  summary: 'Verify every ticket’s hash chain',
  access: access.oversight,
  success: { status: 200, body: z.object({ ok: z.boolean(), tickets: z.number(), events: z.number(), broken: z.array(ZBrokenChain) }) },
});
