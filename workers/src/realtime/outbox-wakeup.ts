/**
 * Wakes the outbox relay as soon as a transaction that wrote outbox rows commits: a trigger on the outbox (migration
 * 0005) runs `pg_notify('careline_outbox')` in the writing transaction, PostgreSQL delivers it at commit, and every
 * worker LISTENing runs a relay pass at once (SKIP LOCKED shares the rows out). The polling loop stays as the safety net for
 * a notification lost while the listening connection was down.
 */
import { OUTBOX_WAKE_CHANNEL, type Database } from '@careline/shared/server';
import type { Logger } from 'pino';

export interface OutboxWakeup {
  close(): Promise<void>;
}

interface PgliteLike {
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

interface PgPoolLike {
  options: Record<string, unknown>;
  connect: unknown;
}

/** Calls `onWake` after each commit that wrote outbox rows, on PostgreSQL (own connection) or PGlite (in process). */
export async function listenForOutboxWrites(db: Database, onWake: () => void, logger: Logger): Promise<OutboxWakeup> {
  // Drizzle keeps its driver client: a pg Pool on a server, the PGlite instance in the embedded mode.
  const client = (db as unknown as { $client: unknown }).$client;
  if (typeof (client as PgliteLike).listen === 'function') {
    const unlisten = await (client as PgliteLike).listen(OUTBOX_WAKE_CHANNEL, () => onWake());
    return { close: () => unlisten() };
  }
  const pool = client as PgPoolLike;
  if (!pool?.options || typeof pool.connect !== 'function') {
    logger.warn('outbox wake-up: unknown database driver, relying on polling only');
    return { close: async () => undefined };
  }
  const { Client } = await import('pg');
  let closed = false;
  let current: InstanceType<typeof Client> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;

  // A pooled connection cannot stay in LISTEN: this one is dedicated, and replaced when it drops.
  const connect = async (attempt: number): Promise<void> => {
    if (closed) return;
    const listener = new Client({ ...(pool.options as object), keepAlive: true } as never);
    let failed = false;
    const retry = (error: unknown) => {
      if (failed || closed) return;
      failed = true;
      current = null;
      listener.removeAllListeners('notification');
      listener.end().catch(() => undefined);
      const delay = Math.min(10_000, 250 * 2 ** attempt);
      logger.warn({ err: error, retryInMs: delay }, 'outbox wake-up connection lost; polling meanwhile');
      retryTimer = setTimeout(() => void connect(Math.min(attempt + 1, 6)), delay);
    };
    listener.on('error', retry);
    listener.on('end', () => retry(new Error('connection ended')));
    listener.on('notification', () => onWake());
    try {
      await listener.connect();
      await listener.query(`listen ${OUTBOX_WAKE_CHANNEL}`);
      if (closed) {
        await listener.end();
        return;
      }
      current = listener;
      // Rows committed while nobody listened are waiting: relay them now rather than at the next poll.
      if (attempt > 0) onWake();
    } catch (error) {
      retry(error);
    }
  };
  await connect(0);
  return {
    close: async () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const listener = current;
      current = null;
      if (listener) {
        listener.removeAllListeners();
        listener.on('error', () => undefined);
        await listener.end().catch(() => undefined);
      }
    },
  };
}
