/**
 * The audit keys of every test process (a jest setup file): a fixed HMAC key and Ed25519 signing key, configured for
 * the commands the tests run in process, and given to the CLIs and servers they start as AUDIT_HMAC_KEY and
 * AUDIT_SIGNING_KEY. Never a deployment's keys.
 */
import { auditKeysOf, configureAuditKeys, parseHmacKey, parseSigningKey } from '../../shared/src/server/audit/audit-keys';

export const TEST_AUDIT_ENV = {
  AUDIT_HMAC_KEY: '7e57a0d17c4a1f3e9b2d5c8e0f6a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a',
  AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIMUnaVjYUtFMHZadoB9DAzKKHcZ1A4ATUykN0Hk4+z/i\n-----END PRIVATE KEY-----\n',
};

export const TEST_AUDIT_KEYS = auditKeysOf(parseHmacKey(TEST_AUDIT_ENV.AUDIT_HMAC_KEY), parseSigningKey(TEST_AUDIT_ENV.AUDIT_SIGNING_KEY));

configureAuditKeys(TEST_AUDIT_KEYS);
