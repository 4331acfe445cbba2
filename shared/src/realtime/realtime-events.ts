/**
 * The live-update contract between the socket gateway (api), the emitter (workers) and the console: event names, room
 * names and payloads. Browser-safe. Payloads are thin on purpose: a client learns *that* a ticket changed and refetches
 * it through the HTTP API, which applies scoping and masking; nothing secret travels over the socket.
 */
import { z } from 'zod';
import { type Actor, isDealerRole } from '../auth/actor';

/** Event names. Renaming one breaks every connected console: add a new one instead. */
export const REALTIME_EVENTS = {
  /** server → client: a ticket the client may see has a new version. */
  ticketChanged: 'ticket.changed',
  /** server → client, to QA auditors and admins: a verification found the audit chain or its figures broken. */
  auditBroken: 'audit.broken',
  /** client → server, with an ack: also deliver changes of this one ticket (a ticket page). */
  watch: 'watch',
  /** client → server: stop delivering that ticket's changes. */
  unwatch: 'unwatch',
} as const;

/** The message of the `connect_error` a client gets when its handshake carries no valid session or API key. */
export const REALTIME_UNAUTHENTICATED = 'UNAUTHENTICATED';

export const AGENTS_ROOM = 'agents';
export const SUPERVISORS_ROOM = 'supervisors';
export const QA_ROOM = 'qa';
export const ADMINS_ROOM = 'admins';
/** Who hears that the audit chain is broken. */
export const AUDIT_ALERT_ROOMS = [QA_ROOM, ADMINS_ROOM] as const;
export const userRoom = (userId: string) => `user:${userId}`;
export const ticketRoom = (ticketId: string) => `ticket:${ticketId}`;
export const dealerRoom = (dealerId: string) => `dealer:${dealerId}`;
export const departmentRoom = (departmentId: string) => `dept:${departmentId}`;

/**
 * The rooms a connection joins on its own, decided from the actor on the server (a client never names a room).
 * An API key is no user, so it gets no `user:` room.
 */
export function roomsOfActor(actor: Actor): string[] {
  const rooms: string[] = [];
  if (actor.kind === 'user') rooms.push(userRoom(actor.id));
  if (actor.role === 'agent' || actor.role === 'supervisor' || actor.role === 'admin') rooms.push(AGENTS_ROOM);
  if (actor.role === 'supervisor' || actor.role === 'admin') rooms.push(SUPERVISORS_ROOM);
  if (actor.role === 'qa') rooms.push(QA_ROOM);
  if (actor.role === 'admin') rooms.push(ADMINS_ROOM);
  if (isDealerRole(actor.role) && actor.dealerId) rooms.push(dealerRoom(actor.dealerId));
  if (actor.role === 'dept_user' && actor.departmentId) rooms.push(departmentRoom(actor.departmentId));
  return rooms;
}

/**
 * Where a ticket change goes: its watchers, the hotline rooms, and every dealer and department concerned before or
 * after the change. The dealer that lost a ticket is told too, so that its screens drop it.
 */
export function roomsOfTicketChange(change: { ticketId: string; dealerIds?: readonly string[]; departmentIds?: readonly string[] }): string[] {
  return [
    ticketRoom(change.ticketId),
    AGENTS_ROOM,
    SUPERVISORS_ROOM,
    QA_ROOM,
    ...new Set((change.dealerIds ?? []).map(dealerRoom)),
    ...new Set((change.departmentIds ?? []).map(departmentRoom)),
  ];
}

/** `ticket.changed`: `kind` is the ticket event type (created, dispatched, note, sla_warning, …); `at` when it was sent. */
export const ZTicketChangedEvent = z.strictObject({
  ticketId: z.uuid(),
  version: z.int().min(1),
  kind: z.string().min(1).max(64),
  at: z.iso.datetime(),
});
export type TTicketChangedEvent = z.infer<typeof ZTicketChangedEvent>;

/**
 * The `ticket.changed` outbox payload: which ticket, its new version and kind, and the audience the emitter fans the
 * event out to (`roomsOfTicketChange`) — dealers and departments concerned before or after the change, and those that
 * lost the ticket with it. Rows written before the audience fields existed lack them: they read as empty.
 */
export const ZTicketChangedOutbox = z.object({
  ticketId: z.uuid(),
  version: z.int().min(1),
  kind: z.string().min(1).max(64),
  dealerIds: z.array(z.string().min(1)).default([]),
  departmentIds: z.array(z.string().min(1)).default([]),
  lostDealerIds: z.array(z.string().min(1)).default([]),
  lostDepartmentIds: z.array(z.string().min(1)).default([]),
});
export type TTicketChangedOutbox = z.output<typeof ZTicketChangedOutbox>;

/** Who is responsible for a ticket and who is copied: what decides the rooms of its changes. */
export interface TicketParties {
  responsibleDealerId: string | null;
  responsibleDepartmentId: string | null;
  ccDepartmentIds: readonly string[];
}

/**
 * The one builder of the `ticket.changed` payload. `before` is null for a ticket that did not exist yet. Those that
 * lost the ticket are told too (their screens drop it, their watches end).
 */
export function ticketChangedOutbox(change: { ticketId: string; version: number; kind: string; before: TicketParties | null; after: TicketParties }): TTicketChangedOutbox {
  const dealersOf = (ticket: TicketParties | null) => (ticket?.responsibleDealerId ? [ticket.responsibleDealerId] : []);
  const departmentsOf = (ticket: TicketParties | null) =>
    ticket ? [ticket.responsibleDepartmentId, ...ticket.ccDepartmentIds].filter((id): id is string => Boolean(id)) : [];
  const keptDealers = new Set(dealersOf(change.after));
  const keptDepartments = new Set(departmentsOf(change.after));
  return {
    ticketId: change.ticketId,
    version: change.version,
    kind: change.kind,
    dealerIds: [...new Set([...dealersOf(change.before), ...dealersOf(change.after)])],
    departmentIds: [...new Set([...departmentsOf(change.before), ...departmentsOf(change.after)])],
    lostDealerIds: [...new Set(dealersOf(change.before).filter((id) => !keptDealers.has(id)))],
    lostDepartmentIds: [...new Set(departmentsOf(change.before).filter((id) => !keptDepartments.has(id)))],
  };
}

export const ZWatchRequest = z.strictObject({ ticketId: z.uuid() });
export type TWatchRequest = z.infer<typeof ZWatchRequest>;

/**
 * The ack of `watch` / `unwatch`. A ticket the user may not read is NOT_FOUND, exactly like a missing one; more than 200
 * watches on one socket is RATE_LIMITED.
 */
export type WatchRefusal = 'NOT_FOUND' | 'VALIDATION_FAILED' | 'UNAUTHENTICATED' | 'RATE_LIMITED' | 'INTERNAL';
export type TWatchAck = { ok: true } | { ok: false; error: { code: WatchRefusal; message?: string } };

/** `audit.broken`: which verification run, how many problems, when (details: GET /api/audit/runs/:id). */
export const ZAuditBrokenEvent = z.strictObject({
  runId: z.uuid(),
  problemCount: z.int().min(0),
  at: z.iso.datetime(),
});
export type TAuditBrokenEvent = z.infer<typeof ZAuditBrokenEvent>;

/**
 * The customers' tracking pages listen on a namespace of their own, `/tracking`, opened with the page's token
 * (`auth: { token }`) and no session. The socket is put in its ticket's tracking room and hears only `tracking.changed`
 * (`{ at }`: no ticket id, version or kind), then refetches GET /api/track/:token, so nothing the page does not show
 * travels over it. The signed-in namespace `/` is unchanged.
 */
export const TRACKING_NAMESPACE = '/tracking';
export const TRACKING_CHANGED_EVENT = 'tracking.changed';
export const trackingRoom = (ticketId: string) => `tracking:${ticketId}`;
export const ZTrackingChangedEvent = z.strictObject({ at: z.iso.datetime() });
export type TTrackingChangedEvent = z.infer<typeof ZTrackingChangedEvent>;
export interface TrackingServerToClientEvents {
  'tracking.changed': (event: TTrackingChangedEvent) => void;
}

/** Every server → client event with the schema of its payload: the socket part of the registry (shared/src/server/jobs.ts). */
export const SERVER_EVENTS = {
  [REALTIME_EVENTS.ticketChanged]: ZTicketChangedEvent,
  [REALTIME_EVENTS.auditBroken]: ZAuditBrokenEvent,
} as const;
export type ServerEventName = keyof typeof SERVER_EVENTS;

/** socket.io typings shared by the server and socket.io-client (`Socket<ServerToClientEvents, ClientToServerEvents>`). */
export type ServerToClientEvents = { [E in ServerEventName]: (event: z.output<(typeof SERVER_EVENTS)[E]>) => void };

export interface ClientToServerEvents {
  watch: (request: TWatchRequest, ack: (result: TWatchAck) => void) => void;
  unwatch: (request: TWatchRequest, ack?: (result: TWatchAck) => void) => void;
}
