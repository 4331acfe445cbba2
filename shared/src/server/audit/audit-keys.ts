/**
 * The audit chain's two keys, which the database never holds:
 * - the HMAC key every event hash is keyed with (AUDIT_HMAC_KEY): without it, a chain edited in the database cannot be
 *   recomputed so that it verifies;
 * - the Ed25519 key checkpoints of the chain heads are signed with (AUDIT_SIGNING_KEY): QA checks a checkpoint with the
 *   public key alone (GET /api/audit/public-key), without any secret.
 * From the environment (a secret store) in production; elsewhere, when absent, generated once into files under
 * AUDIT_KEY_DIR (default ./data, beside the PGlite folder), mode 0600. With DATABASE_URL and NODE_ENV=production a
 * missing key refuses the start: a key file on the application's own disk would sit beside the database's rights.
 *
 * The keys are configured once per process (`configureAuditKeys`, at start), like the routing snapshot cache: every
 * command that appends events reaches them without each command's options carrying a secret.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import { type ChainKey, hmacKey } from './audit-chain';

export const AUDIT_HMAC_KEY_FILE = 'audit-hmac.key';
export const AUDIT_SIGNING_KEY_FILE = 'audit-signing-key.pem';
export const AUDIT_PUBLIC_KEY_FILE = 'audit-signing-key.pub.pem';

export type AuditKeySource = { kind: 'env' } | { kind: 'file'; path: string; created: boolean } | { kind: 'given' };

export interface AuditKeys {
  chainKey: ChainKey;
  signingKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM of the public key: what QA downloads to check checkpoints. */
  publicKeyPem: string;
  /** SHA-256 of the public key (SPKI DER), hex: named in every checkpoint. */
  publicKeyFingerprint: string;
  sources: { hmac: AuditKeySource; signing: AuditKeySource };
}

/** A configuration that cannot run: production without the keys, a key too short or not a key. Said at start. */
export class AuditKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditKeyError';
  }
}

const MIN_HMAC_KEY_BYTES = 32;

/** AUDIT_HMAC_KEY as bytes: 64+ hex digits, or base64 of 32+ bytes. */
export function parseHmacKey(text: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (bytes.length < MIN_HMAC_KEY_BYTES) {
    throw new AuditKeyError(`AUDIT_HMAC_KEY must hold at least ${MIN_HMAC_KEY_BYTES} bytes (64 hex digits); generate one with: openssl rand -hex 32`);
  }
  return bytes;
}

/**
 * An Ed25519 private key: PKCS#8 PEM (literal `\n` accepted, as environment files often carry it), or the base64 of
 * its PKCS#8 DER on one line (`openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`).
 */
export function parseSigningKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN')
      ? createPrivateKey(text.includes('\\n') ? text.replace(/\\n/g, '\n') : text)
      : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new AuditKeyError('AUDIT_SIGNING_KEY is not a private key; generate one with: openssl genpkey -algorithm ed25519');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AuditKeyError(`AUDIT_SIGNING_KEY must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

/** Builds the keys from their material (the test helpers and loadAuditKeys). */
export function auditKeysOf(hmac: Buffer, signingKey: KeyObject, sources: AuditKeys['sources'] = { hmac: { kind: 'given' }, signing: { kind: 'given' } }): AuditKeys {
  const publicKey = createPublicKey(signingKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    chainKey: hmacKey(hmac),
    signingKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyFingerprint: createHash('sha256').update(der).digest('hex'),
    sources,
  };
}

/** Reads a key file, or creates it (exclusively, 0600) when there is none. */
function readOrCreate(path: string, create: () => string): { text: string; created: boolean } {
  try {
    return { text: readFileSync(path, 'utf8'), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    writeFileSync(path, create(), { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    return { text: readFileSync(path, 'utf8'), created: true };
  } catch (error) {
    // Another process of the same installation created it just now: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { text: readFileSync(path, 'utf8'), created: false };
    throw error;
  }
}

/**
 * The keys of this installation, as the configuration says (see the top of this file). Throws AuditKeyError when
 * the start must be refused.
 */
export function loadAuditKeys(config: Pick<Config, 'auditHmacKey' | 'auditSigningKey' | 'auditKeyDir' | 'databaseUrl' | 'production'>): AuditKeys {
  const fromFileAllowed = !(config.production && config.databaseUrl);
  if (!fromFileAllowed && (!config.auditHmacKey || !config.auditSigningKey)) {
    const missing = [!config.auditHmacKey && 'AUDIT_HMAC_KEY (openssl rand -hex 32)', !config.auditSigningKey && 'AUDIT_SIGNING_KEY (openssl genpkey -algorithm ed25519)'].filter(Boolean);
    throw new AuditKeyError(
      `careline refuses to start: ${missing.join(' and ')} not set. In production (NODE_ENV=production with DATABASE_URL) the ` +
        'audit keys must come from the environment (a secret store), never from a file the application writes itself.',
    );
  }
  let hmac: Buffer;
  let hmacSource: AuditKeySource = { kind: 'env' };
  if (config.auditHmacKey) hmac = parseHmacKey(config.auditHmacKey);
  else {
    mkdirSync(config.auditKeyDir, { recursive: true });
    const path = join(config.auditKeyDir, AUDIT_HMAC_KEY_FILE);
    const file = readOrCreate(path, () => `${randomBytes(32).toString('hex')}\n`);
    hmac = parseHmacKey(file.text);
    hmacSource = { kind: 'file', path, created: file.created };
  }
  let signing: KeyObject;
  let signingSource: AuditKeySource = { kind: 'env' };
  if (config.auditSigningKey) signing = parseSigningKey(config.auditSigningKey);
  else {
    mkdirSync(config.auditKeyDir, { recursive: true });
    const path = join(config.auditKeyDir, AUDIT_SIGNING_KEY_FILE);
    const file = readOrCreate(path, () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    signing = parseSigningKey(file.text);
    signingSource = { kind: 'file', path, created: file.created };
    // The public half beside it, for QA to copy (it is no secret).
    writeFileSync(join(config.auditKeyDir, AUDIT_PUBLIC_KEY_FILE), createPublicKey(signing).export({ type: 'spki', format: 'pem' }).toString(), { mode: 0o644 });
  }
  return auditKeysOf(hmac, signing, { hmac: hmacSource, signing: signingSource });
}

/** Lines for the start banner: where the keys come from. */
export function describeAuditKeys(keys: AuditKeys): string[] {
  const line = (name: string, source: AuditKeySource) =>
    source.kind === 'file'
      ? `${name}: ${source.created ? 'generated into' : 'read from'} ${source.path} (mode 0600; back it up apart from the database)`
      : `${name}: from the environment`;
  return [line('audit HMAC key', keys.sources.hmac), line('audit signing key', keys.sources.signing), `audit public key fingerprint: ${keys.publicKeyFingerprint}`];
}

let configured: AuditKeys | null = null;

/** Sets this process's audit keys (at start, before any command runs). */
export function configureAuditKeys(keys: AuditKeys): void {
  configured = keys;
}

/** This process's audit keys; throws when the start forgot to configure them (never writes an unkeyed chain). */
export function auditKeys(): AuditKeys {
  if (!configured) throw new Error('audit keys not configured: call configureAuditKeys(loadAuditKeys(config)) at start');
  return configured;
}

const derivedKeys = new Map<string, { source: Buffer; key: Buffer }>();

/**
 * A 256-bit key for one purpose (`info`, e.g. "careline tracking links v1"), derived from the audit HMAC key with HKDF,
 * so that there is no second secret to keep and no two purposes share a key. Follows the configured keys.
 */
export function derivedKey(info: string): Buffer {
  const chainKey = auditKeys().chainKey;
  if (chainKey.scheme !== 'hmac') throw new Error(`${info} needs the audit HMAC key`);
  const known = derivedKeys.get(info);
  if (known?.source === chainKey.key) return known.key;
  const key = Buffer.from(hkdfSync('sha256', chainKey.key, Buffer.alloc(0), info, 32));
  derivedKeys.set(info, { source: chainKey.key, key });
  return key;
}
