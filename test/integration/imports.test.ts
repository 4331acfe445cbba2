import { completeVin, residentIdCheckCharacter } from '@careline/shared';
import ExcelJS from 'exceljs';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { readCsv } from '../helpers/csv';
import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { verifyTicketAudit } from '@careline/shared/server';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';
import { importAndWait, uploadImport } from '../helpers/imports';

/**
 * Importing customer and vehicle files (issue 13) through the API and the workers: a messy file from two sources with
 * duplicates, bad mobiles, placeholder names and bad VINs; the merged records with their provenance; the sources'
 * priority; the rejected rows and a dealer's view of them; a second run of the same file; undo.
 */
let server: TestServer;
let fixture: Fixtures;
let supervisor: ApiClient;
let admin: ApiClient;
let dealerA: ApiClient;
let dealerB: ApiClient;
let workers: RunningWorkers;
let dealerACode: string;

/** A valid 18-character resident ID for a birth date and a serial. */
const residentId = (birth: string, serial: string) => `110101${birth}${serial}${residentIdCheckCharacter(`110101${birth}${serial}`)}`;
const WANG_ID = residentId('19850312', '123');
const LI_ID = residentId('19900101', '456');

const csv = (rows: string[][]) => Buffer.from(`\uFEFF${rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n')}\r\n`);

const upload = uploadImport;
const importFile = importAndWait;

const customerByPhone = async (phone: string) =>
  (await server.query<{ id: string; name: string; email: string | null; field_sources: Record<string, { source: string; at: string; importId: string | null }>; id_number_masked: string | null; id_number_hash: string | null }>(
    `select id, name, email, field_sources, id_number_masked, id_number_hash from customers where phone = $1 and merged_into is null order by id`,
    [phone],
  ));

const CUSTOMER_HEADER = ['客户姓名', '手机号码', '身份证号', '电子邮箱', '城市'];

beforeAll(async () => {
  server = await startTestServer({ customers: 5 });
  fixture = await fixtures(server);
  supervisor = await signedIn(server, 'supervisor');
  admin = await signedIn(server, 'admin');
  dealerA = await signedIn(server, fixture.dealerA.username);
  dealerB = await signedIn(server, fixture.dealerB.username);
  [{ code: dealerACode }] = await server.query<{ code: string }>(`select code from dealers where id = $1`, [fixture.dealerA.id]);
  workers = await startTestWorkers(server, 'smtp://127.0.0.1:9');
});

afterAll(async () => {
  await workers?.close();
  await server?.close();
});

describe('importing customers', () => {
  const invoiceFile = csv([
    CUSTOMER_HEADER,
    ['王芳', '+86 138-0013-8001', WANG_ID, 'wang@example.com', '上海'],
    ['王先生', '13800138002', '', '', '北京'],
    ['李娜', '1380013800', '', '', '杭州'],
    ['李娜', '139 0013 8003', LI_ID, '', '杭州'],
    // The same person again, later in the file: one customer.
    ['王芳', '13800138001', WANG_ID, '', ''],
    ['北京某某汽车服务有限公司', '13800138004', '', 'fleet@example.com', '北京'],
  ]);

  it('previews the file: its columns, first rows and the mapping its headers suggest', async () => {
    const uploaded = await upload(supervisor, invoiceFile, { kind: 'customer', source: 'invoice', fileName: '开票客户.csv' });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.import).toMatchObject({ status: 'uploaded', kind: 'customer', source: 'invoice', format: 'csv', progress: 0 });
    expect(uploaded.body.columns.map((column: { name: string }) => column.name)).toEqual(CUSTOMER_HEADER);
    expect(uploaded.body.sample[0]).toEqual(['王芳', '+86 138-0013-8001', WANG_ID, 'wang@example.com', '上海']);
    expect(uploaded.body.mappingFrom).toBe('suggested');
    expect(uploaded.body.mapping).toEqual({ name: '客户姓名', mobile: '手机号码', idNumber: '身份证号', email: '电子邮箱', city: '城市' });
    // A mapping without a required field, or naming a column the file lacks, is refused and starts nothing.
    const incomplete = await supervisor.post(`/api/imports/${uploaded.body.import.id}/start`, { mapping: { name: '客户姓名' } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error).toMatchObject({ code: 'IMPORT_MAPPING_INCOMPLETE', details: { fields: ['mobile'] } });
    const stranger = await supervisor.post(`/api/imports/${uploaded.body.import.id}/start`, { mapping: { name: '客户姓名', mobile: '传真' } });
    expect(stranger.status).toBe(400);
    expect((await supervisor.get(`/api/imports/${uploaded.body.import.id}`)).body.status).toBe('uploaded');
  });

  it('refuses what is not a table, a source it does not know, and a dealer importing as another source', async () => {
    const junk = await upload(supervisor, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), { kind: 'customer', source: 'invoice', fileName: 'x.xlsx' });
    expect(junk.status).toBe(400);
    expect(junk.body.error.code).toBe('IMPORT_FILE_UNREADABLE');
    expect((await upload(supervisor, invoiceFile, { kind: 'customer', source: 'fax', fileName: 'a.csv' })).status).toBe(422);
    expect((await upload(dealerA, invoiceFile, { kind: 'customer', source: 'finance', fileName: 'a.csv' })).status).toBe(403);
    expect((await upload(supervisor, invoiceFile, { kind: 'planets', source: 'invoice', fileName: 'a.csv' })).status).toBe(400);
    // Agents take calls; they do not import.
    const agent = await signedIn(server, 'agent');
    expect((await upload(agent, invoiceFile, { kind: 'customer', source: 'invoice', fileName: 'a.csv' })).status).toBe(403);
  });

  it('merges the rows into one customer per person, rejects the bad rows with every rule, and records where each field came from', async () => {
    const run = await importFile(supervisor, invoiceFile, { kind: 'customer', source: 'invoice', fileName: '开票客户.csv', asOf: '2026-11-30T02:00:00Z' });
    expect(run).toMatchObject({ status: 'done', progress: 100, totalRows: 6, processedRows: 6, acceptedRows: 4, rejectedRows: 2, createdRecords: 3 });

    const [wang] = await customerByPhone('13800138001');
    expect(wang).toMatchObject({ name: '王芳', email: 'wang@example.com', id_number_masked: `110101********${WANG_ID.slice(-4)}` });
    // The ID number is never stored in clear.
    expect(wang.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await server.query(`select * from customers where id = $1`, [wang.id]))).not.toContain(WANG_ID);
    expect(wang.field_sources.name).toEqual({ source: 'invoice', at: '2026-11-30T02:00:00.000Z', importId: run.id });
    const [company] = await server.query<{ kind: string }>(`select kind from customers where phone = '13800138004'`);
    expect(company.kind).toBe('company');

    const rejected = await fetch(`${server.url}/api/imports/${run.id}/rejections.csv`, { headers: { cookie: supervisor.cookie! } });
    expect(rejected.status).toBe(200);
    expect(rejected.headers.get('content-type')).toContain('text/csv');
    // UTF-8 with a byte-order mark: Excel opens the Chinese messages right.
    const bytes = Buffer.from(await rejected.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['row', 'field', 'rule', 'message_zh', 'message_en', 'value']);
    expect(rows.slice(1).map((row) => [row[0], row[1], row[2], row[5]])).toEqual([
      ['3', 'name', 'NAME_PLACEHOLDER', '王先生'],
      ['4', 'mobile', 'MOBILE_INVALID', '1380013800'],
    ]);
    expect(rows[1][3]).toContain('王先生');
  });

  it('lets a higher-priority source win a field, never a lower one, whatever comes later', async () => {
    const finance = await importFile(admin, csv([CUSTOMER_HEADER, ['王芳芳', '13800138001', WANG_ID, '', '苏州']]), { kind: 'customer', source: 'finance', fileName: 'finance.csv', asOf: '2026-11-01T00:00:00Z' });
    expect(finance).toMatchObject({ status: 'done', updatedRecords: 1, createdRecords: 0 });
    let [wang] = await customerByPhone('13800138001');
    // Finance ranks above invoice: its (earlier) name wins.
    expect(wang.name).toBe('王芳芳');
    expect(wang.field_sources.name.source).toBe('finance');
    // A later invoice file does not take it back; a dealer's file neither.
    await importFile(supervisor, csv([CUSTOMER_HEADER, ['王芳', '13800138001', WANG_ID, '', '']]), { kind: 'customer', source: 'invoice', fileName: 'later.csv', asOf: '2026-12-05T00:00:00Z' });
    await importFile(dealerA, csv([CUSTOMER_HEADER, ['王 芳', '13800138001', WANG_ID, 'w@dealer.example', '']]), { kind: 'customer', source: 'dealer', fileName: 'dms.csv' });
    [wang] = await customerByPhone('13800138001');
    expect(wang.name).toBe('王芳芳');
    // …while a field nobody ranked above the dealer gave stays the invoice's, and a new one is the dealer's.
    expect(wang.email).toBe('wang@example.com');

    // An admin ranks the dealer's entries first: later imports merge by that.
    const ranked = await admin.request('PUT', '/api/import-sources', { sources: [{ code: 'dealer', priority: 99 }] });
    expect(ranked.status).toBe(200);
    expect(ranked.body.items[0]).toMatchObject({ code: 'dealer', priority: 99 });
    await importFile(dealerA, csv([CUSTOMER_HEADER, ['王 芳', '13800138001', WANG_ID, 'w@dealer.example', '']]), { kind: 'customer', source: 'dealer', fileName: 'dms2.csv', asOf: '2026-12-06T00:00:00Z' });
    [wang] = await customerByPhone('13800138001');
    expect(wang).toMatchObject({ name: '王 芳', email: 'w@dealer.example' });
    await admin.request('PUT', '/api/import-sources', { sources: [{ code: 'dealer', priority: 20 }] });
    const history = await server.query(`select 1 from config_changes where entity = 'import_sources'`);
    expect(history.length).toBe(2);
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = csv([CUSTOMER_HEADER, ['赵磊', '13700137001', '', '', '成都'], ['钱多多', '13700137002', '', '', '']]);
    const first = await importFile(supervisor, file, { kind: 'customer', source: 'invoice', fileName: 'again.csv' });
    expect(first).toMatchObject({ createdRecords: 2 });
    const before = await server.query(`select id, name, city, field_sources, updated_at from customers where phone in ('13700137001', '13700137002') order by phone`);
    const second = await importFile(supervisor, file, { kind: 'customer', source: 'invoice', fileName: 'again (1).csv' });
    expect(second).toMatchObject({ status: 'done', createdRecords: 0, updatedRecords: 0, unchangedRecords: 2, asOf: first.asOf });
    expect(await server.query(`select id, name, city, field_sources, updated_at from customers where phone in ('13700137001', '13700137002') order by phone`)).toEqual(before);
    expect((await server.query(`select 1 from import_changes where import_id = $1`, [second.id])).length).toBe(0);
  });

  it('undoes one import: the fields it overwrote come back, the customers it made go', async () => {
    const before = (await customerByPhone('13900138003'))[0];
    expect(before.name).toBe('李娜');
    const run = await importFile(admin, csv([CUSTOMER_HEADER, ['李丽娜', '13900138003', LI_ID, '', ''], ['孙悟', '13600136001', '', '', '']]), { kind: 'customer', source: 'finance', fileName: 'fix.csv' });
    expect((await customerByPhone('13900138003'))[0].name).toBe('李丽娜');
    expect(await customerByPhone('13600136001')).toHaveLength(1);
    // Dealers do not undo.
    expect((await dealerA.post(`/api/imports/${run.id}/undo`)).status).toBe(403);
    const undone = await supervisor.post(`/api/imports/${run.id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.status).toBe('undone');
    const after = (await customerByPhone('13900138003'))[0];
    expect(after.name).toBe('李娜');
    expect(after.field_sources.name).toEqual(before.field_sources.name);
    expect(await customerByPhone('13600136001')).toHaveLength(0);
    expect((await supervisor.post(`/api/imports/${run.id}/undo`)).body.error.code).toBe('IMPORT_STATE_CONFLICT');
  });
});

describe('importing vehicles and relations', () => {
  const vinA = completeVin('LSVAU218', 'N2183294');
  const vinB = completeVin('LFV3A23C', 'K3000001');
  const badVin = `${vinA.slice(0, 8)}${vinA[8] === '0' ? '1' : '0'}${vinA.slice(9)}`;

  it('reads an XLSX with merged header cells, links each car to its owner, flags PDI and accident cars, rejects the rest', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('车辆');
    sheet.addRow(['车主信息', null, '车辆信息', null, null, null]);
    sheet.addRow(['车主手机', '车主身份证号', '车架号', '车型', '购车日期', '车辆用途']);
    sheet.mergeCells('A1:B1');
    sheet.mergeCells('C1:F1');
    sheet.addRow(['13800138001', '', vinA, 'A6L', '2026-10-01', '私家车']);
    sheet.addRow(['', LI_ID, vinB, 'Q5', '2026-09-15', 'PDI']);
    sheet.addRow(['13800138001', '', badVin, 'A4', '2026-09-15', '']);
    sheet.addRow(['13500000000', '', completeVin('LSVAU218', 'N2180001'), 'A3', '2030-01-01', '事故车']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());

    const run = await importFile(supervisor, bytes, { kind: 'vehicle', source: 'invoice', fileName: '车辆.xlsx' });
    expect(run).toMatchObject({ status: 'done', format: 'xlsx', totalRows: 4, acceptedRows: 2, rejectedRows: 2, createdRecords: 2 });
    const cars = await server.query<{ vin: string; model: string; purchase_date: string; flags: string[]; owner: string }>(
      `select v.vin, v.model, v.purchase_date::text as purchase_date, v.flags, c.name as owner from vehicles v join customers c on c.id = v.customer_id where v.vin = any($1) order by v.model`,
      [[vinA, vinB]],
    );
    expect(cars).toEqual([
      { vin: vinA, model: 'A6L', purchase_date: '2026-10-01', flags: [], owner: '王 芳' },
      { vin: vinB, model: 'Q5', purchase_date: '2026-09-15', flags: ['PDI'], owner: '李娜' },
    ]);
    const rules = await server.query<{ row_number: number; rule: string }>(`select row_number, rule from import_rejections where import_id = $1 order by row_number, rule`, [run.id]);
    expect(rules).toEqual([
      { row_number: 5, rule: 'VIN_INVALID' },
      { row_number: 6, rule: 'PURCHASE_IN_FUTURE' },
    ]);
  });

  it('sets selling and servicing dealers from a relations file; a dealer reads only the rejected rows that are its own', async () => {
    const [{ code: otherCode }] = await server.query<{ code: string }>(`select code from dealers where id = $1`, [fixture.dealerB.id]);
    const run = await importFile(supervisor, csv([['车架号', '经销商代码', '关系'], [vinA, dealerACode, '销售'], [vinA, otherCode, '售后'], [completeVin('LSVAU218', 'N2189999'), dealerACode, '销售'], [vinB, 'NOPE-1', '售后']]), {
      kind: 'relation',
      source: 'dealer',
      fileName: 'relations.csv',
    });
    expect(run).toMatchObject({ status: 'done', acceptedRows: 2, rejectedRows: 2, updatedRecords: 1 });
    const [car] = await server.query<{ selling_dealer_id: string; servicing_dealer_id: string }>(`select selling_dealer_id, servicing_dealer_id from vehicles where vin = $1`, [vinA]);
    expect(car).toEqual({ selling_dealer_id: fixture.dealerA.id, servicing_dealer_id: fixture.dealerB.id });

    // The row naming dealer A's code is dealer A's to fix; the one naming no known dealer is the hotline's.
    const own = readCsv(String((await dealerA.get('/api/import-rejections.csv')).body));
    expect(own.slice(1).map((row) => [row[0], row[3]])).toContainEqual([run.id, 'VEHICLE_NOT_FOUND']);
    expect(own.slice(1).some((row) => row[3] === 'DEALER_NOT_FOUND')).toBe(false);
    const theirs = readCsv(String((await dealerB.get('/api/import-rejections.csv')).body));
    expect(theirs.slice(1).some((row) => row[0] === run.id)).toBe(false);
    // The hotline's import is not a dealer's to read.
    expect((await dealerA.get(`/api/imports/${run.id}`)).status).toBe(404);
    expect((await dealerA.get(`/api/imports/${run.id}/rejections.csv`)).status).toBe(404);
    expect((await supervisor.get('/api/import-rejections.csv')).status).toBe(403);
  });

  it('shows a dealer its own imports only, and their rejected rows', async () => {
    const run = await importFile(dealerB, csv([CUSTOMER_HEADER, ['周', '13300133001', '', '', '']]), { kind: 'customer', source: 'dealer', fileName: 'b.csv' });
    expect(run).toMatchObject({ rejectedRows: 1, dealerId: fixture.dealerB.id });
    expect((await dealerB.get('/api/imports')).body.items.map((item: { id: string }) => item.id)).toEqual([run.id]);
    expect((await dealerA.get(`/api/imports/${run.id}`)).status).toBe(404);
    expect((await dealerA.get('/api/imports')).body.items.every((item: { dealerId: string }) => item.dealerId === fixture.dealerA.id)).toBe(true);
    const rows = readCsv(String((await dealerB.get(`/api/imports/${run.id}/rejections.csv`)).body));
    expect(rows.slice(1).map((row) => [row[1], row[2]])).toEqual([['name', 'NAME_TOO_SHORT']]);
    expect((await supervisor.get('/api/imports')).body.items.some((item: { id: string }) => item.id === run.id)).toBe(true);
  });
});

describe('duplicates merged by hand', () => {
  it('lists records that look like one person; a supervisor merges one into the other and its tickets and vehicles follow', async () => {
    // The hotline's record of the caller carries an ID number mistyped by one digit; the finance file has the right one:
    // two records on one mobile.
    await importFile(supervisor, csv([CUSTOMER_HEADER, ['郑一鸣', '13100131001', residentId('19780808', '788'), 'z@hotline.example', '南京']]), { kind: 'customer', source: 'hotline', fileName: 'hotline.csv', asOf: '2026-10-01T00:00:00Z' });
    const [older] = await customerByPhone('13100131001');
    const ticket = (await supervisor.post('/api/tickets', buildComplaint(fixture, { customerId: older.id, vehicleId: undefined, contactPhone: '13100131001' }))).body.ticket;
    await importFile(admin, csv([['车主手机', '车架号', '车型'], ['13100131001', completeVin('LSVAU218', 'N2187777'), 'A8L']]), { kind: 'vehicle', source: 'invoice', fileName: 'car.csv' });
    await importFile(admin, csv([CUSTOMER_HEADER, ['郑一鸣', '13100131001', residentId('19780808', '789'), '', '南京']]), { kind: 'customer', source: 'finance', fileName: 'fin.csv', asOf: '2026-11-01T00:00:00Z' });
    const records = await customerByPhone('13100131001');
    expect(records).toHaveLength(2);
    const survivor = records.find((record) => record.id !== older.id)!;
    // Both are flagged for a supervisor to look at.
    const flags = async () => Object.fromEntries((await server.query<{ id: string; quality_flags: string[] }>(`select id, quality_flags from customers where id = any($1)`, [[older.id, survivor.id]])).map((row) => [row.id, row.quality_flags]));
    expect(await flags()).toEqual({ [older.id]: ['possible_duplicate'], [survivor.id]: ['possible_duplicate'] });

    const duplicates = await supervisor.get('/api/customers/duplicates');
    expect(duplicates.status).toBe(200);
    const group = duplicates.body.items.find((item: { customers: Array<{ id: string }> }) => item.customers.some((customer) => customer.id === older.id));
    expect(group).toMatchObject({ reason: 'same_mobile', customers: expect.arrayContaining([expect.objectContaining({ id: survivor.id, idNumberMasked: expect.stringContaining('****') }), expect.objectContaining({ id: older.id, tickets: 1, vehicles: 1 })]) });
    expect((await dealerA.get('/api/customers/duplicates')).status).toBe(403);
    expect((await dealerA.post(`/api/customers/${older.id}/merge`, { intoId: survivor.id })).status).toBe(403);

    const merged = await supervisor.post(`/api/customers/${older.id}/merge`, { intoId: survivor.id });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ fromCustomerId: older.id, intoCustomerId: survivor.id, tickets: 1, vehicles: 1 });
    expect(await flags()).toEqual({ [older.id]: ['merged'], [survivor.id]: [] });
    // The survivor keeps its finance values and gains what only the other record had (its e-mail).
    const [kept] = await server.query<{ email: string; id_number_hash: string | null; field_sources: Record<string, { source: string }> }>(`select email, id_number_hash, field_sources from customers where id = $1`, [survivor.id]);
    expect(kept).toMatchObject({ email: 'z@hotline.example', id_number_hash: expect.any(String) });
    expect(kept.field_sources.name.source).toBe('finance');
    expect((await server.query(`select 1 from vehicles where customer_id = $1`, [survivor.id])).length).toBe(1);
    const [moved] = await server.query<{ customer_id: string }>(`select customer_id from tickets where id = $1`, [ticket.id]);
    expect(moved.customer_id).toBe(survivor.id);
    const events = await server.query<{ type: string; payload: Record<string, string> }>(`select type, payload from ticket_events where ticket_id = $1 and type = 'customer_merged'`, [ticket.id]);
    expect(events).toEqual([{ type: 'customer_merged', payload: { fromCustomerId: older.id, intoCustomerId: survivor.id } }]);
    expect((await verifyTicketAudit(server.database.db, ticket.id))?.problems).toEqual([]);
    // A lookup of the merged record's number lands on the survivor; the merged record cannot be merged again.
    const found = await supervisor.get('/api/customers/lookup?phone=13100131001');
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([survivor.id]);
    const again = await supervisor.post(`/api/customers/${older.id}/merge`, { intoId: survivor.id });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CUSTOMER_ALREADY_MERGED');
    expect((await supervisor.post(`/api/customers/${survivor.id}/merge`, { intoId: survivor.id })).status).toBe(400);
  });
});
