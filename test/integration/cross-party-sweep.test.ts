import type { RunningWorkers } from '../../workers/src/start-workers';
import { type Fixtures, fixtures } from '../helpers/factories';
import { RealtimeClient, sessionCookie } from '../helpers/realtime-client';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';

/**
 * The cross-party sweep (issue 9): tickets that changed hands — between dealers by a reject and by a transfer, and
 * between departments — carry marker strings in notes, contacts, follow-ups and reject reasons. Every GET path the
 * API documents in /api/openapi.json, with every id of the scenario in its path parameters and the usual filters, is
 * read by every party; every party watches every ticket on the socket; every mail is read. No party gets another's
 * markers, the id of a party that had the ticket before or after it, or the customer's full phone.
 */
let server: TestServer;
let workers: RunningWorkers;
let sink: SmtpSink;
let fixture: Fixtures;
let agent: ApiClient;
let supervisor: ApiClient;

interface Party {
  name: string;
  client: ApiClient;
  username: string;
  /** Markers this party must never read. */
  forbiddenMarkers: string[];
  /** Ids of other dealers or departments this party must never read (outside the directory endpoints). */
  foreignIds: string[];
  /** Tickets it may open now; every other scenario ticket is NOT_FOUND to it. */
  ownTickets: string[];
}

const MARK = {
  t1ANote: 'MK-T1-A-NOTE',
  t1AReason: 'MK-T1-A-REASON',
  t1NewNote: 'MK-T1-NEW-NOTE',
  t2ANote: 'MK-T2-A-NOTE',
  t2AContact: 'MK-T2-A-CONTACT',
  t2AFollowUp: 'MK-T2-A-FOLLOWUP',
  t2BNote: 'MK-T2-B-NOTE',
  t3DaNote: 'MK-T3-DA-NOTE',
  t3DaReason: 'MK-T3-DA-REASON',
  t3DbNote: 'MK-T3-DB-NOTE',
  /** In the comment of dealer A's link of an article (for everyone) to T1, before its reject. */
  t1AKbLink: 'MK-T1-A-KBLINK',
  /** In the title of an agents-only knowledge-base article the hotline links to T1 under its new owner. */
  kbAgentsOnly: 'MK-KB-AGENTS',
};
const ALL_MARKERS = Object.values(MARK);

/**
 * Directory endpoints list every dealer and department the hotline dispatches to (names, codes, ids): their ids are
 * public inside careline, so the id check skips them. Markers and phones are checked there too.
 */
const DIRECTORY_PATHS = new Set(['/api/dealers', '/api/departments', '/api/regions', '/api/categories', '/api/openapi.json', '/api/docs']);

const tickets = { t1: '', t2: '', t3: '' };
/** Knowledge-base articles: one for the hotline only, one for everyone. */
const articles = { agentsOnly: '', everyone: '' };
const numbers = { t1: '', t2: '', t3: '' };
let newOwnerOfT1 = '';
const parties: Party[] = [];

async function expectStatus(response: { status: number; body: unknown }, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
}

async function dealerUserOf(dealerId: string): Promise<string> {
  const [user] = await server.query<{ username: string }>(`select username from users where dealer_id = $1 and role = 'dealer_user' and active order by username limit 1`, [dealerId]);
  return user.username;
}

async function current(ticketId: string) {
  return (await agent.get(`/api/tickets/${ticketId}`)).body.ticket;
}

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ realtime: true });
  workers = await startTestWorkers(server, sink.url);
  fixture = await fixtures(server);
  // Mail goes out at once (quiet hours would hold it until the owners' business hours).
  await server.query(`update dealers set calendar_id = (select id from calendars where code = '24X7')`);
  await server.query(`update departments set calendar_id = (select id from calendars where code = '24X7')`);
  agent = await signedIn(server, 'agent');
  supervisor = await signedIn(server, 'supervisor');
  const dealerA = await signedIn(server, fixture.dealerA.username);
  const departmentA = await signedIn(server, fixture.departmentA.username);
  const departmentB = await signedIn(server, fixture.departmentB.username);
  // A complaint category that copies neither department: a copied department follows the whole case by design.
  const [category] = await server.query<{ id: string }>(
    `select id from categories where ticket_type = 'complaint' and parent_id is not null
     and not (cc_department_ids && array[$1, $2]::uuid[]) order by path limit 1`,
    [fixture.departmentA.id, fixture.departmentB.id],
  );
  const complaint = (subject: string) => ({
    type: 'complaint', channel: 'phone', categoryId: category.id, customerId: fixture.customer.id, vehicleId: fixture.vehicle.id,
    contactName: fixture.customer.name, contactPhone: fixture.customer.phone, subject, description: '客户反映刹车异响，多次到店未解决。', dispatch: 'hold',
  });

  // T1: dispatched to dealer A, which notes and rejects with a reason; routing (or a supervisor) gives it to another.
  let t1 = (await agent.post('/api/tickets', complaint('扫查工单一 sweep-one'))).body.ticket;
  tickets.t1 = t1.id;
  numbers.t1 = t1.number;
  t1 = (await agent.post(`/api/tickets/${t1.id}/dispatch`, { version: t1.version, dealerId: fixture.dealerA.id })).body.ticket;
  await expectStatus(await dealerA.post(`/api/tickets/${t1.id}/notes`, { visibility: 'dealer', body: `甲店备注 ${MARK.t1ANote}` }), 201, 'T1 note');
  // Knowledge-base articles (issue 14): dealer A uses one meant for everyone on T1, with a comment of its own.
  const editor = await signedIn(server, 'editor');
  for (const [key, audience, title] of [['agentsOnly', 'agents', `内部口径 ${MARK.kbAgentsOnly}`], ['everyone', 'everyone', '刹车异响排查 sweep-kb']] as const) {
    const written = (await editor.post('/api/kb/articles', { title, body: '扫查用文章 sweep article', audience })).body.article;
    await expectStatus(await editor.post(`/api/kb/articles/${written.id}/publish`, { version: written.version }), 200, `publish ${key}`);
    articles[key] = written.id;
  }
  t1 = await current(t1.id);
  await expectStatus(await dealerA.post(`/api/tickets/${t1.id}/kb-articles`, { version: t1.version, articleId: articles.everyone, comment: `甲店引用 ${MARK.t1AKbLink}` }), 201, 'T1 KB link');
  t1 = await current(t1.id);
  await expectStatus(await dealerA.post(`/api/tickets/${t1.id}/reject`, { version: t1.version, reasonCode: 'other', reasonText: `甲店退单 ${MARK.t1AReason}` }), 200, 'T1 reject');
  t1 = await current(t1.id);
  if (!t1.responsibleDealer || t1.responsibleDealer.id === fixture.dealerB.id) {
    // Waiting for a supervisor, or routed to B: hand it to a third dealer, so that B's view of T2 stays apart.
    const [third] = await server.query<{ id: string }>(
      `select d.id from dealers d where d.active and d.id <> all($1::uuid[]) and exists (select 1 from users u where u.dealer_id = d.id and u.role = 'dealer_user') order by d.code limit 1`,
      [[fixture.dealerA.id, fixture.dealerB.id]],
    );
    await expectStatus(await supervisor.post(`/api/tickets/${t1.id}/dispatch`, { version: t1.version, dealerId: third.id }), 200, 'T1 hand-over');
    t1 = await current(t1.id);
  }
  newOwnerOfT1 = t1.responsibleDealer.id;
  expect(newOwnerOfT1).not.toBe(fixture.dealerA.id);
  const newOwnerUsername = await dealerUserOf(newOwnerOfT1);
  const newOwner = await signedIn(server, newOwnerUsername);
  await expectStatus(await newOwner.post(`/api/tickets/${t1.id}/notes`, { visibility: 'dealer', body: `新店备注 ${MARK.t1NewNote}` }), 201, 'T1 new note');
  // The hotline uses an agents-only article on T1 while the new owner has it: not the dealer's to read.
  t1 = await current(t1.id);
  await expectStatus(await agent.post(`/api/tickets/${t1.id}/kb-articles`, { version: t1.version, articleId: articles.agentsOnly }), 201, 'T1 agents-only KB link');

  // T2: a lead with dealer A, which accepts it, calls, reports a follow-up and notes; a supervisor transfers it to B.
  let t2 = (
    await agent.post('/api/tickets', {
      type: 'lead', customerId: fixture.customer.id, contactName: fixture.customer.name, contactPhone: fixture.customer.phone,
      subject: '扫查线索 sweep-two', description: '客户想试驾', purchaseTiming: 'within_3_months', dispatch: 'hold',
    })
  ).body.ticket;
  tickets.t2 = t2.id;
  numbers.t2 = t2.number;
  t2 = (await agent.post(`/api/tickets/${t2.id}/dispatch`, { version: t2.version, dealerId: fixture.dealerA.id })).body.ticket;
  await expectStatus(await dealerA.post(`/api/tickets/${t2.id}/acknowledge`, { version: t2.version }), 200, 'T2 acknowledge');
  await expectStatus(await dealerA.post(`/api/tickets/${t2.id}/contacts`, { outcome: 'reached', note: `甲店联系 ${MARK.t2AContact}` }), 201, 'T2 contact');
  await expectStatus(await dealerA.post(`/api/tickets/${t2.id}/lead-follow-ups`, { outcome: 'test_drive', reason: `甲店跟进 ${MARK.t2AFollowUp}` }), 201, 'T2 follow-up');
  await expectStatus(await dealerA.post(`/api/tickets/${t2.id}/notes`, { visibility: 'dealer', body: `甲店线索备注 ${MARK.t2ANote}` }), 201, 'T2 note');
  // (Dealer A's acknowledgement answered with the full phone: that read is recorded on the lead's chain.)
  t2 = await current(t2.id);
  await expectStatus(await supervisor.post(`/api/tickets/${t2.id}/dispatch`, { version: t2.version, dealerId: fixture.dealerB.id, reason: '客户改到乙店' }), 200, 'T2 transfer');
  const dealerB = await signedIn(server, fixture.dealerB.username);
  await expectStatus(await dealerB.post(`/api/tickets/${t2.id}/notes`, { visibility: 'dealer', body: `乙店备注 ${MARK.t2BNote}` }), 201, 'T2 B note');

  // T3: department A has it, notes internally and rejects; a supervisor gives it to department B.
  let t3 = (await agent.post('/api/tickets', complaint('扫查工单三 sweep-three'))).body.ticket;
  tickets.t3 = t3.id;
  numbers.t3 = t3.number;
  t3 = (await agent.post(`/api/tickets/${t3.id}/dispatch`, { version: t3.version, departmentId: fixture.departmentA.id })).body.ticket;
  await expectStatus(await departmentA.post(`/api/tickets/${t3.id}/notes`, { visibility: 'internal', body: `甲部门意见 ${MARK.t3DaNote}` }), 201, 'T3 note');
  t3 = await current(t3.id);
  await expectStatus(await departmentA.post(`/api/tickets/${t3.id}/reject`, { version: t3.version, reasonCode: 'other', reasonText: `甲部门退单 ${MARK.t3DaReason}` }), 200, 'T3 reject');
  t3 = await current(t3.id);
  await expectStatus(await supervisor.post(`/api/tickets/${t3.id}/dispatch`, { version: t3.version, departmentId: fixture.departmentB.id }), 200, 'T3 transfer');
  t3 = await current(t3.id);
  // The scenario needs department A out of the case (a copied department would follow it by design).
  expect(t3.ccDepartments.map((department: { id: string }) => department.id)).not.toContain(fixture.departmentA.id);
  await expectStatus(await departmentB.post(`/api/tickets/${t3.id}/notes`, { visibility: 'internal', body: `乙部门意见 ${MARK.t3DbNote}` }), 201, 'T3 B note');

  const except = (...allowed: string[]) => ALL_MARKERS.filter((marker) => !allowed.includes(marker));
  const t1NewOwnerIsB = newOwnerOfT1 === fixture.dealerB.id;
  parties.push(
    {
      name: 'dealer A (former owner of T1 and T2)',
      client: dealerA,
      username: fixture.dealerA.username,
      forbiddenMarkers: ALL_MARKERS,
      foreignIds: [newOwnerOfT1, fixture.dealerB.id],
      ownTickets: [],
    },
    {
      name: 'the dealer that got T1 after the reject',
      client: newOwner,
      username: newOwnerUsername,
      forbiddenMarkers: except(MARK.t1NewNote, ...(t1NewOwnerIsB ? [MARK.t2BNote] : [])),
      foreignIds: [fixture.dealerA.id],
      ownTickets: t1NewOwnerIsB ? [tickets.t1, tickets.t2] : [tickets.t1],
    },
    {
      name: 'dealer B (T2 after the transfer)',
      client: dealerB,
      username: fixture.dealerB.username,
      forbiddenMarkers: except(MARK.t2BNote, ...(t1NewOwnerIsB ? [MARK.t1NewNote] : [])),
      foreignIds: [fixture.dealerA.id],
      ownTickets: t1NewOwnerIsB ? [tickets.t1, tickets.t2] : [tickets.t2],
    },
    {
      name: 'department A (former owner of T3)',
      client: departmentA,
      username: fixture.departmentA.username,
      forbiddenMarkers: ALL_MARKERS,
      foreignIds: [fixture.departmentB.id],
      ownTickets: [],
    },
    {
      name: 'department B (T3 after department A)',
      client: departmentB,
      username: fixture.departmentB.username,
      forbiddenMarkers: except(MARK.t3DbNote),
      foreignIds: [fixture.departmentA.id],
      ownTickets: [tickets.t3],
    },
  );
});

afterAll(async () => {
  await workers?.close();
  await server?.close();
  await sink?.close();
});

/** Every GET path the API documents, with `{param}` placeholders. */
async function documentedGetPaths(): Promise<string[]> {
  const spec = (await agent.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths)
    .filter(([, operations]) => 'get' in operations)
    .map(([path]) => path);
}

/** The path with every parameter filled by each candidate value (a year parameter by a year). */
function expand(path: string, ids: string[]): string[] {
  const parameters = path.match(/\{[^}]+\}/g) ?? [];
  let paths = [path];
  for (const parameter of parameters) {
    const values = parameter === '{year}' ? ['2026'] : parameter === '{version}' ? ['1', '2', 'draft'] : ids;
    paths = paths.flatMap((partial) => values.map((value) => partial.replace(parameter, encodeURIComponent(value))));
  }
  return paths;
}

function leaks(party: Party, path: string, text: string): string[] {
  const found: string[] = [];
  // No dealer or department reads an agents-only article, nor its id (a 404 does not echo it).
  if (text.includes(articles.agentsOnly)) found.push('agents-only article id');
  for (const marker of party.forbiddenMarkers) if (text.includes(marker)) found.push(`marker ${marker}`);
  const template = path.split('?')[0];
  if (!DIRECTORY_PATHS.has(template)) for (const id of party.foreignIds) if (text.includes(id)) found.push(`foreign id ${id}`);
  if (text.includes(fixture.customer.phone)) found.push('full phone');
  return found;
}

describe('the cross-party sweep', () => {
  it('the scenario is what it claims: markers and moves are in the hotline’s history', async () => {
    const history = JSON.stringify([
      ...(await agent.get(`/api/tickets/${tickets.t1}/events`)).body.items,
      ...(await agent.get(`/api/tickets/${tickets.t2}/events`)).body.items,
      ...(await agent.get(`/api/tickets/${tickets.t3}/events`)).body.items,
    ]);
    for (const marker of ALL_MARKERS) expect(history).toContain(marker);
    // Routing after the reject is careline's own act, not the rejecting dealer's.
    const t1Events = (await agent.get(`/api/tickets/${tickets.t1}/events`)).body.items as Array<{ type: string; actor: { role: string; name: string } }>;
    const rejectAt = t1Events.findIndex((event) => event.type === 'rejected');
    for (const event of t1Events.slice(rejectAt + 1).filter((item) => item.type === 'routed')) expect(event.actor.role).not.toMatch(/^dealer/);
  });

  it('no party reads another party’s markers, ids or the full phone through any documented GET path', async () => {
    const paths = await documentedGetPaths();
    expect(paths.length).toBeGreaterThan(20);
    const ids = [tickets.t1, tickets.t2, tickets.t3, fixture.dealerA.id, fixture.dealerB.id, newOwnerOfT1, fixture.departmentA.id, fixture.departmentB.id, fixture.customer.id, fixture.vehicle.id, articles.agentsOnly, articles.everyone];
    const queries = ['', '?limit=100', '?q=MK-', `?q=${encodeURIComponent('sweep')}`, `?dealerId=${fixture.dealerA.id}`, `?departmentId=${fixture.departmentA.id}`, `?ticketId=${tickets.t1}`];
    const problems: string[] = [];
    let reads = 0;
    // The parties sweep side by side (each its own requests in turn): the API grows, and so does the sweep.
    await Promise.all(
      parties.map(async (party) => {
        for (const template of paths) {
          const concrete = template.includes('{') ? expand(template, ids) : queries.map((query) => `${template}${query}`);
          for (const path of concrete) {
            const response = await party.client.get(path);
            reads += 1;
            if (response.status >= 500) problems.push(`${party.name} ${path}: ${response.status}`);
            const found = leaks(party, path, typeof response.body === 'string' ? response.body : JSON.stringify(response.body));
            if (found.length > 0) problems.push(`${party.name} ${path}: ${found.join(', ')}`);
          }
        }
      }),
    );
    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(parties.length * paths.length);
  }, 240_000);

  it('every party opens exactly its own scenario tickets; the others are NOT_FOUND', async () => {
    for (const party of parties) {
      for (const ticketId of Object.values(tickets)) {
        const response = await party.client.get(`/api/tickets/${ticketId}`);
        expect({ party: party.name, ticketId, status: response.status }).toEqual({ party: party.name, ticketId, status: party.ownTickets.includes(ticketId) ? 200 : 404 });
      }
    }
  });

  it('the new owners see their own era of the history, and the timeline names no former owner', async () => {
    const dealerB = parties[2];
    const events = (await dealerB.client.get(`/api/tickets/${tickets.t2}/events`)).body.items as Array<{ type: string; payload: Record<string, unknown> }>;
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['created', 'dispatched', 'note']));
    expect(events.some((event) => event.type === 'lead_follow_up' || event.type === 'contact_attempt' || event.type === 'acknowledged')).toBe(false);
    const transfer = events.find((event) => event.type === 'dispatched')!;
    expect(transfer.payload.previousDealerId).toBeNull();
    // A's clocks are not B's to read; B's own acknowledge clock is.
    const detail = (await dealerB.client.get(`/api/tickets/${tickets.t2}`)).body.ticket;
    expect(detail.sla.milestones.length).toBeGreaterThan(0);
    expect(detail.sla.milestones.every((milestone: { ownerId: string }) => milestone.ownerId === fixture.dealerB.id)).toBe(true);
    // Lead conversion counts only the current dealer's follow-ups: A's test drive is not B's.
    const conversion = (await dealerB.client.get('/api/leads/conversion')).body.items;
    expect(conversion.every((row: { testDrives: number }) => row.testDrives === 0)).toBe(true);
  });

  it('a reroute leaves each copied department its own internal clock', async () => {
    // T1's category copies no department; make one with copies: the complaint category of the fixtures copies department A.
    const [policy] = await server.query<{ id: string; cc_internal_minutes: number | null }>(`select id, cc_internal_minutes from sla_policies where active and cc_internal_minutes is not null limit 1`);
    if (!policy) throw new Error('the demo data has no policy with an internal clock for copied departments');
    const created = (
      await agent.post('/api/tickets', {
        type: 'complaint', channel: 'phone', categoryId: fixture.complaintCategory.id, customerId: fixture.customer.id, vehicleId: fixture.vehicle.id,
        contactName: fixture.customer.name, contactPhone: fixture.customer.phone, subject: '内部时限 sweep-four', description: '客户投诉变速箱顿挫', dispatch: 'hold',
      })
    ).body.ticket;
    const dispatched = (await agent.post(`/api/tickets/${created.id}/dispatch`, { version: created.version, dealerId: fixture.dealerA.id })).body.ticket;
    const internalClocks = () =>
      server.query<{ id: string; owner_type: string; owner_id: string }>(`select id, owner_type, owner_id from sla_milestones where ticket_id = $1 and clock = 'internal' order by id`, [created.id]);
    const before = await internalClocks();
    expect(before.map((milestone) => milestone.owner_id).sort()).toEqual([...fixture.complaintCategory.cc_department_ids].sort());
    const dealerA = parties[0].client;
    await expectStatus(await dealerA.post(`/api/tickets/${created.id}/reject`, { version: dispatched.version, reasonCode: 'wrong_region' }), 200, 'reject');
    const after = await internalClocks();
    // Each copied department keeps its clock (routing may copy more departments, each with a clock of its own).
    for (const milestone of before) expect(after).toContainEqual(milestone);
    expect(after.every((milestone) => milestone.owner_type === 'department')).toBe(true);
    const quality = parties[3].client;
    const forQuality = (await quality.get(`/api/tickets/${created.id}`)).body.ticket;
    expect(forQuality.sla.milestones.some((milestone: { clock: string; ownerId: string }) => milestone.clock === 'internal' && milestone.ownerId === fixture.departmentA.id)).toBe(true);
  });

  it('a dealer’s read of the full phone is on the ticket’s audit chain, once a day', async () => {
    const dealerB = parties[2];
    const t2 = await current(tickets.t2);
    await expectStatus(await dealerB.client.post(`/api/tickets/${tickets.t2}/acknowledge`, { version: t2.version }), 200, 'B acknowledges');
    const listed = (await dealerB.client.get('/api/tickets?limit=100')).body.items.find((item: { id: string }) => item.id === tickets.t2);
    expect(listed.contactPhone).not.toBe(fixture.customer.phone);
    const first = (await dealerB.client.get(`/api/tickets/${tickets.t2}`)).body.ticket;
    expect(first.contactPhone).toBe(fixture.customer.phone);
    await dealerB.client.get(`/api/tickets/${tickets.t2}`);
    const reads = (await agent.get(`/api/tickets/${tickets.t2}/events`)).body.items.filter((event: { type: string; actor: { name: string } }) => event.type === 'customer_data_viewed');
    const [userB] = await server.query<{ id: string }>(`select id from users where username = $1`, [dealerB.username]);
    const [userA] = await server.query<{ id: string }>(`select id from users where username = $1`, [fixture.dealerA.username]);
    // B's acknowledgement and two reads: one record. A's read while it had the lead is there too, from then.
    expect(reads.filter((event: { actor: { id: string } }) => event.actor.id === userB.id)).toHaveLength(1);
    expect(reads.filter((event: { actor: { id: string } }) => event.actor.id === userA.id)).toHaveLength(1);
    // Reading moved no version: the agent's next write is not a conflict.
    expect((await current(tickets.t2)).version).toBe(first.version);
    // The audit chain still verifies with the read events in it.
    const audit = await supervisor.get(`/api/audit/tickets/${tickets.t2}`);
    expect(audit.status).toBe(200);
    expect(audit.body.ok).toBe(true);
  });

  it('every socket watch of a foreign ticket is refused, and a change reaches owners without content', async () => {
    const sockets: Array<{ party: Party; client: RealtimeClient }> = [];
    try {
      for (const party of parties) {
        const client = new RealtimeClient(server.url, { cookie: await sessionCookie(server.url, party.username) });
        await client.connect();
        sockets.push({ party, client });
        for (const ticketId of Object.values(tickets)) {
          const ack = await client.watch(ticketId);
          expect({ party: party.name, ticketId, ok: ack.ok }).toEqual({ party: party.name, ticketId, ok: party.ownTickets.includes(ticketId) });
        }
      }
      // The hotline notes on every scenario ticket; each owner hears of it, and what it hears carries no content.
      for (const ticketId of Object.values(tickets)) {
        await expectStatus(await agent.post(`/api/tickets/${ticketId}/notes`, { visibility: 'internal', body: `热线内部 ${MARK.t1ANote}` }), 201, 'hotline note');
      }
      for (const { party, client } of sockets) {
        for (const ticketId of party.ownTickets) await client.waitFor((event) => event.ticketId === ticketId && event.kind === 'note');
      }
      for (const { party, client } of sockets) {
        const heard = JSON.stringify(client.events);
        expect(leaks(party, '/socket', heard)).toEqual([]);
        expect(heard).not.toContain('热线内部');
        for (const event of client.events) expect(party.ownTickets.includes(event.ticketId) || event.kind !== 'note').toBe(true);
      }
    } finally {
      for (const { client } of sockets) client.close();
    }
  });

  it('no mail to a dealer or department carries another party’s markers or a former owner’s name', async () => {
    const [dealerAName] = await server.query<{ name_zh: string }>(`select name_zh from dealers where id = $1`, [fixture.dealerA.id]);
    const [departmentAName] = await server.query<{ name_zh: string }>(`select name_zh from departments where id = $1`, [fixture.departmentA.id]);
    // The mails of the moves: what a new owner receives about a ticket another party had.
    for (const number of [numbers.t1, numbers.t2]) await sink.waitFor((mail) => mail.subject?.includes(number) ?? false);
    for (const mail of sink.mails) {
      const text = `${mail.subject}\n${mail.text}`;
      for (const marker of ALL_MARKERS) expect(text).not.toContain(marker);
      if (/改派|rerouted/i.test(text)) {
        expect(text).not.toMatch(/退单原因|Rejection reason/);
        expect(text).not.toContain(dealerAName.name_zh);
        expect(text).not.toContain(departmentAName.name_zh);
      }
    }
  });
});
