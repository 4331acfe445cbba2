import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSuggestionService } from '@careline/shared/server';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';
import { importAndWait } from '../helpers/imports';
import { waitFor } from '../helpers/wait-for';

/**
 * Category suggestions (issue 14) through the API: the keyword rules before there is history; labelled history
 * imported through the import API (NHTSA complaints in English, Chinese ones written for the fixtures); a retrain
 * with its held-out accuracy; ranked suggestions with the priority, departments and words of each; a category an
 * admin adds (POST /api/categories), learned from its closed tickets at the next retrain; a deactivated one left out; who may do what.
 */
let server: TestServer;
let fixture: Fixtures;
let admin: ApiClient;
let agent: ApiClient;
let dealer: ApiClient;
let workers: RunningWorkers;

const FIXTURES = join(__dirname, '..', 'fixtures');

async function importHistory(fileName: string): Promise<{ id: string; acceptedRows: number; rejectedRows: number; createdRecords: number; unchangedRecords: number; status: string }> {
  return importAndWait(admin, readFileSync(join(FIXTURES, fileName)), { kind: 'complaint_history', source: 'hotline', fileName });
}

const historyRows = async () => Number((await server.query<{ count: string }>(`select count(*) from assist_history`))[0]!.count);

/** Opens a complaint in `categoryId`, has the dealer acknowledge and resolve it, and closes it: confirmed history. */
async function closedComplaint(categoryId: string, subject: string, description: string): Promise<void> {
  const created = await agent.post('/api/tickets', buildComplaint(fixture, { categoryId, subject, description }));
  if (created.status !== 201) throw new Error(`create: ${JSON.stringify(created.body)}`);
  let ticket = created.body.ticket;
  const step = async (client: ApiClient, path: string, body: Record<string, unknown>) => {
    const answer = await client.post(`/api/tickets/${ticket.id}/${path}`, { version: ticket.version, ...body });
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    ticket = answer.body.ticket;
  };
  await step(agent, 'dispatch', { dealerId: fixture.dealerA.id });
  await step(dealer, 'acknowledge', {});
  await step(dealer, 'resolve', { comment: '已处理' });
  await step(agent, 'close', {});
}

beforeAll(async () => {
  server = await startTestServer({ customers: 5 });
  fixture = await fixtures(server);
  admin = await signedIn(server, 'admin');
  agent = await signedIn(server, 'agent');
  dealer = await signedIn(server, fixture.dealerA.username);
  workers = await startTestWorkers(server, 'smtp://127.0.0.1:9');
}, 120_000);

afterAll(async () => {
  await workers?.close();
  await server?.close();
});

describe('category suggestions', () => {
  it('falls back to the categories keywords before there is any history', async () => {
    expect((await admin.get('/api/admin/assist/models')).body.items).toEqual([]);
    const answer = await agent.post('/api/assist/suggest', { text: '客户说高速上刹车失灵了，踩到底都刹不住', type: 'complaint' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ source: 'keywords', modelId: null });
    const [first] = answer.body.items;
    expect(first.category).toMatchObject({ code: 'C-COMPLAINT-PRODUCT-BRAKES-FAILURE', path: 'C-COMPLAINT/C-COMPLAINT-PRODUCT/C-COMPLAINT-PRODUCT-BRAKES/C-COMPLAINT-PRODUCT-BRAKES-FAILURE' });
    expect(first.priority).toBe('P1');
    expect(first.ccDepartments.map((department: { code: string }) => department.code).sort()).toEqual(['DEPT-PR-LEGAL', 'DEPT-QUALITY', 'DEPT-TECH']);
    expect(first.terms.map((term: { term: string }) => term.term)).toContain('刹车失灵');
    expect(answer.body.items.length).toBeLessThanOrEqual(3);
    // English by stemmed words; a roadside call by its own type's keywords.
    const english = await agent.post('/api/assist/suggest', { text: 'Flat tire on the ring road, need help', type: 'roadside' });
    expect(english.body.items[0].category.code).toBe('C-ROADSIDE-FLAT-TYRE');
    // Too little to go on: no suggestions, not an error.
    for (const text of ['', ' ', '好', '!!']) {
      const empty = await agent.post('/api/assist/suggest', { text, type: 'complaint' });
      expect(empty.status).toBe(200);
      expect(empty.body.items).toEqual([]);
    }
  });

  it('refuses malformed requests and those who may not ask', async () => {
    for (const body of [{}, { text: 5 }, { text: 'x', type: 'gossip' }, { text: 'x', limit: 0 }, { text: 'x', limit: 11 }, { text: 'x', extra: true }, { text: 'x'.repeat(5001) }]) {
      const answer = await agent.post('/api/assist/suggest', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await dealer.post('/api/assist/suggest', { text: '刹车异响', type: 'complaint' })).status).toBe(403);
    expect((await agent.post('/api/admin/assist/retrain', {})).status).toBe(403);
    expect((await agent.get('/api/admin/assist/models')).status).toBe(403);
    expect((await dealer.get('/api/admin/assist/models')).status).toBe(403);
    expect((await admin.post('/api/admin/assist/retrain', { heldOutPercent: 90 })).status).toBe(400);
    expect((await server.query(`select 1 from assist_models`)).length).toBe(0);
    // Labelled history is the hotline admins' to bring, not a dealer's.
    const params = new URLSearchParams({ kind: 'complaint_history', source: 'dealer', fileName: 'h.csv' });
    expect((await dealer.upload(`/api/imports?${params}`, readFileSync(join(FIXTURES, 'complaints-zh.csv')))).status).toBe(403);
  });

  it('imports labelled history, rejecting rows with an unknown category, and adds nothing when the same file comes again', async () => {
    const english = await importHistory('nhtsa-labelled.csv');
    // One complaint is in the NHTSA file twice (two ODI numbers, the same words): kept once.
    expect(english).toMatchObject({ status: 'done', acceptedRows: 760, rejectedRows: 0, createdRecords: 759, unchangedRecords: 1 });
    const chinese = await importHistory('complaints-zh.csv');
    expect(chinese).toMatchObject({ status: 'done', acceptedRows: 200, createdRecords: 200 });
    expect(await historyRows()).toBe(959);

    const again = await importHistory('complaints-zh.csv');
    expect(again).toMatchObject({ status: 'done', acceptedRows: 200, createdRecords: 0, unchangedRecords: 200 });
    expect(await historyRows()).toBe(959);
    expect((await admin.post(`/api/imports/${again.id}/undo`, {})).status).toBe(200);
    expect(await historyRows()).toBe(959);

    const bad = Buffer.from('内容,分类,日期\n刹车异响,不存在的分类,2024-01-02\n,C-COMPLAINT-PRODUCT-BRAKES,2024-01-02\n发动机抖动,异响,2024-01-03\n');
    const params = new URLSearchParams({ kind: 'complaint_history', source: 'hotline', fileName: 'bad.csv' });
    const uploaded = await admin.upload(`/api/imports?${params}`, bad);
    expect(uploaded.body.mapping).toEqual({ text: '内容', category: '分类', date: '日期' });
    await admin.post(`/api/imports/${uploaded.body.import.id}/start`, { mapping: uploaded.body.mapping });
    const run = await waitFor(async () => {
      const status = (await admin.get(`/api/imports/${uploaded.body.import.id}`)).body;
      return status.status === 'done' ? status : undefined;
    }, 'the bad file to finish');
    expect(run).toMatchObject({ acceptedRows: 0, rejectedRows: 3, createdRecords: 0 });
    const rules = await server.query<{ row_number: number; rule: string }>(`select row_number, rule from import_rejections where import_id = $1 order by row_number`, [run.id]);
    expect(rules.map((row) => row.rule)).toEqual(['CATEGORY_NOT_FOUND', 'REQUIRED_MISSING', 'CATEGORY_AMBIGUOUS']);
    expect(await historyRows()).toBe(959);
  });

  it('retrains on the imported history and reports its accuracy on the held-out part', async () => {
    const answer = await admin.post('/api/admin/assist/retrain', { heldOutPercent: 20 });
    expect(answer.status).toBe(201);
    const { model } = answer.body;
    expect(model).toMatchObject({ algorithm: 'multinomial-nb', status: 'active', ticketSamples: 0, importedSamples: 959, trainedByName: expect.any(String) });
    expect(model.heldOutSamples).toBeGreaterThan(150);
    expect(model.heldOutSamples).toBeLessThan(250);
    expect(model.categories).toBe(17);
    // The held-out fifth depends on the rows' random ids: over 40 random splits of both files top-1 was 0.73 (lowest
    // 0.665, sd 0.031) and top-3 0.88 (lowest 0.83, sd 0.021); the floors are four deviations below the mean.
    expect(model.accuracy.top1).toBeGreaterThanOrEqual(0.6);
    expect(model.accuracy.top3).toBeGreaterThanOrEqual(0.8);
    const engine = model.accuracy.perCategory.find((entry: { code: string }) => entry.code === 'C-COMPLAINT-PRODUCT-ENGINE');
    expect(engine.samples).toBeGreaterThan(30);
    const listed = (await admin.get('/api/admin/assist/models')).body.items;
    expect(listed[0]).toEqual(model);
  });

  it('suggests three ranked categories from the model, with the priority and departments each implies and the words that weighed', async () => {
    const answer = await agent.post('/api/assist/suggest', { text: 'When braking at low speed the brake pedal pulsates and the brakes grind', type: 'complaint' });
    expect(answer.status).toBe(200);
    const models = (await admin.get('/api/admin/assist/models')).body.items;
    expect(answer.body).toMatchObject({ source: 'model', modelId: models[0].id });
    const { items } = answer.body;
    expect(items).toHaveLength(3);
    expect(items[0].category.code).toBe('C-COMPLAINT-PRODUCT-BRAKES');
    expect(items[0].priority).toBe('P2');
    expect(items[0].ccDepartments.map((department: { code: string }) => department.code).sort()).toEqual(['DEPT-QUALITY', 'DEPT-TECH']);
    expect(items[0].terms[0].term).toBe('brake');
    const scores = items.map((item: { score: number }) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(items.map((item: { categoryId: string }) => item.categoryId)).size).toBe(3);

    const chinese = await agent.post('/api/assist/suggest', { text: '下雨天天窗漏水，座椅都湿了', type: 'complaint', limit: 5 });
    expect(chinese.body.items).toHaveLength(5);
    expect(chinese.body.items[0].category.code).toBe('C-COMPLAINT-PRODUCT-BODY-WATER');
    // A word the history never had (no fixture says gearbox) still meets the keyword rules.
    const unknown = await agent.post('/api/assist/suggest', { text: 'gearbox', type: 'complaint' });
    expect(unknown.body).toMatchObject({ source: 'keywords', modelId: null });
    expect(unknown.body.items[0].category.code).toBe('C-COMPLAINT-PRODUCT-TRANSMISSION');
    // A type the history has nothing of still has its keyword rules.
    const enquiry = await agent.post('/api/assist/suggest', { text: '想问一下首保是多少公里', type: 'enquiry' });
    expect(enquiry.body).toMatchObject({ source: 'keywords', modelId: null });
    expect(enquiry.body.items[0].category.code).toBe('C-ENQUIRY-MAINTENANCE-INTERVAL');
  });

  it('learns a category an admin adds from its closed tickets at the next retrain, and skips one deactivated since', async () => {
    const [parent] = await server.query<{ id: string }>(`select id from categories where code = 'C-COMPLAINT-PRODUCT-EXTRA'`);
    // Through the category admin's endpoint (departments to copy: the parent's).
    const created = await admin.post('/api/categories', { code: 'C-COMPLAINT-PRODUCT-EXTRA-WIPERS', parentId: parent!.id, nameZh: '雨刮器', nameEn: 'Wipers', defaultPriority: 'P3' });
    expect(created.status).toBe(201);
    const wipersId: string = created.body.category.id;
    const before = await agent.post('/api/assist/suggest', { text: '雨刮器刮不干净，雨刮片抖动', type: 'complaint', limit: 10 });
    expect(before.body.items.map((item: { categoryId: string }) => item.categoryId)).not.toContain(wipersId);

    const texts = [
      ['雨刮器不工作', '下雨时雨刮器完全不动，开关拨了也没反应'],
      ['雨刮片异响', '雨刮片刮玻璃时吱吱响，还留下水痕'],
      ['雨刮器刮不干净', '新换的雨刮片刮不干净，视线模糊'],
      ['Wiper stops mid-sweep', 'The windshield wipers stop in the middle of the windshield during rain'],
      ['雨刮自动模式失灵', '自动雨刮感应不灵敏，雨很大也不刮'],
      ['Wipers streak', 'Wiper blades leave streaks across the windshield and chatter'],
      ['雨刮器电机坏了', '雨刮器电机有烧焦味，雨刮停在挡风玻璃中间'],
      ['雨刮喷水不出', '雨刮喷水嘴不喷水，玻璃水是满的'],
    ];
    for (const [subject, description] of texts) await closedComplaint(wipersId, subject!, description!);
    // A cancelled ticket is not confirmed history.
    const cancelled = await agent.post('/api/tickets', buildComplaint(fixture, { subject: '重复来电', description: '雨刮器问题重复登记' }));
    await agent.post(`/api/tickets/${cancelled.body.ticket.id}/cancel`, { version: cancelled.body.ticket.version });

    const retrained = await admin.post('/api/admin/assist/retrain', {});
    expect(retrained.status).toBe(201);
    expect(retrained.body.model).toMatchObject({ ticketSamples: 8, importedSamples: 959, categories: 18 });
    const models = (await admin.get('/api/admin/assist/models')).body.items;
    expect(models.map((model: { status: string }) => model.status)).toEqual(['active', 'superseded']);

    const after = await agent.post('/api/assist/suggest', { text: '雨刮器刮不干净，雨刮片抖动', type: 'complaint' });
    expect(after.body.modelId).toBe(retrained.body.model.id);
    expect(after.body.items[0]).toMatchObject({ categoryId: wipersId, priority: 'P3', category: { nameZh: '雨刮器', nameEn: 'Wipers' } });
    expect(after.body.items[0].terms.map((term: { term: string }) => term.term)).toContain('雨刮');

    // Deactivated after training: the model still knows it, the suggestions leave it out at once in the process that
    // made the edit (within its cache's life: the edit forgets the categories), and in a fresh process's view.
    expect((await admin.post(`/api/categories/${wipersId}/deactivate`, {})).status).toBe(200);
    const atOnce = await agent.post('/api/assist/suggest', { text: '雨刮器刮不干净，雨刮片抖动', type: 'complaint', limit: 10 });
    expect(atOnce.body.source).toBe('model');
    expect(atOnce.body.items.map((item: { categoryId: string }) => item.categoryId)).not.toContain(wipersId);
    const fresh = createSuggestionService(server.context.db, { ttlMs: 0 });
    const skipped = await fresh.suggest({ text: '雨刮器刮不干净，雨刮片抖动', type: 'complaint', limit: 10 });
    expect(skipped.source).toBe('model');
    expect(skipped.items.map((item) => item.categoryId)).not.toContain(wipersId);
    expect(skipped.items.length).toBeGreaterThan(0);
  });

  it('forgets undone history at the next retrain', async () => {
    const [english] = await server.query<{ id: string }>(`select id from imports where kind = 'complaint_history' and file_name = 'nhtsa-labelled.csv'`);
    expect((await admin.post(`/api/imports/${english!.id}/undo`, {})).status).toBe(200);
    expect(await historyRows()).toBe(200);
    const retrained = await admin.post('/api/admin/assist/retrain', {});
    expect(retrained.body.model).toMatchObject({ ticketSamples: 8, importedSamples: 200 });
  });

  it('is retrained by the workers on their schedule (the nightly job, run now)', async () => {
    const schedulers = await workers.queues.housekeeping.getJobSchedulers();
    expect(schedulers.find((scheduler) => scheduler.key === 'assist-retrain')).toMatchObject({ pattern: '30 3 * * *', tz: 'Asia/Shanghai' });
    const newest = (await admin.get('/api/admin/assist/models')).body.items[0].id;
    await workers.queues.housekeeping.add('assist-retrain', { task: 'assist-retrain' });
    const model = await waitFor(async () => {
      const [first] = (await admin.get('/api/admin/assist/models')).body.items;
      return first.id !== newest ? first : undefined;
    }, 'the scheduled retrain');
    expect(model).toMatchObject({ status: 'active', trainedByName: null, ticketSamples: 8, importedSamples: 200 });
  });
});
