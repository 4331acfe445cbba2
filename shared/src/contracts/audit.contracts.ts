import { z } from 'zod';
import { access } from '../auth/access';
import { ZTicketParams } from '../tickets/ticket.schemas';
import { defineContract } from './contract';
import { ZWireTimestamp } from './wire';

const ZAuditProblemKind = z.enum([
  // the chain: an event edited, deleted, inserted, moved; the head recorded on the ticket
  'sequence_gap',
  'previous_hash_mismatch',
  'hash_mismatch',
  'wrong_ticket',
  'head_mismatch',
  // against a signed checkpoint of the heads
  'ticket_missing',
  'chain_shortened',
  'checkpoint_mismatch',
  // the figures derived from the events (SLA clocks, resolution and closing times, lead follow-ups)
  'row_missing',
  'row_unexpected',
  'field_mismatch',
]);

/**
 * One problem found: the ticket, then the event (chain and checkpoint problems: its sequence and id) or the derived row
 * and field (figure problems: the table, the row id, the field, what the chain says and what the row holds).
 */
export const ZAuditProblem = z.object({
  ticketId: z.string(),
  number: z.string(),
  problem: ZAuditProblemKind,
  eventId: z.string().nullable(),
  sequence: z.number().nullable(),
  table: z.string().nullable(),
  rowId: z.string().nullable(),
  field: z.string().nullable(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
});

/** One ticket's verification; `problem`, `sequence` and `eventId` repeat its first problem (null when intact). */
export const ZTicketAuditResult = z.object({
  ticketId: z.string(),
  number: z.string(),
  ok: z.boolean(),
  events: z.number(),
  /** Whether its events carry its figures (tickets created before that are verified on the chain only). */
  covered: z.boolean(),
  problem: ZAuditProblemKind.nullable(),
  sequence: z.number().nullable(),
  eventId: z.string().nullable(),
  problems: z.array(ZAuditProblem),
});

export const ZCheckpointId = z.string().regex(/^cp-\d{8}T\d{9}Z-[0-9a-f]{8}$/, 'a checkpoint id (cp-…)');
const ZCheckpointQuery = z.strictObject({ checkpointId: ZCheckpointId.optional() });

const ZAuditReport = z.object({
  ok: z.boolean(),
  tickets: z.number(),
  events: z.number(),
  uncoveredTickets: z.number(),
  checkpointId: z.string().nullable(),
  checkpointError: z.string().nullable(),
  problemCount: z.number(),
  problems: z.array(ZAuditProblem),
  /** The first problem of each ticket with any. */
  broken: z.array(ZAuditProblem),
});

const ZAuditRunSummary = z.object({
  id: z.string(),
  trigger: z.enum(['nightly', 'api', 'cli']),
  startedAt: ZWireTimestamp,
  finishedAt: ZWireTimestamp,
  ok: z.boolean(),
  tickets: z.number(),
  events: z.number(),
  uncoveredTickets: z.number(),
  checkpointId: z.string().nullable(),
  checkpointError: z.string().nullable(),
  problemCount: z.number(),
  alertedAt: ZWireTimestamp.nullable(),
});
export const ZAuditRun = ZAuditRunSummary.extend({ problems: z.array(ZAuditProblem) });

export const ZCheckpointSummary = z.object({
  id: z.string(),
  createdAt: z.string(),
  ticketCount: z.number(),
  eventCount: z.number(),
  digest: z.string(),
  publicKeyFingerprint: z.string(),
});

const tag = 'audit';

export const verifyTicketAuditContract = defineContract({
  method: 'get',
  path: '/audit/tickets/:id',
  tag,
  summary: 'Verify one ticket’s chain and figures (against a checkpoint when named)',
  access: access.oversight,
  params: ZTicketParams,
  query: ZCheckpointQuery,
  success: { status: 200, body: ZTicketAuditResult },
});

export const verifyAllAuditsContract = defineContract({
  method: 'get',
  path: '/audit/verify',
  tag,
  summary: 'Verify every chain and figure now, against the newest valid checkpoint (not recorded, no alert)',
  access: access.oversight,
  query: ZCheckpointQuery,
  success: { status: 200, body: ZAuditReport },
});

export const runAuditContract = defineContract({
  method: 'post',
  path: '/audit/runs',
  tag,
  summary: 'Run a recorded verification now; a broken one alerts QA and admins (mail, live)',
  access: access.qa,
  body: ZCheckpointQuery,
  success: { status: 201, body: ZAuditRun },
});

export const listAuditRunsContract = defineContract({
  method: 'get',
  path: '/audit/runs',
  tag,
  summary: 'Recorded verifications, newest first',
  access: access.qa,
  success: { status: 200, body: z.object({ runs: z.array(ZAuditRunSummary) }) },
});

export const getAuditRunContract = defineContract({
  method: 'get',
  path: '/audit/runs/:id',
  tag,
  summary: 'One recorded verification with what broke',
  access: access.qa,
  params: z.strictObject({ id: z.uuid() }),
  success: { status: 200, body: ZAuditRun },
});

export const createCheckpointContract = defineContract({
  method: 'post',
  path: '/audit/checkpoints',
  tag,
  summary: 'Write a signed checkpoint of every ticket’s chain head now',
  access: access.qa,
  success: { status: 201, body: ZCheckpointSummary },
});

export const listCheckpointsContract = defineContract({
  method: 'get',
  path: '/audit/checkpoints',
  tag,
  summary: 'Stored checkpoints, newest first, each with whether its signature checks',
  access: access.qa,
  success: { status: 200, body: z.object({ checkpoints: z.array(ZCheckpointSummary.extend({ valid: z.boolean(), bytes: z.number() })) }) },
});

export const getCheckpointContract = defineContract({
  method: 'get',
  path: '/audit/checkpoints/:checkpointId',
  tag,
  summary: 'Download a checkpoint: the file exactly as signed, and its signature (base64 Ed25519)',
  access: access.qa,
  params: z.strictObject({ checkpointId: ZCheckpointId }),
  success: {
    status: 200,
    body: z.object({ id: z.string(), valid: z.boolean(), fileName: z.string(), text: z.string(), signature: z.string(), publicKeyFingerprint: z.string() }),
  },
});

export const auditPublicKeyContract = defineContract({
  method: 'get',
  path: '/audit/public-key',
  tag,
  summary: 'The public key checkpoints are signed with (Ed25519, SPKI PEM)',
  access: access.qa,
  success: { status: 200, body: z.object({ algorithm: z.literal('Ed25519'), publicKeyPem: z.string(), fingerprint: z.string() }) },
});
