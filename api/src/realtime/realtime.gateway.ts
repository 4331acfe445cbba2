/**
 * The socket.io gateway: live updates on the API's own HTTP server (path /socket.io, same origin, same session cookie).
 * Instances share rooms through the Redis adapter; the workers publish into the same channels with the Redis emitter,
 * so a change made anywhere reaches every browser that may see it. See README "Live updates" for the contract.
 */
import type { Server as HttpServer } from 'node:http';
import {
  type Actor,
  type ClientToServerEvents,
  messageOf,
  REALTIME_EVENTS,
  REALTIME_UNAUTHENTICATED,
  roomsOfActor,
  type ServerToClientEvents,
  ticketRoom,
  TRACKING_NAMESPACE,
  trackingRoom,
  type TWatchAck,
  type WatchRefusal,
  ZWatchRequest,
} from '@careline/shared';
import { findTicketView, findTrackedTicket, realtimeChannelKey, ticketScopeOf } from '@careline/shared/server';
import { createAdapter } from '@socket.io/redis-adapter';
import proxyAddr from 'proxy-addr';
import { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { authenticate } from '../auth/auth.middleware';
import { countHit } from '../auth/rate-limit';
import { isAllowedOrigin } from '../http/csrf';
import type { AppContext } from '../context';

interface SocketData {
  actor: Actor;
  /** The credential the socket was opened with, checked again on `watch` and periodically. */
  credentials: { cookie?: string; apiKey?: string };
  rooms: string[];
  english: boolean;
}

type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeGateway {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  /** Checks every local socket's session again; one that ended (sign-out, expiry, deactivated user) or whose rooms changed is disconnected. */
  revalidate(): Promise<{ checked: number; disconnected: number }>;
  /** Disconnects this instance's sockets and leaves Redis; does not close the HTTP server. */
  close(): Promise<void>;
}

export interface AttachRealtimeOptions {
  httpServer: HttpServer;
  context: AppContext;
  /** Redis for the adapter's pub/sub connections; by default `context.config.redisUrl`, else a copy of `context.redis`. */
  redisUrl?: string;
  /** How often sessions of open sockets are checked again (default one minute; 0 = never). */
  revalidateEveryMs?: number;
  /** A console watches the ticket it shows; hundreds at once is a script, and each watch costs a scoped read. Default 200. */
  maxWatchesPerSocket?: number;
}

/**
 * The credentials of a handshake. The session cookie counts only when the handshake came from careline's own page:
 * an allowed Origin (a handshake from any other Origin is refused before this, in `allowRequest`), or, without an
 * Origin, `Sec-Fetch-Site: same-origin` (a browser's same-origin polling request carries no Origin). A client without
 * either (a server-side script) must authenticate with an API key.
 */
function credentialsOf(socket: Socket, allowedOrigins: ReadonlySet<string>): SocketData['credentials'] {
  const { headers, auth } = socket.handshake;
  const bearer = typeof headers.authorization === 'string' && headers.authorization.startsWith('Bearer ') ? headers.authorization.slice(7).trim() : undefined;
  const header = typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined;
  const fromAuth = typeof auth?.apiKey === 'string' ? auth.apiKey : undefined;
  const ownPage = typeof headers.origin === 'string' ? isAllowedOrigin(allowedOrigins, headers.origin) : headers['sec-fetch-site'] === 'same-origin';
  return { cookie: ownPage ? headers.cookie : undefined, apiKey: fromAuth ?? bearer ?? header };
}

/** Express's `trust proxy` setting (TRUST_PROXY) as proxy-addr's trust function, so a socket's client address is req.ip's. */
function trustOf(setting: string | number | boolean): (address: string, hop: number) => boolean {
  if (typeof setting === 'boolean') return () => setting;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyAddr.compile(setting.split(',').map((part) => part.trim()));
}

const sameRooms = (a: string[], b: string[]) => a.length === b.length && a.every((room, index) => room === b[index]);

/** Creates the socket.io server on `httpServer`: handshake authentication, automatic rooms, `watch` / `unwatch`. */
export async function attachRealtime(options: AttachRealtimeOptions): Promise<RealtimeGateway> {
  const { context } = options;
  const logger = context.logger.child({ component: 'realtime' });
  const redisUrl = options.redisUrl ?? context.config.redisUrl;
  const allowedOrigins = new Set(context.config.allowedOrigins);
  const pubClient = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 3 }) : context.redis.duplicate();
  const subClient = pubClient.duplicate();
  for (const client of [pubClient, subClient]) client.on('error', (error) => logger.warn({ err: error }, 'realtime redis connection error'));

  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(options.httpServer, {
    adapter: createAdapter(pubClient, subClient, { key: realtimeChannelKey(context.config.redisPrefix) }),
    serveClient: false,
    // Clients send tiny messages only (watch / unwatch).
    maxHttpBufferSize: 4096,
    // A page of another origin may not open a socket with the user's cookie (cross-site WebSocket hijacking).
    allowRequest: (request, callback) => {
      const { origin } = request.headers;
      callback(null, origin === undefined || isAllowedOrigin(allowedOrigins, origin));
    },
  });

  io.use(async (socket, next) => {
    try {
      const credentials = credentialsOf(socket, allowedOrigins);
      const found = await authenticate(context, credentials);
      if (!found) {
        const error = new Error(REALTIME_UNAUTHENTICATED) as Error & { data?: unknown };
        error.data = { code: 'UNAUTHENTICATED' };
        return next(error);
      }
      const language = socket.handshake.headers['accept-language'];
      socket.data = {
        actor: found.actor,
        credentials,
        rooms: roomsOfActor(found.actor),
        english: typeof language === 'string' && language.trim().toLowerCase().startsWith('en'),
      };
      next();
    } catch (error) {
      logger.error({ err: error }, 'socket handshake failed');
      next(new Error('SERVICE_UNAVAILABLE'));
    }
  });

  const maxWatches = options.maxWatchesPerSocket ?? 200;
  const refusal = (socket: GatewaySocket, code: WatchRefusal): TWatchAck =>
    ({ ok: false, error: { code, message: messageOf(code, socket.data.english ? 'en' : 'zh-CN') } });

  io.on('connection', (socket) => {
    void socket.join(socket.data.rooms);

    socket.on(REALTIME_EVENTS.watch, async (request, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const parsed = ZWatchRequest.safeParse(request);
      if (!parsed.success) return reply(refusal(socket, 'VALIDATION_FAILED'));
      const watching = [...socket.rooms].filter((room) => room.startsWith(ticketRoom(''))).length;
      if (watching >= maxWatches && !socket.rooms.has(ticketRoom(parsed.data.ticketId))) return reply(refusal(socket, 'RATE_LIMITED'));
      try {
        // The session is checked again: a socket outliving its sign-out must not gain rooms.
        const found = await authenticate(context, socket.data.credentials);
        if (!found) {
          reply(refusal(socket, 'UNAUTHENTICATED'));
          socket.disconnect(true);
          return;
        }
        // The same scoped read as GET /api/tickets/:id: what the user may not read is NOT_FOUND.
        const view = await findTicketView(context.db, ticketScopeOf(found.actor), parsed.data.ticketId);
        if (!view) return reply(refusal(socket, 'NOT_FOUND'));
        await socket.join(ticketRoom(parsed.data.ticketId));
        // Read again after joining: a transfer committed in between told its leave to the rooms before this join.
        const scope = ticketScopeOf(found.actor);
        if (scope.kind !== 'all' && !(await findTicketView(context.db, scope, parsed.data.ticketId))) {
          await socket.leave(ticketRoom(parsed.data.ticketId));
          return reply(refusal(socket, 'NOT_FOUND'));
        }
        reply({ ok: true });
      } catch (error) {
        logger.error({ err: error, ticketId: parsed.data.ticketId }, 'watch failed');
        reply(refusal(socket, 'INTERNAL'));
      }
    });

    socket.on(REALTIME_EVENTS.unwatch, async (request, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const parsed = ZWatchRequest.safeParse(request);
      if (!parsed.success) return reply(refusal(socket, 'VALIDATION_FAILED'));
      await socket.leave(ticketRoom(parsed.data.ticketId));
      reply({ ok: true });
    });
  });

  // Customers' tracking pages: no session, the token is the credential; one room, no client events (see TRACKING_NAMESPACE).
  const tracking = (io as unknown as Server).of(TRACKING_NAMESPACE);
  const trustProxy = trustOf(context.config.trustProxy);
  tracking.use(async (socket, next) => {
    const refuse = (code: string) => {
      const error = new Error(code) as Error & { data?: unknown };
      error.data = { code };
      next(error);
    };
    try {
      // The handshake counts against the same per-address budget as GET /api/track/:token (the same client address).
      const address = proxyAddr(socket.request, trustProxy);
      const hit = await countHit(context.redis, `${context.config.redisPrefix}track:ip:${address}`, 60).catch(() => null);
      if (hit && hit.count > context.config.trackingRequestsPerMinute) return refuse('RATE_LIMITED');
      const token: unknown = socket.handshake.auth?.token;
      const ticket = typeof token === 'string' ? await findTrackedTicket(context.db, token, { ttlAfterCloseHours: context.config.trackingTtlAfterCloseHours }) : null;
      if (!ticket) return refuse('TRACKING_LINK_NOT_FOUND');
      socket.data = { room: trackingRoom(ticket.id) };
      next();
    } catch (error) {
      logger.error({ err: error }, 'tracking socket handshake failed');
      refuse('SERVICE_UNAVAILABLE');
    }
  });
  tracking.on('connection', (socket) => {
    void socket.join((socket.data as { room: string }).room);
  });

  const revalidate = async () => {
    const sockets = [...io.of('/').sockets.values()];
    let disconnected = 0;
    // One lookup per distinct credential: a user's tabs share one session.
    const verdicts = new Map<string, Promise<Actor | null>>();
    await Promise.all(
      sockets.map(async (socket) => {
        const key = `${socket.data.credentials.cookie ?? ''}\n${socket.data.credentials.apiKey ?? ''}`;
        if (!verdicts.has(key)) verdicts.set(key, authenticate(context, socket.data.credentials).then((found) => found?.actor ?? null));
        const actor = await verdicts.get(key)!;
        if (!actor || !sameRooms(roomsOfActor(actor), socket.data.rooms)) {
          disconnected += 1;
          // A client that reconnects gets a fresh handshake: refused, or put in its new rooms.
          socket.disconnect(true);
        }
      }),
    );
    return { checked: sockets.length, disconnected };
  };
  const revalidateEveryMs = options.revalidateEveryMs ?? 60_000;
  const revalidateTimer =
    revalidateEveryMs > 0
      ? setInterval(() => {
          revalidate().catch((error: unknown) => logger.warn({ err: error }, 'socket session check failed'));
        }, revalidateEveryMs)
      : null;
  revalidateTimer?.unref();

  return {
    io,
    revalidate,
    close: async () => {
      if (revalidateTimer) clearInterval(revalidateTimer);
      // Local only: io.disconnectSockets() would go through the adapter and disconnect the other instances' sockets too.
      io.local.disconnectSockets(true);
      tracking.local.disconnectSockets(true);
      await io.of('/').adapter.close();
      await tracking.adapter.close();
      io.engine.close();
      await Promise.allSettled([pubClient.quit(), subClient.quit()]);
    },
  };
}
