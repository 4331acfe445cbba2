import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Admins edit the category tree (issue 14): create, update, move (the subtree's paths follow), deactivate (the subtree
 * with it) and reactivate. Each refusal changes nothing; tickets keep their category; a new ticket's routing, the
 * ticket list's and the report's subtree filters see an edit at once; every edit is in the configuration history.
 */
let server: TestServer;
let fixture: Fixtures;
let admin: ApiClient;
let agent: ApiClient;
let qa: ApiClient;

interface CategoryRow {
  id: string;
  code: string;
  parent_id: string | null;
  path: string;
  ticket_type: string;
  active: boolean;
}

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  admin = await signedIn(server, 'admin');
  agent = await signedIn(server, 'agent');
  qa = await signedIn(server, 'qa');
});

afterAll(() => server?.close());

const treeSnapshot = () => server.query(`select * from categories order by id`);
const historySnapshot = () => server.query(`select id from config_changes order by id`);

async function category(code: string): Promise<CategoryRow> {
  const [row] = await server.query<CategoryRow>(`select id, code, parent_id, path, ticket_type, active from categories where code = $1`, [code]);
  if (!row) throw new Error(`no category ${code}`);
  return row;
}

async function departmentId(code: string): Promise<string> {
  const [row] = await server.query<{ id: string }>(`select id from departments where code = $1`, [code]);
  return row.id;
}

function ok<T extends { status: number; body: unknown }>(response: T, status = 200): T {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

async function history(entityId: string) {
  return ok(await qa.get(`/api/admin/audit-log?entity=category&entityId=${entityId}`)).body.items as Array<{
    action: string;
    actorRole: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }>;
}

describe('creating a category', () => {
  it('adds a child that takes its parent’s type, default priority and copied departments, after its siblings, and records it', async () => {
    const parent = await category('C-COMPLAINT-PRODUCT-ENGINE');
    const [parentRow] = await server.query<{ default_priority: string | null; cc_department_ids: string[]; max: number }>(
      `select p.default_priority, p.cc_department_ids, (select max(position) from categories where parent_id = p.id) as max from categories p where id = $1`,
      [parent.id],
    );
    const created = ok(
      await admin.post('/api/categories', {
        code: 'c-complaint-product-engine-vibration',
        parentId: parent.id,
        nameZh: '  发动机抖动 ',
        nameEn: 'Engine vibration',
        keywords: [' 抖动 ', 'vibration', 'Vibration', '', '怠速抖'],
      }),
      201,
    ).body.category;
    expect(created).toMatchObject({
      code: 'C-COMPLAINT-PRODUCT-ENGINE-VIBRATION',
      parentId: parent.id,
      path: `${parent.path}/C-COMPLAINT-PRODUCT-ENGINE-VIBRATION`,
      ticketType: 'complaint',
      nameZh: '发动机抖动',
      defaultPriority: parentRow.default_priority,
      ccDepartmentIds: parentRow.cc_department_ids,
      keywords: ['抖动', 'vibration', '怠速抖'],
      position: Number(parentRow.max) + 1,
      active: true,
    });
    const listed = ok(await agent.get('/api/categories')).body.items.find((item: { id: string }) => item.id === created.id);
    expect(listed).toMatchObject({ code: 'C-COMPLAINT-PRODUCT-ENGINE-VIBRATION', keywords: ['抖动', 'vibration', '怠速抖'] });

    const [change] = await history(created.id);
    expect(change).toMatchObject({ action: 'create', actorRole: 'admin', before: null, after: { code: 'C-COMPLAINT-PRODUCT-ENGINE-VIBRATION', path: created.path } });

    // A new ticket may take it at once.
    const ticket = ok(await agent.post('/api/tickets', buildComplaint(fixture, { categoryId: created.id })), 201).body.ticket;
    expect(ticket.category.id).toBe(created.id);
  });

  it('adds a root of a ticket type, with none of the defaults', async () => {
    const root = ok(
      await admin.post('/api/categories', { code: 'C-ENQUIRY-EXTRA-ROOT', parentId: null, ticketType: 'enquiry', nameZh: '附加咨询', nameEn: 'Extra enquiries', ccDepartmentIds: [] }),
      201,
    ).body.category;
    expect(root).toMatchObject({ parentId: null, path: 'C-ENQUIRY-EXTRA-ROOT', ticketType: 'enquiry', defaultPriority: null, ccDepartmentIds: [], keywords: [] });
  });

  it('refuses bad input, a taken code, unknown references, another type than the parent’s and a deactivated parent, changing nothing', async () => {
    const complaintRoot = await category('C-COMPLAINT');
    const enquiryRoot = await category('C-ENQUIRY');
    const valid = { code: 'C-COMPLAINT-NEW-ONE', parentId: complaintRoot.id, nameZh: '新类别', nameEn: 'New one' };
    const inactive = ok(await admin.post('/api/categories', { ...valid, code: 'C-COMPLAINT-SOON-INACTIVE' }), 201).body.category;
    ok(await admin.post(`/api/categories/${inactive.id}/deactivate`));
    const tree = await treeSnapshot();
    const changes = await historySnapshot();
    const cases: Array<[unknown, number, string]> = [
      [{ ...valid, code: 'c_bad/code' }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, code: 'C-COMPLAINT-X%' }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, nameZh: '   ' }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, parentId: null }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, parentId: 'not-a-uuid' }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, defaultPriority: 'P9' }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, keywords: ['x'.repeat(31)] }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, keywords: Array.from({ length: 51 }, (_, index) => `词${index}`) }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, isRoot: true }, 400, 'VALIDATION_FAILED'],
      [{ ...valid, code: 'C-COMPLAINT-PRODUCT-ENGINE' }, 409, 'DUPLICATE'],
      [{ ...valid, parentId: '00000000-0000-4000-8000-000000000000' }, 422, 'UNKNOWN_REFERENCE'],
      [{ ...valid, ccDepartmentIds: ['00000000-0000-4000-8000-000000000000'] }, 422, 'UNKNOWN_REFERENCE'],
      [{ ...valid, parentId: enquiryRoot.id, ticketType: 'complaint' }, 422, 'CATEGORY_TYPE_MISMATCH'],
      [{ ...valid, parentId: inactive.id }, 422, 'CATEGORY_PARENT_INACTIVE'],
    ];
    for (const [body, status, code] of cases) {
      const response = await admin.post('/api/categories', body);
      expect([JSON.stringify(body).slice(0, 80), response.status, response.body.error?.code]).toEqual([JSON.stringify(body).slice(0, 80), status, code]);
    }
    expect(await treeSnapshot()).toEqual(tree);
    expect(await historySnapshot()).toEqual(changes);
    // A 51st keyword that repeats one of the fifty (in another case) is dropped, not refused.
    const fifty = Array.from({ length: 50 }, (_, index) => `Word${index}`);
    const created = ok(await admin.post('/api/categories', { ...valid, keywords: [...fifty, 'word0'] }), 201).body.category;
    expect(created.keywords).toEqual(fifty);
  });

  it('is for admins only', async () => {
    const root = await category('C-COMPLAINT');
    const tree = await treeSnapshot();
    for (const username of ['agent', 'supervisor', 'qa', fixture.dealerA.username]) {
      const client = await signedIn(server, username);
      const body = { code: 'C-COMPLAINT-NOT-ADMIN', parentId: root.id, nameZh: '无权', nameEn: 'Not allowed' };
      expect((await client.post('/api/categories', body)).status).toBe(403);
      expect((await client.request('PATCH', `/api/categories/${root.id}`, { nameZh: 'x' })).status).toBe(403);
      expect((await client.post(`/api/categories/${root.id}/move`, { parentId: null })).status).toBe(403);
      expect((await client.post(`/api/categories/${root.id}/deactivate`)).status).toBe(403);
      expect((await client.post(`/api/categories/${root.id}/reactivate`, {})).status).toBe(403);
    }
    expect(await treeSnapshot()).toEqual(tree);
  });
});

describe('updating a category', () => {
  it('renames it and changes its priority, departments, keywords and position; the ticket keeps its category and shows the new name', async () => {
    const target = await category('C-COMPLAINT-PRODUCT-BODY-PAINT');
    const ticket = ok(await agent.post('/api/tickets', buildComplaint(fixture, { categoryId: target.id })), 201).body.ticket;
    const parts = await departmentId('DEPT-PARTS');
    const updated = ok(
      await admin.request('PATCH', `/api/categories/${target.id}`, {
        nameZh: '漆面问题',
        nameEn: 'Paint defects',
        defaultPriority: 'P2',
        ccDepartmentIds: [parts, parts],
        keywords: ['掉漆', 'paint peeling', '起泡'],
        position: 7,
      }),
    ).body.category;
    expect(updated).toMatchObject({ id: target.id, code: target.code, path: target.path, nameZh: '漆面问题', nameEn: 'Paint defects', defaultPriority: 'P2', ccDepartmentIds: [parts], keywords: ['掉漆', 'paint peeling', '起泡'], position: 7 });
    const after = ok(await agent.get(`/api/tickets/${ticket.id}`)).body.ticket;
    expect(after.category).toMatchObject({ id: target.id, nameZh: '漆面问题', nameEn: 'Paint defects' });
    // The ticket keeps what it was created with: its priority and copies are its own.
    expect(after.priority).toBe(ticket.priority);

    const [change] = await history(target.id);
    expect(change.action).toBe('update');
    expect(change.before).toMatchObject({ nameZh: '漆面', nameEn: 'Paint', defaultPriority: null });
    expect(change.after).toMatchObject({ nameZh: '漆面问题', nameEn: 'Paint defects', defaultPriority: 'P2', ccDepartmentIds: [parts], position: 7 });
    expect(Object.keys(change.after!).sort()).toEqual(['ccDepartmentIds', 'defaultPriority', 'keywords', 'nameEn', 'nameZh', 'position']);

    // Null clears the default priority.
    expect(ok(await admin.request('PATCH', `/api/categories/${target.id}`, { defaultPriority: null })).body.category.defaultPriority).toBeNull();
  });

  it('refuses bad input, unknown ids and departments, changing nothing', async () => {
    const target = await category('C-COMPLAINT-PRODUCT-BODY-RUST');
    const tree = await treeSnapshot();
    const changes = await historySnapshot();
    const cases: Array<[string, unknown, number, string]> = [
      [target.id, {}, 400, 'VALIDATION_FAILED'],
      [target.id, { code: 'C-RENAMED' }, 400, 'VALIDATION_FAILED'],
      [target.id, { nameEn: '' }, 400, 'VALIDATION_FAILED'],
      [target.id, { position: -1 }, 400, 'VALIDATION_FAILED'],
      [target.id, { keywords: 'noise' }, 400, 'VALIDATION_FAILED'],
      [target.id, { ccDepartmentIds: ['00000000-0000-4000-8000-000000000000'] }, 422, 'UNKNOWN_REFERENCE'],
      ['not-a-uuid', { nameZh: 'x' }, 400, 'VALIDATION_FAILED'],
      ['00000000-0000-4000-8000-000000000000', { nameZh: 'x' }, 404, 'NOT_FOUND'],
    ];
    for (const [id, body, status, code] of cases) {
      const response = await admin.request('PATCH', `/api/categories/${id}`, body);
      expect([response.status, response.body.error?.code]).toEqual([status, code]);
    }
    expect(await treeSnapshot()).toEqual(tree);
    expect(await historySnapshot()).toEqual(changes);
  });
});

describe('moving a category', () => {
  it('moves the subtree: every path rewritten, ids kept, tickets keep their category; the list and report subtree filters follow', async () => {
    // A small subtree of our own: X under ELECTRICAL, with one child.
    const electrical = await category('C-COMPLAINT-PRODUCT-ELECTRICAL');
    const suspension = await category('C-COMPLAINT-PRODUCT-SUSPENSION');
    const moved = ok(await admin.post('/api/categories', { code: 'C-MOVE-ME', parentId: electrical.id, nameZh: '待移动', nameEn: 'To move' }), 201).body.category;
    const child = ok(await admin.post('/api/categories', { code: 'C-MOVE-ME-CHILD', parentId: moved.id, nameZh: '下级', nameEn: 'Child' }), 201).body.category;
    const ticket = ok(await agent.post('/api/tickets', buildComplaint(fixture, { categoryId: child.id })), 201).body.ticket;

    const listed = async (root: string) => (ok(await qa.get(`/api/tickets?categoryId=${root}&limit=100`)).body.items as Array<{ id: string }>).map((item) => item.id);
    const reported = async (root: string) => {
      const report = ok(await qa.get(`/api/reports/resolution?groupBy=category&categoryId=${root}`)).body as { cells: Array<{ keys: { category: string }; tickets: number }> };
      return report.cells.filter((cell) => cell.keys.category === child.id).reduce((sum, cell) => sum + cell.tickets, 0);
    };
    expect(await listed(electrical.id)).toContain(ticket.id);
    expect(await listed(suspension.id)).not.toContain(ticket.id);
    expect(await reported(electrical.id)).toBe(1);
    expect(await reported(suspension.id)).toBe(0);

    const answer = ok(await admin.post(`/api/categories/${moved.id}/move`, { parentId: suspension.id })).body.category;
    expect(answer).toMatchObject({ id: moved.id, parentId: suspension.id, path: `${suspension.path}/C-MOVE-ME` });
    expect(await category('C-MOVE-ME-CHILD')).toMatchObject({ id: child.id, parent_id: moved.id, path: `${suspension.path}/C-MOVE-ME/C-MOVE-ME-CHILD` });
    // Nothing else moved: the old parent's subtree holds no path of the moved one.
    const leftBehind = await server.query(`select code from categories where path like $1`, [`${electrical.path}/C-MOVE-ME%`]);
    expect(leftBehind).toEqual([]);

    expect(await listed(suspension.id)).toContain(ticket.id);
    expect(await listed(electrical.id)).not.toContain(ticket.id);
    expect(await reported(suspension.id)).toBe(1);
    expect(await reported(electrical.id)).toBe(0);
    const after = ok(await agent.get(`/api/tickets/${ticket.id}`)).body.ticket;
    expect(after.category).toMatchObject({ id: child.id, path: `${suspension.path}/C-MOVE-ME/C-MOVE-ME-CHILD` });

    const [change] = await history(moved.id);
    expect(change).toMatchObject({ action: 'move', before: { parentId: electrical.id, path: `${electrical.path}/C-MOVE-ME` }, after: { parentId: suspension.id, path: `${suspension.path}/C-MOVE-ME` } });
  });

  it('refuses a move into itself or its subtree, across ticket types, under a deactivated parent or an unknown one, changing nothing', async () => {
    const engine = await category('C-COMPLAINT-PRODUCT-ENGINE');
    const engineNoise = await category('C-COMPLAINT-PRODUCT-ENGINE-NOISE');
    const enquiry = await category('C-ENQUIRY');
    const body = await category('C-COMPLAINT-PRODUCT-BODY');
    const asleep = ok(await admin.post('/api/categories', { code: 'C-COMPLAINT-ASLEEP', parentId: body.id, nameZh: '停用', nameEn: 'Asleep' }), 201).body.category;
    ok(await admin.post(`/api/categories/${asleep.id}/deactivate`));
    const tree = await treeSnapshot();
    const changes = await historySnapshot();
    const cases: Array<[string, unknown, number, string]> = [
      [engine.id, { parentId: engine.id }, 422, 'CATEGORY_CYCLE'],
      [engine.id, { parentId: engineNoise.id }, 422, 'CATEGORY_CYCLE'],
      [engine.id, { parentId: enquiry.id }, 422, 'CATEGORY_TYPE_MISMATCH'],
      [engine.id, { parentId: asleep.id }, 422, 'CATEGORY_PARENT_INACTIVE'],
      [engine.id, { parentId: '00000000-0000-4000-8000-000000000000' }, 422, 'UNKNOWN_REFERENCE'],
      [engine.id, {}, 400, 'VALIDATION_FAILED'],
      [engine.id, { parentId: 'x' }, 400, 'VALIDATION_FAILED'],
      ['00000000-0000-4000-8000-000000000000', { parentId: body.id }, 404, 'NOT_FOUND'],
    ];
    for (const [id, request, status, code] of cases) {
      const response = await admin.post(`/api/categories/${id}/move`, request);
      expect([response.status, response.body.error?.code]).toEqual([status, code]);
    }
    const refused = await admin.post(`/api/categories/${engine.id}/move`, { parentId: engineNoise.id }, { 'accept-language': 'en' });
    expect(refused.body.error.message).toMatch(/subcategories/);
    expect(await treeSnapshot()).toEqual(tree);
    expect(await historySnapshot()).toEqual(changes);
  });
});

describe('deactivating and reactivating', () => {
  it('deactivates the subtree; new tickets may not take it, existing ones keep it; a child under an inactive parent stays inactive', async () => {
    const brakes = await category('C-COMPLAINT-PRODUCT-BRAKES');
    const brakeNoise = await category('C-COMPLAINT-PRODUCT-BRAKES-NOISE');
    const ticket = ok(await agent.post('/api/tickets', buildComplaint(fixture, { categoryId: brakeNoise.id })), 201).body.ticket;

    const answer = ok(await admin.post(`/api/categories/${brakes.id}/deactivate`)).body.category;
    expect(answer).toMatchObject({ id: brakes.id, active: false });
    const subtree = await server.query<{ active: boolean }>(`select active from categories where path = $1 or path like $2`, [brakes.path, `${brakes.path}/%`]);
    expect(subtree.length).toBeGreaterThan(1);
    expect(subtree.every((row) => !row.active)).toBe(true);

    const refused = await agent.post('/api/tickets', buildComplaint(fixture, { categoryId: brakeNoise.id }));
    expect([refused.status, refused.body.error.code, refused.body.error.details.field]).toEqual([422, 'UNKNOWN_REFERENCE', 'categoryId']);
    expect(ok(await agent.get(`/api/tickets/${ticket.id}`)).body.ticket.category.id).toBe(brakeNoise.id);
    expect((await history(brakeNoise.id))[0]).toMatchObject({ action: 'deactivate', before: { active: true }, after: { active: false } });

    // A child may not come back before its parent.
    const tree = await treeSnapshot();
    const changes = await historySnapshot();
    const early = await admin.post(`/api/categories/${brakeNoise.id}/reactivate`, {});
    expect([early.status, early.body.error.code]).toEqual([422, 'CATEGORY_PARENT_INACTIVE']);
    expect(await treeSnapshot()).toEqual(tree);
    expect(await historySnapshot()).toEqual(changes);

    // The parent alone, then its child; or the whole subtree at once.
    ok(await admin.post(`/api/categories/${brakes.id}/reactivate`, {}));
    expect((await category('C-COMPLAINT-PRODUCT-BRAKES')).active).toBe(true);
    expect((await category('C-COMPLAINT-PRODUCT-BRAKES-NOISE')).active).toBe(false);
    ok(await admin.post(`/api/categories/${brakeNoise.id}/reactivate`, {}));
    ok(await agent.post('/api/tickets', buildComplaint(fixture, { categoryId: brakeNoise.id })), 201);
    ok(await admin.post(`/api/categories/${brakes.id}/deactivate`));
    ok(await admin.post(`/api/categories/${brakes.id}/reactivate`, { subtree: true }));
    const back = await server.query<{ active: boolean }>(`select active from categories where path = $1 or path like $2`, [brakes.path, `${brakes.path}/%`]);
    expect(back.every((row) => row.active)).toBe(true);
    expect((await history(brakes.id)).map((change) => change.action)).toEqual(['reactivate', 'deactivate', 'reactivate', 'deactivate']);
  });
});

describe('what new tickets see', () => {
  it('routes a new ticket with the changed default priority and copied departments at once (the create cache follows the edit)', async () => {
    const target = await category('C-COMPLAINT-PRODUCT-TYRES-WEAR');
    const { dispatch: _hold, ...auto } = buildComplaint(fixture, { categoryId: target.id });
    // Warm the category cache of the API process: a preview and a create read the category.
    const first = ok(await agent.post('/api/tickets', auto), 201).body.ticket;
    const pr = await departmentId('DEPT-PR-LEGAL');
    expect(first.ccDepartments.map((department: { id: string }) => department.id)).not.toContain(pr);
    expect(first.priority).not.toBe('P1');

    ok(await admin.request('PATCH', `/api/categories/${target.id}`, { defaultPriority: 'P1', ccDepartmentIds: [pr] }));
    const preview = ok(await agent.post('/api/routing/preview', auto)).body;
    expect(preview.decision.ccDepartmentIds).toContain(pr);
    const second = ok(await agent.post('/api/tickets', auto), 201).body.ticket;
    expect(second.priority).toBe('P1');
    expect(second.ccDepartments.map((department: { id: string }) => department.id)).toContain(pr);
    // The earlier ticket keeps what it had.
    const earlier = ok(await agent.get(`/api/tickets/${first.id}`)).body.ticket;
    expect(earlier.priority).toBe(first.priority);
    expect(earlier.ccDepartments.map((department: { id: string }) => department.id)).not.toContain(pr);
  });

  it('refuses a category deactivated after the cache read it', async () => {
    const target = await category('C-COMPLAINT-PRODUCT-TYRES-BULGE');
    ok(await agent.post('/api/tickets', buildComplaint(fixture, { categoryId: target.id })), 201);
    ok(await admin.post(`/api/categories/${target.id}/deactivate`));
    expect((await agent.post('/api/tickets', buildComplaint(fixture, { categoryId: target.id }))).status).toBe(422);
  });
});
