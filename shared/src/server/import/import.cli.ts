/**
 * `npm run import -- <file.csv|file.xlsx> --source <code> [--kind customer|vehicle|relation|complaint_history] [--as-of <ISO instant>]
 * [--map <field>=<column> …] [--rejected <out.csv>]`: imports a file into DATABASE_URL (or the embedded database in
 * DATA_DIR — stop `npm start` first) the way the console does — the same upload, mapping, cleansing, merge and undo
 * log — with this process as the worker and a progress bar on stderr. The mapping is the one saved for the source and
 * kind (or the one the headers suggest), each `--map` replacing a field's column. Exit code 0 when done, 1 when the
 * import failed, 2 on a usage error (an unknown option, a missing required column: the columns are listed).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { SYSTEM_ACTOR } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import { IMPORT_KINDS, type ImportKind } from '../../import/import-columns';
import { configureAuditKeys, loadAuditKeys } from '../audit/audit-keys';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { startImport, uploadImport, writeRejectionsCsv } from './imports';
import { type ImportRecord, runImport } from './run-import';

const USAGE = 'usage: npm run import -- <file.csv|file.xlsx> --source <code> [--kind customer|vehicle|relation|complaint_history] [--as-of <ISO instant>] [--map field=column …] [--rejected out.csv]';

function parseArgs(args: string[]) {
  const options: { file?: string; source?: string; kind: ImportKind; asOf?: string; map: Record<string, string>; rejected?: string } = { kind: 'customer', map: {} };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    const value = () => {
      const next = args[(index += 1)];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--source') options.source = value();
    else if (arg === '--kind') {
      const kind = value();
      if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new Error(`--kind must be one of ${IMPORT_KINDS.join(', ')}`);
      options.kind = kind as ImportKind;
    } else if (arg === '--as-of') options.asOf = new Date(value()).toISOString();
    else if (arg === '--map') {
      const [field, ...column] = value().split('=');
      if (!field || column.length === 0) throw new Error('--map takes field=column');
      options.map[field] = column.join('=');
    } else if (arg === '--rejected') options.rejected = value();
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else if (options.file === undefined) options.file = arg;
    else throw new Error(`one file at a time (${arg})`);
  }
  if (!options.file || !options.source) throw new Error('a file and --source are needed');
  return options as typeof options & { file: string; source: string };
}

/** `[#########...........]  45%  45,000 / 100,000 rows  ·  12 rejected`, redrawn in place on a terminal. */
function progressLine(run: ImportRecord): string {
  const total = run.totalRows ?? 0;
  const share = total > 0 ? run.processedRows / total : 0;
  const bar = `${'#'.repeat(Math.round(share * 30))}${'.'.repeat(30 - Math.round(share * 30))}`;
  return `[${bar}] ${String(Math.floor(share * 100)).padStart(3)}%  ${run.processedRows.toLocaleString('en')} / ${total.toLocaleString('en')} rows  ·  ${run.rejectedRows.toLocaleString('en')} rejected`;
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  configureAuditKeys(loadAuditKeys(config));
  const database = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
  try {
    await database.migrate();
    const uploaded = await uploadImport(database.db, {
      actor: SYSTEM_ACTOR,
      importDir: config.importDir,
      maxBytes: Number.MAX_SAFE_INTEGER,
      body: createReadStream(options.file),
      query: { kind: options.kind, source: options.source, fileName: basename(options.file), asOf: options.asOf },
    });
    const mapping = { ...uploaded.mapping, ...options.map };
    console.error(`${uploaded.import.fileName}: ${uploaded.columns.length} columns; mapping (${uploaded.mappingFrom}${Object.keys(options.map).length > 0 ? ', with --map' : ''}):`);
    for (const [field, column] of Object.entries(mapping)) console.error(`  ${field} ← ${column}`);
    try {
      await startImport(database.db, { actor: SYSTEM_ACTOR, importId: uploaded.import.id, mapping });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'IMPORT_MAPPING_INCOMPLETE' || error.code === 'VALIDATION_FAILED')) {
        console.error(`${error.message}: ${JSON.stringify(error.details)}\nthe file's columns: ${uploaded.columns.map((column) => column.name).join(', ')}\n${USAGE}`);
        return 2;
      }
      throw error;
    }
    const tty = process.stderr.isTTY;
    let lastTenth = -1;
    const run = await runImport(database.db, {
      importId: uploaded.import.id,
      onProgress: (progress) => {
        if (tty) process.stderr.write(`\r${progressLine(progress)}`);
        else {
          const tenth = progress.totalRows ? Math.floor((progress.processedRows / progress.totalRows) * 10) : 0;
          if (tenth !== lastTenth) console.error(progressLine(progress));
          lastTenth = tenth;
        }
      },
    });
    if (tty) process.stderr.write('\n');
    console.log(
      `import ${run.id} ${run.status}: ${run.processedRows} rows, ${run.acceptedRows} accepted, ${run.rejectedRows} rejected; ` +
        `${run.createdRecords} created, ${run.updatedRecords} updated, ${run.unchangedRecords} unchanged${run.error ? `; ${run.error}` : ''}`,
    );
    if (options.rejected && run.rejectedRows > 0) {
      await writeRejectionsCsv(database.db, { actor: SYSTEM_ACTOR, importId: run.id, out: createWriteStream(options.rejected) });
      console.log(`rejected rows: ${options.rejected}`);
    }
    return run.status === 'done' ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
