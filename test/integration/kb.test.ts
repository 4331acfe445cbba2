import { verifyTicketAudit } from '@careline/shared/server';
import { dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * The knowledge base (issue 14) through the real HTTP API, on PostgreSQL and on PGlite: editors write, version and
 * publish; the search finds Chinese phrases inside longer sentences (character bigrams, no word list), English words
 * through their stems, ranks title hits above body hits, highlights, filters by model and year; dealers never find nor
 * read agents-only articles; Markdown is rendered without scripts; an enquiry is resolved at first contact with an
 * article (events on the chain, which still verifies), and the links follow the ticket's eras.
 */
let server: TestServer;
let fixture: Fixtures;
let editor: ApiClient;
let agent: ApiClient;
let supervisor: ApiClient;
let dealer: ApiClient;
let otherDealer: ApiClient;
let department: ApiClient;

interface Written {
  id: string;
  version: number;
}

async function write(article: Record<string, unknown>, publish = true): Promise<Written> {
  const created = await editor.post('/api/kb/articles', article);
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  if (!publish) return { id: created.body.article.id, version: created.body.article.version };
  const published = await editor.post(`/api/kb/articles/${created.body.article.id}/publish`, { version: created.body.article.version });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return { id: published.body.article.id, version: published.body.article.version };
}

const search = (client: ApiClient, query: Record<string, string | number>) =>
  client.get(`/api/kb/articles?${new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]))}`);
const idsOf = (response: { body: { items: Array<{ id: string }> } }) => response.body.items.map((item) => item.id);

let chassis: Written;
let sunroofTitle: Written;
let sunroofBody: Written;
let brakes: Written;
let agentsOnly: Written;
let draft: Written;
let modelYear: Written;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  [editor, agent, supervisor, dealer, otherDealer, department] = await Promise.all([
    signedIn(server, 'editor'),
    signedIn(server, 'agent'),
    signedIn(server, 'supervisor'),
    signedIn(server, fixture.dealerA.username),
    signedIn(server, fixture.dealerB.username),
    signedIn(server, fixture.departmentA.username),
  ]);
  chassis = await write({
    title: '底盘异响排查指引',
    body: '客户反映冷车启动后底盘传来咯吱异响并伴随轻微抖动，热车后减弱。请检查下摆臂衬套与稳定杆连杆。',
    symptoms: ['底盘'],
    audience: 'everyone',
  });
  sunroofTitle = await write({ title: '天窗漏水的处理', body: '检查排水管是否堵塞，清理后做淋水测试。', audience: 'everyone' });
  sunroofBody = await write({ title: '洗车后的常见问题', body: '洗车后车内进水，多数是天窗漏水或门框密封条老化。', audience: 'everyone' });
  brakes = await write({ title: 'Brake squeal on the test fleet', body: 'The pads squeal when braking gently at low speed; noises stop after bedding in.', audience: 'everyone' });
  agentsOnly = await write({ title: '【内部】赔偿标准口径 KBX-INTERNAL', body: '补偿上限与审批流程，仅限坐席内部使用。赔偿金额不得向经销商透露。', audience: 'agents' });
  draft = await write({ title: '草稿：座椅通风异响 KBX-DRAFT', body: '座椅通风风扇异响的排查方法（未完成）。', audience: 'everyone' }, false);
  modelYear = await write({
    title: '尾门电撑杆失效',
    body: '电动尾门无法自动开启，电撑杆需要更换。',
    models: ['远航 S7 (EV)'],
    yearFrom: 2021,
    yearTo: 2023,
    audience: 'everyone',
  });
});

afterAll(async () => {
  await server?.close();
});

describe('search', () => {
  it('finds a Chinese phrase inside a longer sentence: 异响 with no word boundary around it', async () => {
    const found = await search(agent, { q: '异响' });
    expect(found.status).toBe(200);
    expect(idsOf(found)).toContain(chassis.id);
    const hit = found.body.items.find((item: { id: string }) => item.id === chassis.id);
    // The title and the snippet mark exactly the phrase, without markup.
    expect(hit.titleSegments).toEqual([
      { text: '底盘', hit: false },
      { text: '异响', hit: true },
      { text: '排查指引', hit: false },
    ]);
    expect(hit.snippet.filter((segment: { hit: boolean }) => segment.hit).map((segment: { text: string }) => segment.text)).toEqual(['异响']);
  });

  it('finds a multi-word Chinese query by most of its bigrams, and not the articles sharing one bigram with it', async () => {
    const found = await search(agent, { q: '底盘咯吱异响' });
    expect(idsOf(found)).toContain(chassis.id);
    // The demo's brake-noise article shares 异响 only (1 of 5 bigrams): not a hit.
    const [brakeNoise] = await server.query<{ id: string }>(`select id from kb_articles where title like '制动异响%'`);
    expect(brakeNoise).toBeDefined();
    expect(idsOf(found)).not.toContain(brakeNoise.id);
    expect(idsOf(await search(agent, { q: '异响' }))).toContain(brakeNoise.id);
    // A long sentence sharing a single bigram with an article finds nothing of it.
    expect(idsOf(await search(agent, { q: '客户昨天来电说车辆行驶中有异响' }))).not.toContain(chassis.id);
  });

  it('finds a single Chinese character wherever it stands: first in a pair (漏 of 漏水) or last in a run (化 of 老化。)', async () => {
    const leak = await search(agent, { q: '漏' });
    expect(idsOf(leak)).toEqual(expect.arrayContaining([sunroofTitle.id, sunroofBody.id]));
    const titled = leak.body.items.find((item: { id: string }) => item.id === sunroofTitle.id);
    expect(titled.titleSegments.filter((segment: { hit: boolean }) => segment.hit).map((segment: { text: string }) => segment.text)).toEqual(['漏']);
    // 化 stands only at the end of 老化 in the articles written here: no pair starts with it.
    const aged = await search(agent, { q: '化' });
    expect(idsOf(aged)).toContain(sunroofBody.id);
    const hit = aged.body.items.find((item: { id: string }) => item.id === sunroofBody.id);
    expect(hit.snippet.filter((segment: { hit: boolean }) => segment.hit).map((segment: { text: string }) => segment.text)).toEqual(['化']);
    expect(idsOf(aged)).not.toContain(sunroofTitle.id);
  });

  it('finds English words through their stems (braking → brake, noises → noise)', async () => {
    const found = await search(agent, { q: 'brakes squealing' });
    expect(idsOf(found)).toContain(brakes.id);
    const hit = found.body.items.find((item: { id: string }) => item.id === brakes.id);
    expect(hit.titleSegments.filter((segment: { hit: boolean }) => segment.hit).map((segment: { text: string }) => segment.text)).toEqual(['Brake', 'squeal']);
    expect(idsOf(await search(agent, { q: 'noise' }))).toContain(brakes.id);
  });

  it('ranks a title hit above a body-only hit', async () => {
    const found = await search(agent, { q: '天窗漏水' });
    const ids = idsOf(found);
    expect(ids.indexOf(sunroofTitle.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(sunroofBody.id)).toBeGreaterThan(ids.indexOf(sunroofTitle.id));
    const [first, second] = [found.body.items[ids.indexOf(sunroofTitle.id)], found.body.items[ids.indexOf(sunroofBody.id)]];
    expect(first.score).toBeGreaterThan(second.score);
  });

  it('filters by model (case-insensitive; articles for every model stay) and by year (inclusive range)', async () => {
    const forModel = idsOf(await search(agent, { q: '尾门电撑杆', model: '远航 s7 (ev)' }));
    expect(forModel).toContain(modelYear.id);
    expect(idsOf(await search(agent, { q: '尾门电撑杆', model: '锐行 X3' }))).not.toContain(modelYear.id);
    // An article for every model is found whatever the model.
    expect(idsOf(await search(agent, { q: '天窗漏水', model: '锐行 X3' }))).toContain(sunroofTitle.id);
    expect(idsOf(await search(agent, { q: '尾门电撑杆', year: 2023 }))).toContain(modelYear.id);
    expect(idsOf(await search(agent, { q: '尾门电撑杆', year: 2024 }))).not.toContain(modelYear.id);
    expect(idsOf(await search(agent, { q: '尾门电撑杆', year: 2020 }))).not.toContain(modelYear.id);
  });

  it('lists the newest first without a query, in keyset pages that neither repeat nor skip', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Array<{ id: string; updatedAt: string }>; nextCursor: string | null } } = await search(agent, {
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const [{ count }] = await server.query<{ count: number }>(`select count(*)::int as count from kb_articles where status = 'published'`);
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);
    // Written last in beforeAll: the newest.
    expect(seen[0]).toBe(modelYear.id);
    expect(seen).not.toContain(draft.id);
  });

  it('pages a ranked search by score without repeats', async () => {
    const whole = idsOf(await search(agent, { q: '异响', limit: 50 }));
    expect(whole.length).toBeGreaterThan(2);
    const first = await search(agent, { q: '异响', limit: 2 });
    const second = await search(agent, { q: '异响', limit: 2, cursor: first.body.nextCursor });
    expect([...idsOf(first), ...idsOf(second)]).toEqual(whole.slice(0, 4));
    const bad = await search(agent, { q: '异响', cursor: 'not-a-cursor' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('who reads what', () => {
  it('keeps agents-only articles from dealers and departments: never found, and 404 without echoing the id', async () => {
    expect(idsOf(await search(agent, { q: '赔偿标准口径' }))).toContain(agentsOnly.id);
    for (const client of [dealer, department]) {
      expect(idsOf(await search(client, { q: '赔偿标准口径' }))).not.toContain(agentsOnly.id);
      expect(idsOf(await search(client, { q: 'KBX-INTERNAL' }))).not.toContain(agentsOnly.id);
      const read = await client.get(`/api/kb/articles/${agentsOnly.id}`);
      expect(read.status).toBe(404);
      expect(JSON.stringify(read.body)).not.toContain(agentsOnly.id);
    }
    expect(idsOf(await search(dealer, { q: '天窗漏水' }))).toContain(sunroofTitle.id);
    expect((await dealer.get(`/api/kb/articles/${sunroofTitle.id}`)).status).toBe(200);
  });

  it('keeps drafts to editors: agents neither find nor read them, nor may they ask for them', async () => {
    expect(idsOf(await search(agent, { q: '座椅通风异响' }))).not.toContain(draft.id);
    expect((await agent.get(`/api/kb/articles/${draft.id}`)).status).toBe(404);
    const asked = await search(agent, { status: 'draft' });
    expect(asked.status).toBe(403);
    expect(asked.body.error.code).toBe('FORBIDDEN');
    expect(idsOf(await search(editor, { q: '座椅通风异响' }))).toContain(draft.id);
    const drafts = await search(editor, { status: 'draft' });
    expect(idsOf(drafts)).toContain(draft.id);
    expect(drafts.body.items.every((item: { status: string }) => item.status === 'draft')).toBe(true);
    expect((await editor.get(`/api/kb/articles/${draft.id}`)).body.article.status).toBe('draft');
  });

  it('lets editors and admins write, nobody else (403, nothing written)', async () => {
    const [{ count: before }] = await server.query<{ count: number }>(`select count(*)::int as count from kb_articles`);
    for (const client of [agent, supervisor, dealer, department]) {
      const refused = await client.post('/api/kb/articles', { title: '不应写入', body: '正文' });
      expect(refused.status).toBe(403);
      expect((await client.post(`/api/kb/articles/${draft.id}/publish`, { version: draft.version })).status).toBe(403);
    }
    const [{ count: after }] = await server.query<{ count: number }>(`select count(*)::int as count from kb_articles`);
    expect(after).toBe(before);

    // A "word" longer than PostgreSQL takes in a tsvector (2,047 bytes) is left out of the search, not a 500.
    const longWord = await editor.post('/api/kb/articles', { title: '超长单词', body: `${'x'.repeat(3000)} 正文` });
    expect(longWord.status).toBe(201);
    const admin = await signedIn(server, 'admin');
    const byAdmin = await admin.post('/api/kb/articles', { title: '管理员写的文章', body: '正文' });
    expect(byAdmin.status).toBe(201);
  });
});

describe('versions', () => {
  it('saves new versions, refuses a stale one with 409, and keeps every version with who and when', async () => {
    const created = await editor.post('/api/kb/articles', { title: '轮胎气压报警', body: '第一版', audience: 'everyone' });
    const id = created.body.article.id;
    expect(created.body.article).toMatchObject({ version: 1, status: 'draft', updatedByName: '知识库编辑 孙悦' });
    const saved = await editor.request('PUT', `/api/kb/articles/${id}`, { version: 1, article: { title: '轮胎气压报警', body: '第二版：冷胎气压 2.5 bar', audience: 'everyone' } });
    expect(saved.status).toBe(200);
    expect(saved.body.article).toMatchObject({ version: 2, body: '第二版：冷胎气压 2.5 bar' });
    const stale = await editor.request('PUT', `/api/kb/articles/${id}`, { version: 1, article: { title: '轮胎气压报警', body: '覆盖', audience: 'everyone' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { expected: 1, actual: 2 } });
    expect((await editor.post(`/api/kb/articles/${id}/publish`, { version: 1 })).status).toBe(409);
    const published = await editor.post(`/api/kb/articles/${id}/publish`, { version: 2 });
    expect(published.body.article).toMatchObject({ version: 3, status: 'published' });
    expect(published.body.article.publishedAt).not.toBeNull();
    const again = await editor.post(`/api/kb/articles/${id}/publish`, { version: 3 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('KB_INVALID_STATUS');
    const archived = await editor.post(`/api/kb/articles/${id}/archive`, { version: 3 });
    expect(archived.body.article).toMatchObject({ version: 4, status: 'archived' });
    expect(idsOf(await search(agent, { q: '轮胎气压报警' }))).not.toContain(id);

    const versions = await editor.get(`/api/kb/articles/${id}/versions`);
    expect(versions.body.items.map((version: { version: number; status: string; body: string }) => [version.version, version.status, version.body])).toEqual([
      [4, 'archived', '第二版：冷胎气压 2.5 bar'],
      [3, 'published', '第二版：冷胎气压 2.5 bar'],
      [2, 'draft', '第二版：冷胎气压 2.5 bar'],
      [1, 'draft', '第一版'],
    ]);
    expect(versions.body.items.every((version: { editedByName: string }) => version.editedByName === '知识库编辑 孙悦')).toBe(true);
    const first = await editor.get(`/api/kb/articles/${id}/versions/1`);
    expect(first.body.version).toMatchObject({ version: 1, body: '第一版', status: 'draft' });
    expect((await editor.get(`/api/kb/articles/${id}/versions/9`)).status).toBe(404);
    expect((await agent.get(`/api/kb/articles/${id}/versions`)).status).toBe(403);
  });
});

describe('Markdown', () => {
  it('renders without scripts, event handlers or javascript: links; links open without the opener', async () => {
    const body = [
      '# 标题',
      '<script>alert("x")</script>',
      '<img src="x" onerror="alert(1)">',
      '[点我](javascript:alert(1)) [数据](data:text/html;base64,PHNjcmlwdD4=) [官网](https://example.com/a)',
      '**粗体** 与 `代码`',
    ].join('\n\n');
    const written = await write({ title: 'Markdown 安全测试', body, audience: 'everyone' });
    const read = await dealer.get(`/api/kb/articles/${written.id}`);
    const html: string = read.body.article.bodyHtml;
    expect(read.body.article.body).toBe(body);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<h1>标题</h1>');
    expect(html).toContain('<strong>粗体</strong>');
    expect(html).toContain('<a href="https://example.com/a" target="_blank" rel="noopener noreferrer">官网</a>');
    // The snippet is plain text: no Markdown marks.
    const found = await search(dealer, { q: '粗体' });
    const snippet = found.body.items.find((item: { id: string }) => item.id === written.id).snippet.map((segment: { text: string }) => segment.text).join('');
    expect(snippet).not.toMatch(/[#*`]/);
  });
});

describe('on a ticket', () => {
  const enquiry = () =>
    agent.post('/api/tickets', {
      type: 'enquiry',
      customerId: fixture.customer.id,
      contactName: fixture.customer.name,
      contactPhone: fixture.customer.phone,
      subject: '天窗漏水怎么办',
      description: '客户询问洗车后天窗漏水的处理方法',
    });

  it('resolves an enquiry at first contact with an article: events on the chain, the chain verifies, the counts move', async () => {
    const created = await enquiry();
    expect(created.body.ticket.status).toBe('new');
    const ticketId = created.body.ticket.id;
    const linked = await agent.post(`/api/tickets/${ticketId}/kb-articles`, { version: created.body.ticket.version, articleId: sunroofTitle.id, resolve: true, comment: '按文章指导清理排水管' });
    expect(linked.status).toBe(201);
    expect(linked.body.ticket).toMatchObject({ status: 'resolved' });
    const events = await agent.get(`/api/tickets/${ticketId}/events`);
    const types = events.body.items.map((event: { type: string }) => event.type);
    expect(types.slice(-2)).toEqual(['kb_article_linked', 'resolved']);
    expect(events.body.items.at(-2).payload).toMatchObject({ articleId: sunroofTitle.id, title: '天窗漏水的处理', articleVersion: sunroofTitle.version, resolve: true });
    const links = await agent.get(`/api/tickets/${ticketId}/kb-articles`);
    expect(links.body.items).toEqual([
      expect.objectContaining({ articleId: sunroofTitle.id, title: '天窗漏水的处理', articleVersion: sunroofTitle.version, resolvedWith: true, linkedByName: '坐席 王静' }),
    ]);
    const audit = await verifyTicketAudit(server.database.db, ticketId);
    expect(audit).toMatchObject({ ok: true });
    // The link row is vouched for by the chain: changed behind the API's back, verification names it.
    await server.query(`update ticket_kb_links set resolved_with = false where ticket_id = $1`, [ticketId]);
    const tampered = await verifyTicketAudit(server.database.db, ticketId);
    expect(tampered?.ok).toBe(false);
    await server.query(`update ticket_kb_links set resolved_with = true where ticket_id = $1`, [ticketId]);

    const read = await agent.get(`/api/kb/articles/${sunroofTitle.id}`);
    expect(read.body.article).toMatchObject({ usedCount: 1, solvedCount: 1 });
    // A dealer counts only its own people's use: the hotline's is not its to see.
    expect((await dealer.get(`/api/kb/articles/${sunroofTitle.id}`)).body.article).toMatchObject({ usedCount: 0, solvedCount: 0 });
  });

  it('refuses what it must without changing anything: a draft, an agents-only article for a dealer, a repeat, a stale version', async () => {
    const created = await enquiry();
    const ticketId = created.body.ticket.id;
    const version = created.body.ticket.version;
    const ofDraft = await agent.post(`/api/tickets/${ticketId}/kb-articles`, { version, articleId: draft.id });
    expect(ofDraft.status).toBe(404);
    const first = await agent.post(`/api/tickets/${ticketId}/kb-articles`, { version, articleId: brakes.id });
    expect(first.status).toBe(201);
    const repeat = await agent.post(`/api/tickets/${ticketId}/kb-articles`, { version: first.body.ticket.version, articleId: brakes.id });
    expect(repeat.status).toBe(409);
    expect(repeat.body.error.code).toBe('DUPLICATE');
    const stale = await agent.post(`/api/tickets/${ticketId}/kb-articles`, { version, articleId: chassis.id });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const [{ count }] = await server.query<{ count: number }>(`select count(*)::int as count from ticket_events where ticket_id = $1 and type = 'kb_article_linked'`, [ticketId]);
    expect(count).toBe(1);
    expect((await verifyTicketAudit(server.database.db, ticketId))?.ok).toBe(true);
  });

  it('shows a dealer the links of its own era to articles for everyone; after the ticket moved, the old dealer sees nothing', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id, { subject: '底盘异响 KB 链接' });
    const refused = await dealer.post(`/api/tickets/${ticket.id}/kb-articles`, { version: ticket.version, articleId: agentsOnly.id });
    expect(refused.status).toBe(404);
    const byDealer = await dealer.post(`/api/tickets/${ticket.id}/kb-articles`, { version: ticket.version, articleId: chassis.id });
    expect(byDealer.status).toBe(201);
    const byAgent = await agent.post(`/api/tickets/${ticket.id}/kb-articles`, { version: byDealer.body.ticket.version, articleId: agentsOnly.id });
    expect(byAgent.status).toBe(201);
    const dealerLinks = await dealer.get(`/api/tickets/${ticket.id}/kb-articles`);
    expect(dealerLinks.body.items.map((link: { articleId: string }) => link.articleId)).toEqual([chassis.id]);
    const dealerTimeline = JSON.stringify((await dealer.get(`/api/tickets/${ticket.id}/events`)).body);
    expect(dealerTimeline).not.toContain(agentsOnly.id);
    expect(dealerTimeline).not.toContain('KBX-INTERNAL');
    expect((await agent.get(`/api/tickets/${ticket.id}/kb-articles`)).body.items.map((link: { articleId: string }) => link.articleId).sort()).toEqual(
      [chassis.id, agentsOnly.id].sort(),
    );
    expect((await dealer.get(`/api/kb/articles/${chassis.id}`)).body.article.usedCount).toBe(1);
    expect((await otherDealer.get(`/api/kb/articles/${chassis.id}`)).body.article.usedCount).toBe(0);

    // The supervisor moves the ticket to the other dealer.
    const current = await supervisor.get(`/api/tickets/${ticket.id}`);
    const moved = await supervisor.post(`/api/tickets/${ticket.id}/dispatch`, { version: current.body.ticket.version, dealerId: fixture.dealerB.id });
    expect(moved.status).toBe(200);
    const oldDealer = await dealer.get(`/api/tickets/${ticket.id}/kb-articles`);
    expect(oldDealer.status).toBe(404);
    expect(JSON.stringify(oldDealer.body)).not.toContain(chassis.id);
    const newDealer = await otherDealer.get(`/api/tickets/${ticket.id}/kb-articles`);
    expect(newDealer.status).toBe(200);
    expect(newDealer.body.items).toEqual([]);
    expect((await verifyTicketAudit(server.database.db, ticket.id))?.ok).toBe(true);
  });
});
