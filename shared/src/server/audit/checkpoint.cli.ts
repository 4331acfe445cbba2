/**
 * `npm run audit:checkpoint`: writes a signed checkpoint of every ticket's chain head now (to AUDIT_CHECKPOINT_DIR).
 * `npm run audit:checkpoint -- --check <file.json> [--public-key <pem>]`: checks a checkpoint file against its `.sig`
 * beside it with a public key (default: this installation's), needing no database and no secret.
 * Exit code 0 when written or valid, 1 when a checked file does not match, 2 on a usage error.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { loadAuditKeys } from './audit-keys';
import { type CheckpointBody, checkCheckpointSignature, checkpointDigest, writeCheckpoint } from './checkpoints';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const config = loadConfig();
  if (args.includes('--check')) {
    const file = args[args.indexOf('--check') + 1];
    if (!file) {
      console.error('usage: npm run audit:checkpoint -- --check <checkpoint.json> [--public-key <public key pem>]');
      return 2;
    }
    const publicKeyFile = args.includes('--public-key') ? args[args.indexOf('--public-key') + 1] : undefined;
    const publicKey = publicKeyFile ? createPublicKey(readFileSync(publicKeyFile, 'utf8')) : loadAuditKeys(config).publicKey;
    const text = readFileSync(file, 'utf8');
    const signature = readFileSync(`${file}.sig`, 'utf8');
    const body = JSON.parse(text) as CheckpointBody;
    const digestOk = checkpointDigest(body.tickets) === body.digest;
    const signatureOk = checkCheckpointSignature(text, signature, publicKey);
    console.log(`${body.id}: ${body.ticketCount} tickets, ${body.eventCount} events at ${body.createdAt}; signature ${signatureOk ? 'valid' : 'INVALID'}, digest ${digestOk ? 'valid' : 'INVALID'}`);
    return signatureOk && digestOk ? 0 : 1;
  }
  const keys = loadAuditKeys(config);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir + '/pglite' });
  try {
    const checkpoint = await writeCheckpoint(database.db, { keys, dir: config.auditCheckpointDir });
    console.log(`checkpoint ${checkpoint.id}: ${checkpoint.ticketCount} tickets, ${checkpoint.eventCount} events, digest ${checkpoint.digest}, in ${config.auditCheckpointDir}`);
    return 0;
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
