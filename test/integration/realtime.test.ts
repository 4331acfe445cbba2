import { ZTicketChangedEvent } from '@careline/shared';
import { createApiKey } from '@careline/shared/server';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { RealtimeClient, sessionCookie, startSecondInstance } from '../helpers/realtime-client';
import { startSmtpSink } from '../helpers/smtp-sink';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';

/**
 * Live updates end to end: two API instances (A = `server`, B = `second`) on one database and Redis prefix, the
 * workers relaying the outbox through the Redis emitter, socket.io clients signed in like browsers. The relay's poll is
 * set to ten minutes, so every event here arrives through the commit-time wake-up (LISTEN/NOTIFY), or not at all.
 */
let server: TestServer;
let second: Awaited<ReturnType<typeof startSecondInstance>>;
let workers: RunningWorkers;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let fixture: Fixtures;
let agentOnB: ApiClient;
let supervisor: ApiClient;
const clients: RealtimeClient[] = [];

async function connected(baseUrl: string, options: ConstructorParameters<typeof RealtimeClient>[1]): Promise<RealtimeClient> {
  const client = new RealtimeClient(baseUrl, options);
  clients.push(client);
  await client.connect();
  return client;
}

const asUser = async (baseUrl: string, username: string) => connected(baseUrl, { cookie: await sessionCookie(baseUrl, username) });
async function settledSlaQueue(ticketId: string) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const [{ pending }] = await server.query<{ pending: number }>(`select count(*)::int as pending from outbox where ticket_id = $1 and processed_at is null`, [ticketId]);
    const counts = await workers.queues.sla.getJobCounts('wait', 'active', 'prioritized');
    if (pending === 0 && Object.values(counts).every((count) => count === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the SLA queue did not settle');
}

const triple = (client: RealtimeClient) => client.events.map((event) => [event.ticketId, event.version, event.kind]);

beforeAll(async () => {
  server = await startTestServer({ realtime: true });
  // Instance B allows few watches per socket, so that the limit can be reached with a handful of tickets.
  second = await startSecondInstance(server, { maxWatchesPerSocket: 2 });
  fixture = await fixtures(server);
  sink = await startSmtpSink();
  // Polling all but off: every event here must come through the wake-up at commit.
  workers = await startTestWorkers(server, sink.url, { relayEveryMs: 600_000 });
  agentOnB = await new ApiClient(second.url).login('agent');
  supervisor = await signedIn(server, 'supervisor');
});

afterAll(async () => {
  for (const client of clients) client.close();
  await workers?.close();
  await second?.close();
  await sink?.close();
  await server?.close();
});

describe('live updates across instances', () => {
  it('reach a client on instance A for a change made through instance B and for one the workers make', async () => {
    const agent = await asUser(server.url, 'agent');
    const ticket = await dispatchedComplaint(agentOnB, fixture, fixture.dealerA.id);
    const dispatched = await agent.waitFor((event) => event.ticketId === ticket.id && event.kind === 'dispatched');
    expect(ZTicketChangedEvent.parse(dispatched)).toEqual({ ticketId: ticket.id, version: ticket.version, kind: 'dispatched', at: expect.any(String) });
    expect(triple(agent).filter(([id]) => id === ticket.id)).toEqual([
      [ticket.id, 1, 'created'],
      [ticket.id, 2, 'dispatched'],
    ]);

    // A change made by the workers: the acknowledge clock warns (its row is moved close, as in sla-timers.test.ts).
    // First let the dispatch's own timer rescheduling finish: one still running would put back the timer it read.
    await settledSlaQueue(ticket.id);
    await server.query(
      `update sla_milestones set warn_at = now() + interval '300 milliseconds', due_at = now() + interval '1 hour' where ticket_id = $1 and clock = 'acknowledge'`,
      [ticket.id],
    );
    await workers.reconcile();
    const warning = await agent.waitFor((event) => event.ticketId === ticket.id && event.kind === 'sla_warning');
    expect(warning.version).toBe(ticket.version + 1);
    // Cancelled, so that no later timer of this ticket lands in the other tests' exact expectations.
    const cancelled = await agentOnB.post(`/api/tickets/${ticket.id}/cancel`, { version: warning.version, comment: '测试结束' });
    expect(cancelled.status).toBe(200);
    await agent.waitFor((event) => event.ticketId === ticket.id && event.kind === 'cancelled');
  });

  it('give a dealer exactly the changes of its own tickets, including the one that takes a ticket away', async () => {
    const agent = await asUser(server.url, 'agent');
    const dealer = await asUser(second.url, fixture.dealerA.username);
    const other = await dispatchedComplaint(agentOnB, fixture, fixture.dealerB.id);
    // Everything the dealer can subscribe to: its own rooms, plus a watch of the other dealer's ticket (refused).
    expect(await dealer.watch(other.id)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
    await agentOnB.post(`/api/tickets/${other.id}/notes`, { visibility: 'dealer', body: '请尽快联系客户' });
    const own = await dispatchedComplaint(agentOnB, fixture, fixture.dealerA.id);
    // The dispatch reaches the dealer through its own room; only then does it watch (the relay delivers in order, so the
    // ticket's `created`, which the dealer may not hear, is out before: on a loaded machine the relay may run after a
    // watch sent at once, and the watch would let `created` through).
    await dealer.waitFor((event) => event.ticketId === own.id && event.kind === 'dispatched');
    expect(await dealer.watch(own.id)).toEqual({ ok: true });
    const noted = await agentOnB.post(`/api/tickets/${own.id}/notes`, { visibility: 'dealer', body: '客户下午有空' });
    // A transfer to the other dealer: dealer A hears of it once, then never again, although it watched the ticket.
    const moved = await supervisor.post(`/api/tickets/${own.id}/dispatch`, { version: noted.body.ticket.version, dealerId: fixture.dealerB.id, reason: '客户要求' });
    expect(moved.status).toBe(200);
    const after = await agentOnB.post(`/api/tickets/${own.id}/notes`, { visibility: 'dealer', body: '已转 B 店' });
    await agentOnB.post(`/api/tickets/${other.id}/notes`, { visibility: 'dealer', body: '再催一次' });

    // The agent sees everything; once it has the last change, the dealer (same relay, same order) has had its share.
    await agent.waitFor((event) => event.ticketId === other.id && event.version === other.version + 2);
    await agent.waitFor((event) => event.ticketId === own.id && event.version === after.body.ticket.version);
    await dealer.waitFor((event) => event.ticketId === own.id && event.version === moved.body.ticket.version);
    expect(await dealer.watch(own.id)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
    // A last change of its former ticket and of the other: they must not arrive; a change of its own marks the end.
    await agentOnB.post(`/api/tickets/${own.id}/notes`, { visibility: 'internal', body: '内部备注' });
    const third = await dispatchedComplaint(agentOnB, fixture, fixture.dealerA.id);
    await dealer.waitFor((event) => event.ticketId === third.id && event.kind === 'dispatched');
    expect(triple(dealer)).toEqual([
      [own.id, 2, 'dispatched'],
      [own.id, 3, 'note'],
      [own.id, 4, 'dispatched'],
      [third.id, 2, 'dispatched'],
    ]);
  });

  it('give a department the tickets that copy it, and nothing else', async () => {
    const copied = await asUser(server.url, fixture.departmentA.username);
    const notCopied = await asUser(second.url, fixture.departmentB.username);
    const [plainCategory] = await server.query<{ id: string }>(
      `select id from categories where ticket_type = 'complaint' and parent_id is not null and not (cc_department_ids && array[$1, $2]::uuid[]) order by path limit 1`,
      [fixture.departmentA.id, fixture.departmentB.id],
    );
    const copying = await dispatchedComplaint(agentOnB, fixture, fixture.dealerA.id);
    const plain = await dispatchedComplaint(agentOnB, fixture, fixture.dealerA.id, { categoryId: plainCategory.id });
    // The last change: the other department becomes responsible for the plain ticket (a transfer).
    const toDepartmentB = await supervisor.post(`/api/tickets/${plain.id}/dispatch`, { version: plain.version, departmentId: fixture.departmentB.id });
    expect(toDepartmentB.status).toBe(200);
    await notCopied.waitFor((event) => event.ticketId === plain.id && event.version === toDepartmentB.body.ticket.version);
    await copied.waitFor((event) => event.ticketId === copying.id && event.kind === 'dispatched');
    // Department A's share was relayed before department B's last event: nothing more can be on its way.
    const ofThisTest = (client: RealtimeClient) => triple(client).filter(([id]) => id === copying.id || id === plain.id);
    expect(ofThisTest(copied)).toEqual([
      [copying.id, 1, 'created'],
      [copying.id, 2, 'dispatched'],
    ]);
    expect(triple(notCopied)).toEqual([[plain.id, 3, 'dispatched']]);
  });

  it('put each role in its rooms, decided on the server', async () => {
    const users = ['agent', 'supervisor', 'qa', 'admin', 'dealer.manager', fixture.departmentA.username];
    const sockets = Object.fromEntries(
      await Promise.all(users.map(async (username, index) => [username, (await asUser(index % 2 ? second.url : server.url, username)).socket.id] as const)),
    );
    const [manager] = await server.query<{ id: string; dealer_id: string }>(`select id, dealer_id from users where username = 'dealer.manager'`);
    // Asked of instance A about the whole cluster: the adapter collects the members from both instances.
    const members = async (room: string) => {
      const found = (await server.realtime!.io.in(room).fetchSockets()).map((socket) => socket.id);
      return users.filter((username) => found.includes(sockets[username]!));
    };
    expect(await members('agents')).toEqual(['agent', 'supervisor', 'admin']);
    expect(await members('supervisors')).toEqual(['supervisor', 'admin']);
    expect(await members('qa')).toEqual(['qa']);
    expect(await members(`dealer:${manager.dealer_id}`)).toEqual(['dealer.manager']);
    expect(await members(`dept:${fixture.departmentA.id}`)).toEqual([fixture.departmentA.username]);
    expect(await members(`user:${manager.id}`)).toEqual(['dealer.manager']);
  });

  it('put a client back in its rooms after a network blip', async () => {
    const dealer = await asUser(server.url, fixture.dealerA.username);
    let reconnects = 0;
    dealer.socket.io.on('reconnect', () => (reconnects += 1));
    // The transport drops as on a network failure (not a deliberate disconnect): the client reconnects by itself.
    dealer.socket.io.engine.close();
    await new Promise<void>((resolve) => dealer.socket.once('connect', () => resolve()));
    expect(reconnects).toBe(1);
    const ticket = await dispatchedComplaint(agentOnB, fixture, fixture.dealerA.id);
    await dealer.waitFor((event) => event.ticketId === ticket.id && event.kind === 'dispatched');
    const sockets = await second.realtime.io.in(`dealer:${fixture.dealerA.id}`).fetchSockets();
    expect(sockets.map((socket) => socket.id)).toContain(dealer.socket.id);
  });
});

// On PGlite the wake-up is an in-process callback; on a server it is a connection of its own, which can drop.
(process.env.CARELINE_TEST_DB === 'postgres' ? describe : describe.skip)('the wake-up connection (PostgreSQL only)', () => {
  it('comes back after the server drops it, and nothing committed meanwhile is left waiting for the poll', async () => {
    const agent = await asUser(server.url, 'agent');
    const listeners = () =>
      server.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen careline_outbox%' and pid <> pg_backend_pid()`);
    const [listener] = await listeners();
    expect(listener).toBeDefined();
    await server.query(`select pg_terminate_backend($1)`, [listener.pid]);
    // Committed while the listener may well be down: delivered by the reconnect's catch-up pass or the new LISTEN.
    const ticket = await dispatchedComplaint(agentOnB, fixture, fixture.dealerA.id);
    await agent.waitFor((event) => event.ticketId === ticket.id && event.kind === 'dispatched');
    const [again] = await listeners();
    expect(again.pid).not.toBe(listener.pid);
  });
});

describe('the handshake and watch', () => {
  it('refuse a client without a valid session', async () => {
    await expect(connected(server.url, {})).rejects.toThrow('UNAUTHENTICATED');
    await expect(connected(second.url, { cookie: 'careline_session=forged' })).rejects.toThrow('UNAUTHENTICATED');
    await expect(connected(server.url, { apiKey: 'ck_000000000000_nothing' })).rejects.toThrow('UNAUTHENTICATED');
  });

  it('accept a dealer system’s API key, scoped to its dealer', async () => {
    const { key } = await createApiKey(server.database.db, { dealerId: fixture.dealerA.id, name: 'DMS' });
    const byAuth = await connected(server.url, { apiKey: key });
    const byHeader = await connected(second.url, { headers: { authorization: `Bearer ${key}` } });
    const other = await dispatchedComplaint(agentOnB, fixture, fixture.dealerB.id);
    expect(await byAuth.watch(other.id)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const own = await dispatchedComplaint(agentOnB, fixture, fixture.dealerA.id);
    for (const client of [byAuth, byHeader]) {
      await client.waitFor((event) => event.ticketId === own.id && event.kind === 'dispatched');
      expect(client.events.some((event) => event.ticketId === other.id)).toBe(false);
    }
  });

  it('answer a malformed watch with VALIDATION_FAILED, in the handshake’s language', async () => {
    const agent = await connected(server.url, { cookie: await sessionCookie(server.url, 'agent'), headers: { 'accept-language': 'en' } });
    expect(await agent.watch('not-a-uuid')).toEqual({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'The request is not valid' } });
    const ticket = await dispatchedComplaint(agentOnB, fixture, fixture.dealerA.id);
    expect(await agent.watch(ticket.id)).toEqual({ ok: true });
    expect(await agent.unwatch(ticket.id)).toEqual({ ok: true });
  });

  it('limit how many tickets one socket watches', async () => {
    const agent = await asUser(second.url, 'agent');
    const [first, next, third] = await Promise.all([1, 2, 3].map(() => dispatchedComplaint(agentOnB, fixture, fixture.dealerA.id)));
    expect(await agent.watch(first.id)).toEqual({ ok: true });
    expect(await agent.watch(next.id)).toEqual({ ok: true });
    expect(await agent.watch(third.id)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(await agent.watch(next.id)).toEqual({ ok: true });
    expect(await agent.unwatch(first.id)).toEqual({ ok: true });
    expect(await agent.watch(third.id)).toEqual({ ok: true });
  });

  it('drop a socket whose session ended', async () => {
    const cookie = await sessionCookie(server.url, fixture.dealerB.username);
    const dealer = await connected(server.url, { cookie });
    const disconnected = new Promise<string>((resolve) => dealer.socket.once('disconnect', (reason) => resolve(reason)));
    const signOut = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: server.url } });
    expect(signOut.status).toBeLessThan(300);
    // The periodic check, run now rather than after its minute.
    expect(await server.realtime!.revalidate()).toMatchObject({ disconnected: 1 });
    expect(await disconnected).toBe('io server disconnect');
    // …and it cannot come back with the old cookie.
    await expect(connected(server.url, { cookie })).rejects.toThrow('UNAUTHENTICATED');
  });
});
