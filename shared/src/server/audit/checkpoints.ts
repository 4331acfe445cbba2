/**
 * Checkpoints of the chain heads, kept outside the database: every ticket's id, number, event count and head hash at
 * one moment (one snapshot), with a digest over them, written as `<id>.json` to AUDIT_CHECKPOINT_DIR and signed with the
 * installation's Ed25519 key (`<id>.json.sig`, base64). Anyone holding the public key checks a checkpoint without any
 * secret (`openssl pkeyutl -verify -pubin -inkey audit-public.pem -rawin -in <id>.json -sigfile <signature bytes>`), and
 * verification against it names every ticket deleted since, every chain shortened or rewritten — even by someone
 * holding the HMAC key, once the checkpoint is out of their reach.
 */
import { createHash, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asc, gt } from 'drizzle-orm';
import type { Database } from '../db/client';
import { tickets } from '../db/schema';
import type { AuditKeys } from './audit-keys';
import { campaignTaskHeads } from './verify-campaign-chains';
import { type CheckpointEntry, inAuditSnapshot } from './verify-audit';

export const CHECKPOINT_FORMAT = 'careline-audit-checkpoint/1';
/** Checkpoint ids: what a file name may be (nothing else is ever read from the directory). */
export const CHECKPOINT_ID_PATTERN = /^cp-\d{8}T\d{9}Z-[0-9a-f]{8}$/;

export interface CheckpointSummary {
  id: string;
  createdAt: string;
  ticketCount: number;
  eventCount: number;
  digest: string;
  publicKeyFingerprint: string;
}

export interface CheckpointBody extends CheckpointSummary {
  format: typeof CHECKPOINT_FORMAT;
  chain: 'hmac-sha256';
  tickets: CheckpointEntry[];
  /**
   * The campaign calls' own chains (新车回访, no ticket), by task id (`ticketId` holds the task's id). Absent in
   * checkpoints written before campaign calls had chains.
   */
  campaignTasks?: CheckpointEntry[];
}

/**
 * SHA-256 over one line per ticket (`id number events head`), in ticket id order, then one per campaign task
 * (`campaign id number events head`): a checkpoint without campaign tasks has the digest it always had.
 */
export function checkpointDigest(entries: readonly CheckpointEntry[], campaignTasks: readonly CheckpointEntry[] = []): string {
  const hash = createHash('sha256');
  for (const entry of entries) hash.update(`${entry.ticketId} ${entry.number} ${entry.events} ${entry.head}\n`);
  for (const entry of campaignTasks) hash.update(`campaign ${entry.ticketId} ${entry.number} ${entry.events} ${entry.head}\n`);
  return hash.digest('hex');
}

const idAt = (at: Date) => `cp-${at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
const bodyPath = (dir: string, id: string) => join(dir, `${id}.json`);
const signaturePath = (dir: string, id: string) => join(dir, `${id}.json.sig`);

/** Reads every ticket's head and every campaign task's in one snapshot, by id pages. */
async function readHeads(db: Database, pageSize = 5000): Promise<{ tickets: CheckpointEntry[]; campaignTasks: CheckpointEntry[] }> {
  return inAuditSnapshot(db, async (tx) => {
    const entries: CheckpointEntry[] = [];
    for (let after: string | null = null; ; ) {
      const page = await tx
        .select({ ticketId: tickets.id, number: tickets.number, events: tickets.auditEventCount, head: tickets.auditHeadHash })
        .from(tickets)
        .where(after ? gt(tickets.id, after) : undefined)
        .orderBy(asc(tickets.id))
        .limit(pageSize);
      entries.push(...page);
      if (page.length < pageSize) break;
      after = page.at(-1)!.ticketId;
    }
    return { tickets: entries, campaignTasks: await campaignTaskHeads(tx, pageSize) };
  });
}

/** Writes a signed checkpoint of every ticket's head now; the files appear complete or not at all. */
export async function writeCheckpoint(db: Database, options: { keys: AuditKeys; dir: string; now?: Date }): Promise<CheckpointSummary> {
  const now = options.now ?? new Date();
  const { tickets: entries, campaignTasks } = await readHeads(db);
  const body: CheckpointBody = {
    format: CHECKPOINT_FORMAT,
    id: idAt(now),
    createdAt: now.toISOString(),
    chain: 'hmac-sha256',
    publicKeyFingerprint: options.keys.publicKeyFingerprint,
    ticketCount: entries.length,
    eventCount: entries.reduce((sum, entry) => sum + entry.events, 0),
    digest: checkpointDigest(entries, campaignTasks),
    tickets: entries,
    campaignTasks,
  };
  const text = `${JSON.stringify(body, null, 1)}\n`;
  const signature = sign(null, Buffer.from(text, 'utf8'), options.keys.signingKey).toString('base64');
  await mkdir(options.dir, { recursive: true });
  // Signature first, body last (renamed into place): a listed checkpoint always has its signature.
  await writeFile(signaturePath(options.dir, body.id), `${signature}\n`, { mode: 0o644 });
  const temporary = join(options.dir, `.${body.id}.json.tmp`);
  await writeFile(temporary, text, { mode: 0o644 });
  await rename(temporary, bodyPath(options.dir, body.id));
  const { tickets: _entries, campaignTasks: _campaignTasks, format: _format, chain: _chain, ...summary } = body;
  return summary;
}

/** The checkpoints in the directory, newest first (by id, which starts with the time). */
export async function listCheckpointIds(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .filter((id) => CHECKPOINT_ID_PATTERN.test(id))
    .sort()
    .reverse();
}

export interface StoredCheckpoint {
  id: string;
  /** The file exactly as written (what the signature covers). */
  text: string;
  /** Base64 Ed25519 signature of `text`. */
  signature: string;
  bytes: number;
  /** The signature checks with the public key. */
  valid: boolean;
  body: CheckpointBody | null;
}

/** Checks a checkpoint file's signature with a public key (what QA does with the downloaded key). */
export function checkCheckpointSignature(text: string, signatureBase64: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signatureBase64.trim(), 'base64'));
  } catch {
    return false;
  }
}

/** Reads one checkpoint and checks its signature and digest. Null: no such checkpoint (or not a checkpoint id). */
export async function readCheckpoint(dir: string, id: string, publicKey: KeyObject): Promise<StoredCheckpoint | null> {
  if (!CHECKPOINT_ID_PATTERN.test(id)) return null;
  let text: string;
  let signature = '';
  try {
    text = await readFile(bodyPath(dir, id), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    signature = (await readFile(signaturePath(dir, id), 'utf8')).trim();
  } catch {
    // A missing signature is an invalid checkpoint, not a missing one.
  }
  let body: CheckpointBody | null = null;
  try {
    body = JSON.parse(text) as CheckpointBody;
  } catch {
    body = null;
  }
  const intact = body !== null && body.format === CHECKPOINT_FORMAT && body.id === id && checkpointDigest(body.tickets, body.campaignTasks) === body.digest;
  return { id, text, signature, bytes: (await stat(bodyPath(dir, id))).size, valid: intact && checkCheckpointSignature(text, signature, publicKey), body };
}

type ListedCheckpoint = CheckpointSummary & { valid: boolean; bytes: number };

/**
 * What each checkpoint file was found to be, by its path, size and modification time: a checkpoint of many tickets is
 * large, and listing must not read and check every file each time (a file that changes is read again).
 */
const listed = new Map<string, { stamp: string; entry: ListedCheckpoint }>();

/** The summaries of the stored checkpoints, newest first, each with whether its signature checks. */
export async function listCheckpoints(dir: string, publicKey: KeyObject, limit = 100): Promise<ListedCheckpoint[]> {
  const result: ListedCheckpoint[] = [];
  for (const id of (await listCheckpointIds(dir)).slice(0, limit)) {
    const stamp = await stampOf(dir, id);
    const key = `${bodyPath(dir, id)} ${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
    const known = listed.get(key);
    if (known && known.stamp === stamp) {
      result.push(known.entry);
      continue;
    }
    const stored = await readCheckpoint(dir, id, publicKey);
    if (!stored) continue;
    const body = stored.body;
    const entry: ListedCheckpoint = {
      id,
      createdAt: body?.createdAt ?? '',
      ticketCount: body?.ticketCount ?? 0,
      eventCount: body?.eventCount ?? 0,
      digest: body?.digest ?? '',
      publicKeyFingerprint: body?.publicKeyFingerprint ?? '',
      valid: stored.valid,
      bytes: stored.bytes,
    };
    listed.set(key, { stamp, entry });
    result.push(entry);
  }
  return result;
}

/** Size and modification time of a checkpoint's two files. */
async function stampOf(dir: string, id: string): Promise<string> {
  const parts = await Promise.all(
    [bodyPath(dir, id), signaturePath(dir, id)].map((path) => stat(path).then((info) => `${info.size}:${info.mtimeMs}`, () => 'missing')),
  );
  return parts.join('/');
}

/** The newest checkpoint whose signature checks, or null; `skipped` names newer ones that did not check. */
export async function latestValidCheckpoint(dir: string, publicKey: KeyObject): Promise<{ checkpoint: StoredCheckpoint | null; skipped: string[] }> {
  const skipped: string[] = [];
  for (const id of await listCheckpointIds(dir)) {
    const stored = await readCheckpoint(dir, id, publicKey);
    if (stored?.valid) return { checkpoint: stored, skipped };
    skipped.push(id);
  }
  return { checkpoint: null, skipped };
}
