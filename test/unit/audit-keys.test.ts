import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditKeyError, loadAuditKeys, parseHmacKey, parseSigningKey } from '../../shared/src/server/audit/audit-keys';
import { renderAuditAlertMail } from '../../shared/src/notifications/audit-mail';

describe('audit keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'careline-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const config = (overrides: Record<string, unknown> = {}) => ({ auditKeyDir: dir, databaseUrl: undefined, production: false, ...overrides });

  it('are generated once into files only the owner reads, and read back the same', () => {
    const first = loadAuditKeys(config());
    expect(first.sources.hmac).toMatchObject({ kind: 'file', created: true });
    expect(first.sources.signing).toMatchObject({ kind: 'file', created: true });
    for (const file of ['audit-hmac.key', 'audit-signing-key.pem']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'audit-signing-key.pub.pem'), 'utf8')).toBe(first.publicKeyPem);
    const again = loadAuditKeys(config());
    expect(again.sources.hmac).toMatchObject({ kind: 'file', created: false });
    expect(again.chainKey).toEqual(first.chainKey);
    expect(again.publicKeyFingerprint).toBe(first.publicKeyFingerprint);
  });

  it('refuse a production start with a database server and no keys in the environment, saying which', () => {
    expect(() => loadAuditKeys(config({ production: true, databaseUrl: 'postgres://db/careline' }))).toThrow(AuditKeyError);
    expect(() => loadAuditKeys(config({ production: true, databaseUrl: 'postgres://db/careline', auditHmacKey: 'ab'.repeat(32) }))).toThrow(/AUDIT_SIGNING_KEY/);
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keys = loadAuditKeys(config({ production: true, databaseUrl: 'postgres://db/careline', auditHmacKey: 'ab'.repeat(32), auditSigningKey: pem }));
    expect(keys.sources).toEqual({ hmac: { kind: 'env' }, signing: { kind: 'env' } });
  });

  it('refuse keys that are too short or not Ed25519', () => {
    expect(() => parseHmacKey('abcd')).toThrow(/at least 32 bytes/);
    expect(parseHmacKey(Buffer.alloc(32, 1).toString('base64'))).toEqual(Buffer.alloc(32, 1));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => parseSigningKey(rsa)).toThrow(/Ed25519/);
    expect(() => parseSigningKey('not a key')).toThrow(AuditKeyError);
    const der = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(parseSigningKey(der).asymmetricKeyType).toBe('ed25519');
  });
});

describe('the audit alert mail', () => {
  it('names the run and the problems, in Chinese and English', () => {
    const data = { runId: 'run-1', at: new Date('2026-12-06T18:30:00Z'), problemCount: 3, lines: ['TS20261206-00001: event #2 hash_mismatch'], checkpointError: null, link: 'http://x/api/audit/runs/run-1' };
    const zh = renderAuditAlertMail('zh-CN', data);
    expect(zh.subject).toBe('【careline】审计校验未通过：发现 3 处问题');
    expect(zh.text).toContain('2026/12/07 02:30');
    expect(zh.text).toContain('TS20261206-00001: event #2 hash_mismatch');
    expect(zh.text).toContain('另有 2 处');
    const en = renderAuditAlertMail('en', data);
    expect(en.subject).toBe('[careline] Audit verification failed: 3 problems');
    expect(en.text).toContain('… and 2 more');
    expect(en.text).toContain('run-1');
  });
});
