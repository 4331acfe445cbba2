import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientToServerEvents, ServerToClientEvents, TTicketChangedEvent, TWatchAck } from '@careline/shared';
import { DEMO_PASSWORD } from '@careline/shared/server';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { createApp } from '../../api/src/app';
import type { AppContext } from '../../api/src/context';
import { attachRealtime, type RealtimeGateway } from '../../api/src/realtime/realtime.gateway';
import { TEST_REDIS_URL, type TestServer } from './test-server';

/** The session cookie of a real sign-in (`careline_session=…`), as a browser would hold it. */
export async function sessionCookie(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0];
}

/**
 * A second API instance on the same database and Redis prefix, with its own HTTP server, Redis connection and
 * socket.io gateway: what a second container behind nginx would be. Only Redis joins the two gateways.
 */
export async function startSecondInstance(
  server: TestServer,
  options: { maxWatchesPerSocket?: number } = {},
): Promise<{ url: string; realtime: RealtimeGateway; close: () => Promise<void> }> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const httpServer: Server = createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  // Behind nginx both would share one public origin; here each has its own address, and pages of both are allowed.
  const config = { ...server.context.config, allowedOrigins: [...server.context.config.allowedOrigins, url] };
  const context: AppContext = { ...server.context, config, redis };
  httpServer.on('request', createApp(context));
  const realtime = await attachRealtime({ httpServer, context, redisUrl: TEST_REDIS_URL, ...options });
  return {
    url,
    realtime,
    close: async () => {
      await realtime.close();
      await new Promise((resolve) => httpServer.close(resolve));
      httpServer.closeAllConnections?.();
      redis.disconnect();
    },
  };
}

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client like the console's, recording every `ticket.changed` it receives. */
export class RealtimeClient {
  readonly events: TTicketChangedEvent[] = [];
  readonly socket: RealtimeSocket;

  /** `origin`: the page's origin a browser would send (default: the API's own); `null` for a server-side client that sends none. */
  constructor(baseUrl: string, options: { cookie?: string; apiKey?: string; headers?: Record<string, string>; origin?: string | null } = {}) {
    const origin = options.origin === undefined ? new URL(baseUrl).origin : options.origin;
    this.socket = io(baseUrl, {
      autoConnect: false,
      // Node has no cookie jar: the cookie goes in the handshake headers (a browser sends it by itself, and its Origin).
      extraHeaders: { ...(origin ? { origin } : {}), ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
      auth: options.apiKey ? { apiKey: options.apiKey } : {},
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    this.socket.on('ticket.changed', (event) => this.events.push(event));
  }

  /** Connects; rejects with the server's `connect_error` (e.g. UNAUTHENTICATED). */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        this.socket.off('connect_error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.socket.off('connect', onConnect);
        reject(error);
      };
      this.socket.once('connect', onConnect);
      this.socket.once('connect_error', onError);
      this.socket.connect();
    });
  }

  watch(ticketId: unknown): Promise<TWatchAck> {
    return this.socket.timeout(10_000).emitWithAck('watch', { ticketId } as never);
  }

  unwatch(ticketId: string): Promise<TWatchAck> {
    return this.socket.timeout(10_000).emitWithAck('unwatch', { ticketId });
  }

  /** Waits for an event matching `match` (received already or later). */
  async waitFor(match: (event: TTicketChangedEvent) => boolean, timeoutMs = 15_000): Promise<TTicketChangedEvent> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.events.find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no matching ticket.changed within ${timeoutMs} ms; got ${JSON.stringify(this.events)}`);
  }

  close(): void {
    this.socket.disconnect();
  }
}
