import { openDatabase, seedDemo } from '@careline/shared/server';
async function main() {
  for (const kind of ['pglite', 'pg'] as const) {
    const t0 = performance.now();
    let db;
    if (kind === 'pglite') db = await openDatabase({});
    else {
      const { Client } = await import('pg');
      const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' }); await admin.connect();
      await admin.query('drop database if exists careline_measure'); await admin.query('create database careline_measure'); await admin.end();
      db = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/careline_measure' });
    }
    const t1 = performance.now();
    await db.migrate();
    const t2 = performance.now();
    await seedDemo(db.db, { customers: 40, tickets: 0 });
    const t3 = performance.now();
    let t4 = t3, t5 = t3;
    if (kind === 'pglite') {
      const client = (db as any);
      // dump via raw PGlite is not reachable from handle; skip
    }
    console.log(kind, 'open', (t1 - t0).toFixed(0), 'migrate', (t2 - t1).toFixed(0), 'seed', (t3 - t2).toFixed(0));
    await db.close();
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const a = performance.now();
  const p = new PGlite(); await p.waitReady;
  const b = performance.now();
  const dump = await p.dumpDataDir('none');
  const c = performance.now();
  const q = new PGlite({ loadDataDir: dump }); await q.waitReady;
  const d = performance.now();
  console.log('pglite bare open', (b - a).toFixed(0), 'dump', (c - b).toFixed(0), 'load', (d - c).toFixed(0), 'size', dump.size);
}
main();
