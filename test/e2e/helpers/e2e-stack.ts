import type { RunningWorkers } from '../../../workers/src/start-workers';
import { startSmtpSink } from '../../helpers/smtp-sink';
import { startTestServer, type TestServer } from '../../helpers/test-server';
import { startTestWorkers } from '../../helpers/test-workers';

export interface E2eStack {
  server: TestServer;
  workers: RunningWorkers;
  smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  /** The console's address (the API serves console/dist on its own origin). */
  url: string;
  close(): Promise<void>;
}

/**
 * The real thing for a browser: the API on a fresh database with the realtime gateway, the workers (outbox relay →
 * socket events and mail, SLA timers) and an SMTP sink for their mail.
 */
export async function startE2eStack(options: { customers?: number; tickets?: number } = {}): Promise<E2eStack> {
  const server = await startTestServer({ realtime: true, customers: options.customers, tickets: options.tickets });
  const smtp = await startSmtpSink();
  // The workers write export files where the API serves them from.
  const workers = await startTestWorkers(server, smtp.url, { publicUrl: server.url, relayEveryMs: 250, exportDir: server.context.config.exportDir });
  return {
    server,
    workers,
    smtp,
    url: server.url,
    close: async () => {
      await workers.close();
      await smtp.close();
      await server.close();
    },
  };
}

/** The user who signs in for a dealer: its dealer_user (demo: `dealer` for D-BJ-001, else the code in lower case). */
export async function dealerUserOf(server: TestServer, dealerId: string): Promise<string> {
  const [user] = await server.query<{ username: string }>(
    `select username from users where dealer_id = $1 and role = 'dealer_user' and active order by username limit 1`,
    [dealerId],
  );
  if (!user) throw new Error(`dealer ${dealerId} has no active dealer_user`);
  return user.username;
}

/**
 * Runs a ticket command on the ticket's current version. The workers run beside the test: with `now` in the past, the
 * SLA timers of a ticket just created are all due at once, and every warning, breach and escalation they fire is an
 * event (a new version) that may land between reading the version and the command. Under load a burst of them can
 * outlast a handful of tries, so this keeps trying (with a short pause) until the burst is over.
 */
export async function onCurrentVersion<T>(server: TestServer, ticketId: string, command: (version: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const [{ version }] = await server.query<{ version: number }>(`select version from tickets where id = $1`, [ticketId]);
    try {
      return await command(version);
    } catch (error) {
      if (attempt >= 40 || (error as { code?: string }).code !== 'VERSION_CONFLICT') throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
