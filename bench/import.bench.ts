/**
 * Import throughput and memory (issue 13's budget: ≥ 5,000 rows/s end to end, peak memory flat in the file size).
 * Generates a customer CSV of ROWS rows (about 2 % duplicates of earlier rows, 1 % bad mobiles, 1 % placeholder names,
 * a third with a resident ID number), then on a fresh PostgreSQL database runs what an import does — the upload (file
 * streamed to the import folder and hashed, its header and first rows read), the start, and the worker's run (count,
 * cleanse, merge, write, undo log) — in this process, timing each and sampling the heap and RSS every 50 ms. Then the
 * same file once more (the re-import: nothing changes), and a file of ROWS / 5 rows for the memory comparison (its
 * rows are the first fifth of people again, so it merges into their records).
 *
 *   npx tsx bench/import.bench.ts      (DATABASE_URL or the local server; ROWS, default 100000)
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { residentIdCheckCharacter, SYSTEM_ACTOR } from '@careline/shared';
import { configureAuditKeys, type Database, loadAuditKeys, loadConfig, runImport, startImport, uploadImport } from '@careline/shared/server';
import { BENCH_SERVER_URL, benchDatabase } from './bench-database';

configureAuditKeys(loadAuditKeys(loadConfig()));

const ROWS = Number(process.env.ROWS ?? 100_000);
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['芳', '娜', '伟', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '建华', '志强'];
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '苏州'];

/** A deterministic messy customer file of `rows` rows. */
function writeCustomerCsv(path: string, rows: number): void {
  const lines = ['\uFEFF客户姓名,手机号码,身份证号,电子邮箱,城市'];
  for (let index = 0; index < rows; index += 1) {
    const person = index % 50 === 49 ? index - 17 : index; // 2 %: an earlier person again
    const name = index % 100 === 7 ? '王先生' : `${SURNAMES[person % 20]}${GIVEN[Math.floor(person / 20) % 20]}${person % 3 === 0 ? GIVEN[(person >> 3) % 20] : ''}`;
    const mobile = index % 100 === 13 ? `1380${String(person).padStart(6, '0')}` : `13${String(person).padStart(9, '0')}`;
    const birth = `19${String(60 + (person % 40)).padStart(2, '0')}${String(1 + (person % 12)).padStart(2, '0')}${String(1 + (person % 28)).padStart(2, '0')}`;
    const first17 = `${110000 + (person % 90_000)}${birth}${String(person % 1000).padStart(3, '0')}`;
    const id = person % 3 === 1 ? `${first17}${residentIdCheckCharacter(first17)}` : '';
    lines.push(`${name},${mobile},${id},${person % 4 === 0 ? `c${person}@example.com` : ''},${CITIES[person % 10]}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Samples heap and RSS every 50 ms while `work` runs; returns its result, the time and the peaks. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakHeapMb: number; peakRssMb: number }> {
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  };
  const timer = setInterval(sample, 50);
  const started = performance.now();
  try {
    const result = await work();
    sample();
    return { result, ms: performance.now() - started, peakHeapMb: peakHeap / 2 ** 20, peakRssMb: peakRss / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function importOnce(db: Database, importDir: string, file: string, label: string) {
  global.gc?.();
  const baseline = process.memoryUsage();
  const upload = await measured(() =>
    uploadImport(db, { actor: SYSTEM_ACTOR, importDir, maxBytes: Number.MAX_SAFE_INTEGER, body: createReadStream(file), query: { kind: 'customer', source: 'invoice', fileName: `${label}.csv` } }),
  );
  await startImport(db, { actor: SYSTEM_ACTOR, importId: upload.result.import.id, mapping: upload.result.mapping });
  const run = await measured(() => runImport(db, { importId: upload.result.import.id }));
  const rows = run.result.processedRows;
  const total = upload.ms + run.ms;
  console.log(
    `${label}: ${rows.toLocaleString('en')} rows (${(statSync(file).size / 2 ** 20).toFixed(1)} MB) — upload ${upload.ms.toFixed(0)} ms, run ${run.ms.toFixed(0)} ms; ` +
      `**${Math.round(rows / (total / 1000)).toLocaleString('en')} rows/s end to end**; ${run.result.acceptedRows} accepted, ${run.result.rejectedRows} rejected, ` +
      `${run.result.createdRecords} created, ${run.result.updatedRecords} updated, ${run.result.unchangedRecords} unchanged; ` +
      `peak heap ${Math.max(upload.peakHeapMb, run.peakHeapMb).toFixed(0)} MB (${(baseline.heapUsed / 2 ** 20).toFixed(0)} MB before), peak RSS ${Math.max(upload.peakRssMb, run.peakRssMb).toFixed(0)} MB (${(baseline.rss / 2 ** 20).toFixed(0)} MB before)`,
  );
}

async function main() {
  const { database, drop } = await benchDatabase('import', 4);
  const dir = mkdtempSync(join(tmpdir(), 'careline-bench-import-'));
  try {
    const big = join(dir, 'customers.csv');
    const small = join(dir, 'customers-small.csv');
    writeCustomerCsv(big, ROWS);
    writeCustomerCsv(small, Math.round(ROWS / 5));
    console.log(`machine: load ${(await import('node:os')).loadavg().map((load) => load.toFixed(1)).join(' ')}; PostgreSQL ${BENCH_SERVER_URL.replace(/\/[^/]*$/, '/…')}`);
    await importOnce(database.db, join(dir, 'uploads'), big, 'first import');
    await importOnce(database.db, join(dir, 'uploads'), big, 're-import of the same file');
    // A fifth of the file (its own content, so not a re-import): for memory against the file's size.
    await importOnce(database.db, join(dir, 'uploads'), small, `a fifth of the rows (${randomUUID().slice(0, 4)}, merging into the records above)`);
  } finally {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
