import { runAuditCli } from '../helpers/audit-cli';
import { dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let qa: ApiClient;
let dealer: ApiClient;
let ticket: { id: string; number: string };
let other: { id: string; number: string };

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  qa = await signedIn(server, 'qa');
  dealer = await signedIn(server, fixture.dealerA.username);
  ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
  await dealer.post(`/api/tickets/${ticket.id}/notes`, { visibility: 'dealer', body: '已联系客户' });
  other = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
});

afterAll(() => server?.close());

/**
 * `npm run audit:verify` against the test database, as an operator would run it. In-memory PGlite cannot be opened by
 * a second process: there audit-cli.embedded.test.ts runs the CLI on a PGlite folder instead.
 */
async function verifyCli(args: string[] = []): Promise<{ code: number; output: string } | null> {
  if (!server.cliEnv) return null;
  return runAuditCli(args, server.cliEnv);
}

describe('the audit hash chain', () => {
  it('chains every event to the previous one of its ticket', async () => {
    const events = await server.query<{ sequence: number; previous_hash: string; hash: string }>(
      `select sequence, previous_hash, hash from ticket_events where ticket_id = $1 order by sequence`,
      [ticket.id],
    );
    expect(events.map((event) => event.sequence)).toEqual([1, 2, 3]);
    expect(events[0].previous_hash).toBe('0'.repeat(64));
    expect(events[1].previous_hash).toBe(events[0].hash);
    expect(events[2].previous_hash).toBe(events[1].hash);
  });

  it('verifies an intact ticket and the whole database', async () => {
    const one = await qa.get(`/api/audit/tickets/${ticket.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ ok: true, events: 3, number: ticket.number });
    const all = await qa.get('/api/audit/verify');
    expect(all.body).toMatchObject({ ok: true, broken: [] });
    expect(all.body.tickets).toBeGreaterThanOrEqual(2);
    expect((await dealer.get(`/api/audit/tickets/${ticket.id}`)).status).toBe(403);
    const cli = await verifyCli();
    if (cli) {
      expect(cli.output).toContain('0 broken');
      expect(cli.code).toBe(0);
    }
  });

  it('refuses a plain UPDATE or DELETE of an event (append-only trigger)', async () => {
    await expect(server.query(`update ticket_events set payload = '{}' where ticket_id = $1`, [ticket.id])).rejects.toThrow(/append-only/);
    await expect(server.query(`delete from ticket_events where ticket_id = $1`, [ticket.id])).rejects.toThrow(/append-only/);
    expect((await qa.get(`/api/audit/tickets/${ticket.id}`)).body.ok).toBe(true);
  });

  it('names exactly the edited event of the edited ticket after a direct database update', async () => {
    // Someone with owner rights switches the guard off: the chain still tells.
    await server.query('alter table ticket_events disable trigger ticket_events_append_only');
    const [note] = await server.query<{ id: string }>(`select id from ticket_events where ticket_id = $1 and sequence = 3`, [ticket.id]);
    await server.query(`update ticket_events set payload = jsonb_set(payload, '{body}', '"客户已满意"') where id = $1`, [note.id]);

    const one = await qa.get(`/api/audit/tickets/${ticket.id}`);
    expect(one.body).toMatchObject({ ok: false, sequence: 3, eventId: note.id, problem: 'hash_mismatch' });
    const untouched = await qa.get(`/api/audit/tickets/${other.id}`);
    expect(untouched.body.ok).toBe(true);
    const all = await qa.get('/api/audit/verify');
    expect(all.body.ok).toBe(false);
    expect(all.body.broken).toEqual([expect.objectContaining({ ticketId: ticket.id, sequence: 3, eventId: note.id })]);

    const cli = await verifyCli();
    if (cli) {
      expect(cli.code).toBe(1);
      expect(cli.output).toContain(`BROKEN ${ticket.number}`);
      expect(cli.output).toContain(`event #3 ${note.id}`);
      const cliOne = await verifyCli(['--ticket', other.number]);
      expect(cliOne?.code).toBe(0);
    }
  });

  it('finds a deleted event, in the middle or at the end of the chain', async () => {
    const middle = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    await dealer.post(`/api/tickets/${middle.id}/notes`, { visibility: 'dealer', body: '已联系客户' });
    await server.query(`delete from ticket_events where ticket_id = $1 and sequence = 2`, [middle.id]);
    expect((await qa.get(`/api/audit/tickets/${middle.id}`)).body).toMatchObject({ ok: false, sequence: 3, problem: 'sequence_gap' });
    // Dropping the last event leaves a chain valid in itself; the head recorded on the ticket exposes it.
    await server.query(`delete from ticket_events where ticket_id = $1 and sequence = 2`, [other.id]);
    expect((await qa.get(`/api/audit/tickets/${other.id}`)).body).toMatchObject({ ok: false, sequence: 1, problem: 'head_mismatch' });
  });
});
