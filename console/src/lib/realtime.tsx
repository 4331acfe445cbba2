import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import type { ServerEventName, ServerToClientEvents } from '@shared/realtime/realtime-events';
import type { Socket } from 'socket.io-client';
import { queryKeys } from './query-keys';

/** The thin payload of the realtime contract: clients refetch through the HTTP API, which applies scoping. */
export interface TicketChangedEvent {
  ticketId: string;
  version: number;
  /** The ticket event type: created, dispatched, acknowledged, rejected, …, sla_warning, sla_breached. */
  kind: string;
  at: string;
}

type TicketEventHandler = (event: TicketChangedEvent) => void;

interface RealtimeContextValue {
  socket: Socket | null;
  connected: boolean;
  subscribe: (handler: TicketEventHandler) => () => void;
}

const RealtimeContext = createContext<RealtimeContextValue>({ socket: null, connected: false, subscribe: () => () => undefined });

/**
 * One socket per signed-in session (keyed by the user id; closed at sign-out). A `ticket.changed` marks the ticket,
 * its timeline, every ticket list and the callback queue stale; a (re)connect marks everything stale, so a network blip leaves no old
 * screen behind. Without a socket the console still works: react-query refetches on window focus.
 */
export function RealtimeProvider({ userId, children }: { userId: string | null; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [socket, setSocket] = useState<Socket | null>(null);
  const [connected, setConnected] = useState(false);
  const handlers = useRef(new Set<TicketEventHandler>());

  useEffect(() => {
    if (!userId) return;
    let client: Socket | null = null;
    let cancelled = false;
    const onConnect = () => {
      setConnected(true);
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'reference' && query.queryKey[0] !== 'session' });
    };
    const onDisconnect = (reason: string) => {
      setConnected(false);
      // The server drops a socket whose session ended or whose rooms changed and socket.io will not retry that by
      // itself: reconnect once; the handshake is refused (UNAUTHENTICATED) if the session is really gone.
      if (reason === 'io server disconnect') setTimeout(() => client?.connect(), 1000);
    };
    const onConnectError = (error: Error) => {
      setConnected(false);
      // The session expired or was revoked: let the session query find out and show the sign-in page.
      if (error.message === 'UNAUTHENTICATED') void queryClient.invalidateQueries({ queryKey: queryKeys.session });
    };
    const onTicketChanged = (event: TicketChangedEvent) => {
      if (!event || typeof event.ticketId !== 'string') return;
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(event.ticketId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticketEvents(event.ticketId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets() });
      void queryClient.invalidateQueries({ queryKey: ['lead-conversion'] });
      // A resolution adds a callback task, a callback attempt or a reopen settles one: the queue follows any change.
      void queryClient.invalidateQueries({ queryKey: queryKeys.callbacks() });
      for (const handler of handlers.current) handler(event);
    };
    // The client library loads after the first paint; the screen does not wait for the socket.
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return;
      client = io({ path: '/socket.io', withCredentials: true, reconnectionDelayMax: 10_000 });
      client.on('connect', onConnect);
      client.on('disconnect', onDisconnect);
      client.on('connect_error', onConnectError);
      client.on('ticket.changed', onTicketChanged);
      setSocket(client);
    });
    return () => {
      cancelled = true;
      client?.removeAllListeners();
      client?.disconnect();
      setSocket(null);
      setConnected(false);
    };
  }, [userId, queryClient]);

  const value = useRef<RealtimeContextValue['subscribe']>((handler) => {
    handlers.current.add(handler);
    return () => handlers.current.delete(handler);
  });

  return <RealtimeContext.Provider value={{ socket, connected, subscribe: value.current }}>{children}</RealtimeContext.Provider>;
}

/** Calls `handler` for every `ticket.changed` this user receives (the handler may change between renders). */
export function useTicketEvents(handler: TicketEventHandler): void {
  const { subscribe } = useContext(RealtimeContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

/** Joins `ticket:<id>` while mounted (again after every reconnect); the server checks the user may read it. */
export function useWatchTicket(ticketId: string | undefined): void {
  const { socket } = useContext(RealtimeContext);
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket || !ticketId) return;
    // Refused (the ticket is no longer ours to read): refetch, and the page shows what the API says now.
    const watch = () =>
      socket.emit('watch', { ticketId }, (ack?: { ok: boolean }) => {
        if (ack && !ack.ok) void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(ticketId) });
      });
    if (socket.connected) watch();
    socket.on('connect', watch);
    return () => {
      socket.off('connect', watch);
      if (socket.connected) socket.emit('unwatch', { ticketId });
    };
  }, [socket, ticketId, queryClient]);
}

/**
 * Calls `handler` for every `name` event this user's socket receives while mounted (the handler may change between
 * renders). The server decides who hears an event (its rooms); this only listens.
 */
export function useServerEvent<E extends ServerEventName>(name: E, handler: ServerToClientEvents[E]): void {
  const { socket } = useContext(RealtimeContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => (latest.current as (event: typeof payload) => void)(payload);
    socket.on(name, listener as never);
    return () => {
      socket.off(name, listener as never);
    };
  }, [socket, name]);
}

/** Whether the live socket is up (the header shows it). */
export function useRealtimeStatus(): boolean {
  return useContext(RealtimeContext).connected;
}
