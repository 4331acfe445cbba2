/**
 * Publishes `ticket.changed` from the workers into the API instances' socket.io rooms through the Redis emitter.
 * Workers never hold sockets: they publish on the channel the API's Redis adapter listens to (`realtimeChannelKey`).
 */
import {
  dealerRoom,
  departmentRoom,
  REALTIME_EVENTS,
  roomsOfTicketChange,
  type ServerToClientEvents,
  ticketRoom,
  TRACKING_CHANGED_EVENT,
  TRACKING_NAMESPACE,
  type TrackingServerToClientEvents,
  trackingRoom,
  type TTicketChangedEvent,
  type TTicketChangedOutbox,
} from '@careline/shared';
import { failFastRedisOptions, realtimeChannelKey } from '@careline/shared/server';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';

export interface TicketChangedEmitter {
  /** Emits one change (a validated `ticket.changed` outbox payload) to its rooms; resolves once Redis accepted the publish, rejects if it did not. */
  emit(change: TTicketChangedOutbox): Promise<TTicketChangedEvent>;
  close(): Promise<void>;
}

export function createTicketChangedEmitter(options: { redisUrl: string; redisPrefix: string }): TicketChangedEmitter {
  // Its own connection, failing a publish at once while Redis is away: the relay then keeps the row and tries again later.
  const redis = new Redis(options.redisUrl, failFastRedisOptions());
  redis.on('error', () => undefined);
  // The emitter fires and forgets its PUBLISH; capturing the reply lets the relay mark a row done only once Redis has it.
  let published: Array<Promise<unknown>> = [];
  const publisher = {
    publish: (channel: string, message: Buffer | string) => {
      const reply = redis.publish(channel, message);
      published.push(reply);
      return reply;
    },
  };
  const emitter = new Emitter<ServerToClientEvents>(publisher, { key: realtimeChannelKey(options.redisPrefix) });
  const tracking = emitter.of(TRACKING_NAMESPACE) as unknown as Emitter<TrackingServerToClientEvents>;
  return {
    emit: async (change) => {
      const event: TTicketChangedEvent = { ticketId: change.ticketId, version: change.version, kind: change.kind, at: new Date().toISOString() };
      // One publish to all rooms: the adapter delivers it once per socket, however many of the rooms it is in.
      emitter.to(roomsOfTicketChange(change)).emit(REALTIME_EVENTS.ticketChanged, event);
      // The customer's tracking page hears that something changed, and nothing else: it refetches what it may show.
      tracking.to(trackingRoom(change.ticketId)).emit(TRACKING_CHANGED_EVENT, { at: event.at });
      // Those who lost the ticket heard of it just now; they must not go on hearing of it through a watch. Redis keeps
      // the order of one connection's publishes, so every API instance processes the leave before the next change.
      const lost = [...change.lostDealerIds.map(dealerRoom), ...change.lostDepartmentIds.map(departmentRoom)];
      if (lost.length > 0) emitter.in(lost).socketsLeave(ticketRoom(change.ticketId));
      const replies = published;
      published = [];
      await Promise.all(replies);
      return event;
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
