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

export const ZWatchRequest = z.strictObject({ ticketId: z.uuid() });
export type TWatchRequest = z.infer<typeof ZWatchRequest>;

/**
 * The ack of `watch` / `unwatch`. A ticket the user may not read is NOT_FOUND, exactly like a missing one; more than 200
 * watches on one socket is RATE_LIMITED.
 */
export type WatchRefusal = 'NOT_FOUND' | 'VALIDATION_FAILED' | 'UNAUTHENTICATED' | 'RATE_LIMITED' | 'INTERNAL';
export type TWatchAck = { ok: true } | { ok: false; error: { code: WatchRefusal; message?: string } };

/** socket.io typings shared by the server and socket.io-client (`Socket<ServerToClientEvents, ClientToServerEvents>`). */
export interface ServerToClientEvents {
  'ticket.changed': (event: TTicketChangedEvent) => void;
}

export interface ClientToServerEvents {
  watch: (request: TWatchRequest, ack: (result: TWatchAck) => void) => void;
  unwatch: (request: TWatchRequest, ack?: (result: TWatchAck) => void) => void;
}
