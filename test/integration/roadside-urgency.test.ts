import type { Actor } from '@careline/shared';
import { createTicket, dispatchTicket } from '@careline/shared/server';
import { actorOfUser, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Urgency first: an open roadside ticket heads every list it is in — the agents' queues, the supervisor board, a
 * department's inbox — before a three-week-old enquiry that the list's own order puts on top, and keyset paging walks
 * the two parts (open roadside, then the rest) without gaps or repeats. A finished roadside ticket is one of the rest.
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let supervisor: ApiClient;
let department: ApiClient;
let agentActor: Actor;
let supervisorActor: Actor;

const DAY = 24 * 3_600_000;
const threeWeeksAgo = () => new Date(Date.now() - 21 * DAY);
const OPEN = 'new,dispatched,acknowledged,in_progress,pending_customer,rerouted,reopened';
const MARK = '救援优先测试';

function enquiry(subject: string, overrides: Record<string, unknown> = {}) {
  return { type: 'enquiry', channel: 'phone', contactName: '赵敏', contactPhone: '13700001111', subject: `${MARK} ${subject}`, description: '保养周期咨询', ...overrides };
}

function roadside(subject: string, overrides: Record<string, unknown> = {}) {
  return {
    type: 'roadside',
    channel: 'phone',
    contactName: '李娜',
    contactPhone: '13912345678',
    subject: `${MARK} ${subject}`,
    description: '车辆抛锚，停在应急车道',
    location: { address: '沪昆高速 K120', lat: 30.0, lng: 120.0 },
    roadsideType: 'breakdown',
    ...overrides,
  };
}

async function created(response: { status: number; body: { ticket: { id: string; version: number } } }) {
  if (response.status !== 201) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  return response.body.ticket;
}

const ids = (response: { body: { items: Array<{ id: string }> } }) => response.body.items.map((item) => item.id);

let oldHeld: string;
let oldUnplaced: string;
let oldForDepartment: string;
let roadsideOnBoard: string;
let roadsideForDepartment: string;
let oldCancelledRoadside: string;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  supervisor = await signedIn(server, 'supervisor');
  department = await signedIn(server, fixture.departmentA.username);
  agentActor = await actorOfUser(server, 'agent');
  supervisorActor = await actorOfUser(server, 'supervisor');
  const db = server.database.db;

  // Three weeks ago: a held enquiry (the agents' "mine"), one routing could not place (no service dealer that day:
  // the supervisor board), one dispatched to the quality department, and a rescue that was cancelled.
  oldHeld = (await createTicket({ db, actor: agentActor, input: enquiry('三周前的咨询') as never, now: threeWeeksAgo() })).ticket.id;
  const capabilities = await server.query<{ id: string; capabilities: string[] }>(`select id, capabilities from dealers`);
  await server.query(`update dealers set capabilities = array_remove(capabilities, 'service')`);
  try {
    oldUnplaced = (await createTicket({ db, actor: agentActor, input: enquiry('三周前无人可派', { dispatch: 'auto' }) as never, now: threeWeeksAgo() })).ticket.id;
  } finally {
    for (const dealer of capabilities) await server.query(`update dealers set capabilities = $2 where id = $1`, [dealer.id, dealer.capabilities]);
  }
  const forDepartment = (await createTicket({ db, actor: agentActor, input: enquiry('三周前转质量部') as never, now: threeWeeksAgo() })).ticket;
  oldForDepartment = forDepartment.id;
  await dispatchTicket({
    db,
    actor: supervisorActor,
    ticketId: forDepartment.id,
    now: new Date(threeWeeksAgo().getTime() + 60_000),
    request: { version: forDepartment.version, departmentId: fixture.departmentA.id, reason: '质量问题，转质量部' } as never,
  });

  // Nobody does rescue: a roadside ticket goes straight to the supervisor board, open (`new`).
  await server.query(`update dealers set capabilities = array_remove(capabilities, 'rescue'), rescue_24h = false`);
  const cancelled = await created(await agent.post('/api/tickets', roadside('已取消的救援')));
  oldCancelledRoadside = cancelled.id;
  const cancel = await agent.post(`/api/tickets/${cancelled.id}/cancel`, { version: (await agent.get(`/api/tickets/${cancelled.id}`)).body.ticket.version });
  if (cancel.status !== 200) throw new Error(`cancel failed: ${JSON.stringify(cancel.body)}`);
  await server.query(`update tickets set created_at = $2, updated_at = $2 where id = $1`, [cancelled.id, threeWeeksAgo()]);

  roadsideOnBoard = (await created(await agent.post('/api/tickets', roadside('高速抛锚')))).id;
  const rescue = await created(await agent.post('/api/tickets', roadside('隧道内抛锚')));
  roadsideForDepartment = rescue.id;
  const version = (await agent.get(`/api/tickets/${rescue.id}`)).body.ticket.version;
  const moved = await supervisor.post(`/api/tickets/${rescue.id}/dispatch`, { version, departmentId: fixture.departmentA.id, reason: '隧道管理方协调' });
  if (moved.status !== 200) throw new Error(`dispatch failed: ${JSON.stringify(moved.body)}`);

  // The old enquiries are touched last, so "latest change first" puts them on top too.
  for (const id of [oldForDepartment, oldHeld]) {
    const note = await agent.post(`/api/tickets/${id}/notes`, { visibility: 'internal', body: '客户再次来电催问' });
    if (note.status !== 201) throw new Error(`note failed: ${JSON.stringify(note.body)}`);
  }
});

afterAll(async () => {
  await server?.close();
});

describe('roadside first', () => {
  it("heads the agents' queues, above a three-week-old enquiry changed a moment ago", async () => {
    for (const view of [`status=${OPEN}`, 'status=new,resolved']) {
      const queue = `/api/tickets?${view}&sort=updatedAt&order=desc&limit=50`;
      const plain = ids(await agent.get(`${queue}&roadsideFirst=false`));
      // The list's own order puts the enquiry first: the test would fail without the urgency.
      expect(plain[0]).toBe(oldHeld);
      const urgent = ids(await agent.get(queue));
      // The team's open tickets hold both rescues; "mine" (new and resolved) the one still on the board.
      const rescues = view.includes('dispatched') ? [roadsideOnBoard, roadsideForDepartment] : [roadsideOnBoard];
      expect(urgent.slice(0, rescues.length).sort()).toEqual(rescues.sort());
      expect(urgent.indexOf(oldHeld)).toBeGreaterThan(urgent.indexOf(roadsideOnBoard));
      expect(urgent.sort()).toEqual(plain.sort());
    }
  });

  it('heads the supervisor board, oldest first though it is the newest', async () => {
    const board = '/api/tickets?queue=supervisor&sort=createdAt&order=asc&limit=50';
    const plain = ids(await supervisor.get(`${board}&roadsideFirst=false`));
    expect(plain).toContain(oldUnplaced);
    expect(plain.indexOf(oldUnplaced)).toBeLessThan(plain.indexOf(roadsideOnBoard));
    const urgent = ids(await supervisor.get(board));
    expect(urgent[0]).toBe(roadsideOnBoard);
    expect(urgent).toContain(oldUnplaced);
    expect(urgent).not.toContain(oldCancelledRoadside);
  });

  it("heads a department's inbox", async () => {
    const inbox = `/api/tickets?status=${OPEN}&sort=updatedAt&order=desc&limit=50`;
    const plain = ids(await department.get(`${inbox}&roadsideFirst=false`));
    expect(plain[0]).toBe(oldForDepartment);
    const urgent = ids(await department.get(inbox));
    expect(urgent[0]).toBe(roadsideForDepartment);
    expect(urgent).toContain(oldForDepartment);
    expect(urgent).not.toContain(roadsideOnBoard);
  });

  it.each([
    ['createdAt', 'asc'],
    ['createdAt', 'desc'],
    ['updatedAt', 'desc'],
    ['priority', 'asc'],
  ])('pages by %s %s through the open rescues, then the rest, without gaps or repeats', async (sort, order) => {
    const query = `/api/tickets?q=${encodeURIComponent(MARK)}&sort=${sort}&order=${order}`;
    const whole = (await agent.get(`${query}&limit=100`)).body.items as Array<{ id: string; type: string; status: string; createdAt: string; updatedAt: string; priority: string }>;
    expect(whole.length).toBe(6);
    // The expected order, worked out here: open roadside first, then the sort column, then the id, each way.
    const open = (ticket: { type: string; status: string }) => ticket.type === 'roadside' && OPEN.split(',').includes(ticket.status);
    const key = (ticket: (typeof whole)[number]) => (sort === 'priority' ? ticket.priority : new Date(ticket[sort as 'createdAt']).toISOString());
    const sign = order === 'asc' ? 1 : -1;
    const expected = [...whole].sort(
      (a, b) => Number(open(b)) - Number(open(a)) || sign * key(a).localeCompare(key(b)) || sign * a.id.localeCompare(b.id),
    );
    expect(whole.map((ticket) => ticket.id)).toEqual(expected.map((ticket) => ticket.id));
    expect(whole.slice(0, 2).every(open)).toBe(true);
    expect(whole.slice(2).some(open)).toBe(false);
    expect(whole.map((ticket) => ticket.id)).toContain(oldCancelledRoadside);

    for (const limit of [1, 2, 4]) {
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } = await agent.get(
          `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(limit);
        walked.push(...page.body.items.map((item) => item.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(walked).toEqual(expected.map((ticket) => ticket.id));
    }
  });

  it('refuses an unknown roadsideFirst value with a 400', async () => {
    const response = await agent.get('/api/tickets?roadsideFirst=maybe');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });
});
