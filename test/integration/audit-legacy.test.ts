/**
 * The one-time upgrade of chains written before the key (plain SHA-256): a chain that verifies as written is re-keyed
 * and then verifies with the key; one altered before the upgrade is refused, left as it is, and keeps failing; what was
 * done is in the configuration history; a second start does nothing.
 */
import { hashEvent, LEGACY_SHA256, upgradeLegacyChains } from '@careline/shared/server';
import { TEST_AUDIT_KEYS } from '../helpers/audit-test-keys';
import { dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let qa: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  qa = await signedIn(server, 'qa');
});

afterAll(() => server?.close());

type EventRow = { id: string; ticket_id: string; sequence: number; type: string; actor_id: string | null; actor_role: string | null; actor_name: string; occurred_at: Date; payload: Record<string, unknown>; facts: Record<string, unknown> | null };

/** Rewrites a ticket's chain as the code before the key wrote it: no facts, plain SHA-256; lists it for the upgrade. */
async function makeLegacy(ticketId: string): Promise<void> {
  let previousHash = '0'.repeat(64);
  for (const event of await server.query<EventRow>(`select * from ticket_events where ticket_id = $1 order by sequence`, [ticketId])) {
    const content = {
      ticketId, sequence: event.sequence, type: event.type, actorId: event.actor_id, actorRole: event.actor_role, actorName: event.actor_name,
      occurredAt: new Date(event.occurred_at), payload: event.payload, facts: null, previousHash,
    };
    const hash = hashEvent(content, LEGACY_SHA256);
    await server.query(`update ticket_events set facts = null, previous_hash = $1, hash = $2 where id = $3`, [previousHash, hash, event.id]);
    previousHash = hash;
  }
  await server.query(`update tickets set audit_head_hash = $1 where id = $2`, [previousHash, ticketId]);
  await server.query(`insert into audit_legacy_chains (ticket_id) values ($1)`, [ticketId]);
}

describe('the legacy SHA-256 chains', () => {
  it('are re-keyed when they verify as written, refused when not, and the upgrade is recorded once', async () => {
    const intact = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const altered = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    await server.query('alter table ticket_events disable trigger ticket_events_append_only');
    await makeLegacy(intact.id);
    await makeLegacy(altered.id);
    // Altered before the upgrade, as plain SHA-256 could not show.
    await server.query(`update ticket_events set actor_name = '别人' where ticket_id = $1 and sequence = 2`, [altered.id]);
    await server.query('alter table ticket_events enable trigger ticket_events_append_only');
    expect((await qa.get(`/api/audit/tickets/${intact.id}`)).body).toMatchObject({ ok: false, problem: 'hash_mismatch', sequence: 1 });

    const result = await upgradeLegacyChains(server.database.db, TEST_AUDIT_KEYS);
    expect(result).toEqual({ rekeyed: 1, refused: [{ ticketId: altered.id, number: altered.number, sequence: 2, problem: 'hash_mismatch' }] });
    // Re-keyed: verifies with the key (its figures predate the chain carrying them: not covered).
    expect((await qa.get(`/api/audit/tickets/${intact.id}`)).body).toMatchObject({ ok: true, covered: false, events: 2 });
    expect((await qa.get(`/api/audit/tickets/${altered.id}`)).body).toMatchObject({ ok: false, problem: 'hash_mismatch', sequence: 1 });
    // The trigger is back on.
    await expect(server.query(`update ticket_events set payload = '{}' where ticket_id = $1`, [intact.id])).rejects.toThrow(/append-only/);
    const [record] = await server.query<{ action: string; after: Record<string, unknown> }>(`select action, after from config_changes where entity = 'audit_chain'`);
    expect(record).toMatchObject({ action: 'rekey', after: { rekeyed: 1, refused: [expect.objectContaining({ ticketId: altered.id })] } });
    expect(await server.query('select * from audit_legacy_chains')).toEqual([]);
    expect(await upgradeLegacyChains(server.database.db, TEST_AUDIT_KEYS)).toBeNull();

    // New events on a re-keyed ticket chain on as usual.
    const dealer = await signedIn(server, fixture.dealerA.username);
    expect((await dealer.post(`/api/tickets/${intact.id}/notes`, { visibility: 'dealer', body: '已联系客户' })).status).toBe(201);
    expect((await qa.get(`/api/audit/tickets/${intact.id}`)).body).toMatchObject({ ok: true, events: 3 });
  });
});
