import { z } from 'zod';
import { access } from '../auth/access';
import type { RoutingDecision } from '../routing/route-ticket';
import { MILESTONE_CLOCKS } from '../sla/sla-policy';
import { TICKET_ACTIONS } from '../tickets/ticket-lifecycle';
import {
  ZAddNoteRequest,
  ZContactAttemptRequest,
  ZCreateTicketRequest,
  ZDispatchTicketRequest,
  ZLeadConversionQuery,
  ZLeadFollowUpRequest,
  ZRejectTicketRequest,
  ZStoredLocation,
  ZTicketListQuery,
  ZTicketParams,
  ZTransitionRequest,
} from '../tickets/ticket.schemas';
import { CHANNELS, PRIORITIES, ROLES, TICKET_STATUSES, TICKET_TYPES } from '../tickets/ticket-vocabulary';
import { defineContract } from './contract';
import { itemsOf, ZJsonObject, ZNamedRef, ZWireTimestamp } from './wire';

const ABILITY_KEYS = [...TICKET_ACTIONS, 'route', 'noteInternal', 'noteDealer', 'viewFullPhone', 'leadFollowUp', 'recordContact'] as const;
/** What the caller may do to the ticket, so clients never re-derive permissions. */
export const ZTicketAbilities = z.object(Object.fromEntries(ABILITY_KEYS.map((key) => [key, z.boolean()])) as Record<(typeof ABILITY_KEYS)[number], z.ZodBoolean>);

/** The routing engine's decision with its trace (shared/src/routing/route-ticket.ts); shown to the hotline only. */
export const ZRoutingDecision = z
  .custom<RoutingDecision>((value) => typeof value === 'object' && value !== null)
  .meta({ override: { type: 'object', description: 'RoutingDecision: target, matched rule, priority, copied departments, flags, signals and the per-rule trace' } });

export const MILESTONE_STATES = ['running', 'warning', 'breached', 'paused', 'met', 'cancelled'] as const;

export const ZSlaMilestone = z.object({
  id: z.string(),
  clock: z.enum(MILESTONE_CLOCKS),
  ownerType: z.enum(['dealer', 'department', 'hotline']),
  ownerId: z.string().nullable(),
  startedAt: ZWireTimestamp,
  dueAt: ZWireTimestamp,
  warnAt: ZWireTimestamp.nullable(),
  metAt: ZWireTimestamp.nullable(),
  cancelledAt: ZWireTimestamp.nullable(),
  pausedSeconds: z.number(),
  warnedAt: ZWireTimestamp.nullable(),
  breachedAt: ZWireTimestamp.nullable(),
  escalationLevel: z.number(),
  nextEscalationAt: ZWireTimestamp.nullable(),
  state: z.enum(MILESTONE_STATES),
});

export const ZTicketSla = z.object({
  policyId: z.string().nullable(),
  /** The worst of the open clocks as the workers recorded it. */
  state: z.enum(['ok', 'warning', 'breached']),
  acknowledgeDueAt: ZWireTimestamp.nullable(),
  firstContactDueAt: ZWireTimestamp.nullable(),
  resolveDueAt: ZWireTimestamp.nullable(),
  pausedAt: ZWireTimestamp.nullable(),
  pausedSeconds: z.number(),
  breachedClocks: z.array(z.string()),
  escalationLevel: z.number(),
  /** Only on `GET /tickets/:id`. */
  milestones: z.array(ZSlaMilestone).optional(),
});

/** A ticket as the API presents it (api/src/tickets/ticket.presenter.ts), phones masked where the reader needs no more. */
export const ZTicket = z.object({
  id: z.string(),
  number: z.string(),
  type: z.enum(TICKET_TYPES),
  channel: z.enum(CHANNELS),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(PRIORITIES),
  subject: z.string(),
  description: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  location: ZStoredLocation.nullable(),
  /** A location was given but has no point (typed or geocoded): "nearest to the incident" cannot be measured. */
  distanceUnknown: z.boolean(),
  details: ZJsonObject,
  category: ZNamedRef.extend({ path: z.string() }).nullable(),
  customer: z.object({ id: z.string(), name: z.string(), phone: z.string(), kind: z.string(), city: z.string().nullable() }).nullable(),
  vehicle: z.object({ id: z.string(), vin: z.string(), model: z.string(), plate: z.string().nullable() }).nullable(),
  responsibleDealer: ZNamedRef.nullable(),
  responsibleDepartment: ZNamedRef.nullable(),
  ccDepartments: z.array(ZNamedRef),
  regionId: z.string().nullable(),
  excludedDealerIds: z.array(z.string()),
  excludedDepartmentIds: z.array(z.string()),
  routing: z.object({ ruleSetVersion: z.number().nullable(), decision: ZRoutingDecision.nullable() }),
  sla: ZTicketSla,
  dispatchedAt: ZWireTimestamp.nullable(),
  acknowledgedAt: ZWireTimestamp.nullable(),
  resolvedAt: ZWireTimestamp.nullable(),
  closedAt: ZWireTimestamp.nullable(),
  cancelledAt: ZWireTimestamp.nullable(),
  rerouteCount: z.number(),
  reopenCount: z.number(),
  createdAt: ZWireTimestamp,
  updatedAt: ZWireTimestamp,
  version: z.number(),
  abilities: ZTicketAbilities,
}).meta({ id: 'Ticket' });

export const ZTicketEvent = z.object({
  id: z.string(),
  sequence: z.number(),
  type: z.string(),
  actor: z.object({ id: z.string().nullable(), role: z.enum(ROLES).or(z.string()).nullable(), name: z.string() }),
  occurredAt: ZWireTimestamp,
  payload: ZJsonObject,
  hash: z.string(),
}).meta({ id: 'TicketEvent' });

/**
 * A ticket after a command, re-read through the caller's scope. `ticket` is null when the change took it out of the
 * caller's scope (a dealer rejecting it).
 */
export const ZTicketAfterCommand = z.object({ ticket: ZTicket.nullable(), id: z.string().optional() });

export const ZLeadConversionRow = z.object({
  dealerId: z.string().nullable(),
  dealerCode: z.string(),
  dealerName: z.string(),
  leads: z.number(),
  contacted: z.number(),
  testDrives: z.number(),
  orders: z.number(),
  lost: z.number(),
  conversionRate: z.number(),
});

const tag = 'tickets';

export const createTicketContract = defineContract({
  method: 'post',
  path: '/tickets',
  tag,
  summary: 'Open a ticket (type-specific fields are validated); it is routed and dispatched at once when a rule decides',
  access: access.frontline,
  body: ZCreateTicketRequest,
  headers: { 'idempotency-key': 'Same key and body again returns the first ticket (200, Idempotent-Replayed: true)' },
  success: { status: 201, body: ZTicketAfterCommand },
});

export const listTicketsContract = defineContract({
  method: 'get',
  path: '/tickets',
  tag,
  summary: 'List and search tickets within your scope (cursor pagination)',
  access: access.signedIn,
  query: ZTicketListQuery,
  success: { status: 200, body: z.object({ items: z.array(ZTicket), nextCursor: z.string().nullable() }) },
});

export const getTicketContract = defineContract({
  method: 'get',
  path: '/tickets/:id',
  tag,
  summary: 'One ticket with its SLA clocks and your abilities on it (404 when outside your scope)',
  access: access.signedIn,
  params: ZTicketParams,
  success: { status: 200, body: z.object({ ticket: ZTicket }) },
});

export const listTicketEventsContract = defineContract({
  method: 'get',
  path: '/tickets/:id/events',
  tag,
  summary: 'The timeline you may read (hash-chained events)',
  access: access.signedIn,
  params: ZTicketParams,
  success: { status: 200, body: itemsOf(ZTicketEvent) },
});

const ticketCommand = <B extends z.ZodType, S extends 200 | 201>(path: `/tickets/:id/${string}`, summary: string, body: B, status: S) =>
  defineContract({ method: 'post', path, tag, summary, access: access.signedIn, params: ZTicketParams, body, success: { status, body: ZTicketAfterCommand } });

export const addNoteContract = ticketCommand('/tickets/:id/notes', 'Add an internal or dealer-visible note (a department’s finding meets its clock)', ZAddNoteRequest, 201);
export const dispatchTicketContract = ticketCommand('/tickets/:id/dispatch', 'Dispatch to a dealer or department (a transfer, for supervisors)', ZDispatchTicketRequest, 200);
export const rejectTicketContract = ticketCommand('/tickets/:id/reject', 'Reject with a coded reason (the responsible party); the ticket is routed again', ZRejectTicketRequest, 200);
export const recordContactContract = ticketCommand('/tickets/:id/contacts', 'Record a call or message to the customer (the first reached one is the first contact)', ZContactAttemptRequest, 201);
export const leadFollowUpContract = ticketCommand('/tickets/:id/lead-follow-ups', 'Record a lead’s follow-up (contacted, test drive, order, lost + reason)', ZLeadFollowUpRequest, 201);

/** The plain transitions, one endpoint each: `POST /tickets/:id/<action>` with `{ version, comment? }`. */
export const transitionContracts = {
  acknowledge: ticketCommand('/tickets/:id/acknowledge', 'Acknowledge (接单): the responsible dealer or department', ZTransitionRequest, 200),
  start: ticketCommand('/tickets/:id/start', 'Start work', ZTransitionRequest, 200),
  pend: ticketCommand('/tickets/:id/pend', 'Wait for the customer (customer clocks paused)', ZTransitionRequest, 200),
  resume: ticketCommand('/tickets/:id/resume', 'Resume after waiting for the customer', ZTransitionRequest, 200),
  resolve: ticketCommand('/tickets/:id/resolve', 'Mark resolved', ZTransitionRequest, 200),
  reopen: ticketCommand('/tickets/:id/reopen', 'Reopen a resolved ticket (hotline)', ZTransitionRequest, 200),
  close: ticketCommand('/tickets/:id/close', 'Close a resolved ticket (hotline)', ZTransitionRequest, 200),
  cancel: ticketCommand('/tickets/:id/cancel', 'Cancel a duplicate or invalid ticket (hotline)', ZTransitionRequest, 200),
} as const;

export const leadConversionContract = defineContract({
  method: 'get',
  path: '/leads/conversion',
  tag: 'leads',
  summary: 'Lead conversion per dealer (a dealer sees its own)',
  access: access.signedIn,
  query: ZLeadConversionQuery,
  success: { status: 200, body: itemsOf(ZLeadConversionRow) },
});
