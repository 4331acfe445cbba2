/**
 * The live half of an audit alert: `audit.broken` published through the Redis emitter to the `qa` and `admins` rooms of
 * every API instance (their socket.io Redis adapters listen on the channel). Used by the workers (nightly run) and the
 * API (a run on demand); resolves once Redis took the publish.
 */
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { AUDIT_ALERT_ROOMS, REALTIME_EVENTS, type ServerToClientEvents, type TAuditBrokenEvent } from '../../realtime/realtime-events';
import { realtimeChannelKey } from '../jobs';

export function auditAlertEmitter(redis: Redis, redisPrefix: string): (event: TAuditBrokenEvent) => Promise<void> {
  let published: Array<Promise<unknown>> = [];
  const publisher = {
    publish: (channel: string, message: Buffer | string) => {
      const reply = redis.publish(channel, message);
      published.push(reply);
      return reply;
    },
  };
  const emitter = new Emitter<ServerToClientEvents>(publisher, { key: realtimeChannelKey(redisPrefix) });
  return async (event) => {
    emitter.to([...AUDIT_ALERT_ROOMS]).emit(REALTIME_EVENTS.auditBroken, event);
    const replies = published;
    published = [];
    await Promise.all(replies);
  };
}
