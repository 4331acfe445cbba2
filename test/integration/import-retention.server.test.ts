import { randomUUID } from 'node:crypto';
import { access, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pruneImportFiles } from '@careline/shared/server';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Uploaded import files carry customers' names, mobiles and ID numbers: none outlives the retention. An upload nobody
 * started fails as expired and its file goes; a failed import's file goes once it is that old (its record stays); a
 * file no import names goes once it is that old; files of imports still waiting within the retention, and files that
 * are not careline's, stay.
 */
let server: TestServer;
let supervisor: ApiClient;
const RETENTION_MS = 72 * 3_600_000;
const OLD = new Date(Date.now() - 96 * 3_600_000);

const file = Buffer.from('\uFEFF客户姓名,手机号码\r\n王芳,13800138001\r\n');
const exists = (path: string) => access(path).then(() => true, () => false);

async function upload(name: string): Promise<{ id: string; path: string }> {
  const answer = await supervisor.upload(`/api/imports?${new URLSearchParams({ kind: 'customer', source: 'invoice', fileName: name })}`, file);
  if (answer.status !== 201) throw new Error(`upload: ${answer.status} ${JSON.stringify(answer.body)}`);
  const [row] = await server.query<{ file_path: string }>(`select file_path from imports where id = $1`, [answer.body.import.id]);
  return { id: answer.body.import.id, path: row!.file_path };
}

beforeAll(async () => {
  server = await startTestServer({ customers: 5 });
  supervisor = await signedIn(server, 'supervisor');
});

afterAll(async () => {
  await server?.close();
});

it('removes what is older than the retention and keeps the rest', async () => {
  const importDir = server.context.config.importDir;
  const fresh = await upload('fresh.csv');
  const forgotten = await upload('forgotten.csv');
  await server.query(`update imports set created_at = $2 where id = $1`, [forgotten.id, OLD]);
  const failed = await upload('failed.csv');
  await server.query(`update imports set status = 'failed', error = 'the reader broke', created_at = $2, finished_at = $2 where id = $1`, [failed.id, OLD]);
  const recentlyFailed = await upload('recently-failed.csv');
  await server.query(`update imports set status = 'failed', error = 'the reader broke', created_at = $2, finished_at = now() where id = $1`, [recentlyFailed.id, OLD]);
  await mkdir(importDir, { recursive: true });
  const orphan = join(importDir, `${randomUUID()}.upload`);
  const youngOrphan = join(importDir, `${randomUUID()}.upload`);
  const notOurs = join(importDir, 'notes.txt');
  for (const path of [orphan, youngOrphan, notOurs]) await writeFile(path, 'x');
  await utimes(orphan, OLD, OLD);
  await utimes(notOurs, OLD, OLD);

  const pruned = await pruneImportFiles(server.database.db, { importDir, retentionMs: RETENTION_MS });

  expect(pruned).toEqual({ expired: 1, files: 3 });
  const rows = await server.query<{ id: string; status: string; error: string | null; finished_at: Date | null }>(
    `select id, status, error, finished_at from imports where id = any($1::uuid[])`,
    [[fresh.id, forgotten.id, failed.id, recentlyFailed.id]],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  expect(byId.get(fresh.id)).toMatchObject({ status: 'uploaded', error: null });
  expect(byId.get(forgotten.id)).toMatchObject({ status: 'failed', error: 'upload expired: not started within 72 h' });
  expect(byId.get(forgotten.id)!.finished_at).not.toBeNull();
  expect(byId.get(failed.id)).toMatchObject({ status: 'failed', error: 'the reader broke' });
  expect(await exists(fresh.path)).toBe(true);
  expect(await exists(forgotten.path)).toBe(false);
  expect(await exists(failed.path)).toBe(false);
  expect(await exists(recentlyFailed.path)).toBe(true);
  expect(await exists(orphan)).toBe(false);
  expect(await exists(youngOrphan)).toBe(true);
  expect(await exists(notOurs)).toBe(true);

  // An expired upload can no longer be started; the fresh one still can.
  expect((await supervisor.post(`/api/imports/${forgotten.id}/start`, { mapping: { name: '客户姓名', mobile: '手机号码' } })).status).toBe(409);
  expect((await supervisor.post(`/api/imports/${fresh.id}/start`, { mapping: { name: '客户姓名', mobile: '手机号码' } })).status).toBe(202);

  // A second pass finds nothing more to do.
  expect(await pruneImportFiles(server.database.db, { importDir, retentionMs: RETENTION_MS })).toEqual({ expired: 0, files: 0 });
});
