import { OUTBOX_WAKE_CHANNEL } from '@careline/shared/server';
import { Client } from 'pg';
import { buildComplaint, fixtures } from '../helpers/factories';
import { signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ customers: 5 });
});

afterAll(() => server?.close());

/** The outbox wakes its relay from the database itself: every writing transaction notifies once, at commit only. */
describe('outbox wake-up', () => {
  it('notifies listeners when a command commits, once per transaction, and not for a rollback', async () => {
    const listener = new Client({ connectionString: server.cliEnv!.DATABASE_URL });
    await listener.connect();
    const received: string[] = [];
    listener.on('notification', (message) => received.push(message.channel));
    await listener.query(`listen ${OUTBOX_WAKE_CHANNEL}`);
    try {
      const fixture = await fixtures(server);
      const agent = await signedIn(server, 'agent');
      // Created and routed in one transaction, with several outbox rows: one notification.
      expect((await agent.post('/api/tickets', buildComplaint(fixture))).status).toBe(201);
      await waitFor(() => received.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toEqual([OUTBOX_WAKE_CHANNEL]);

      received.length = 0;
      const writer = new Client({ connectionString: server.cliEnv!.DATABASE_URL });
      await writer.connect();
      const [ticket] = await server.query<{ id: string }>('select id from tickets limit 1');
      await writer.query('begin');
      await writer.query(`insert into outbox (topic, ticket_id, payload) values ('ticket.changed', $1, '{}')`, [ticket.id]);
      await writer.query('rollback');
      await writer.end();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toEqual([]);
    } finally {
      await listener.end();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('no notification arrived');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
