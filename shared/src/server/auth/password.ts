import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

export interface PasswordHashParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

// OWASP's scrypt recommendation (N=2^17, r=8, p=1): ~128 MiB and a few hundred ms per hash, per sign-in.
const OWASP_PARAMS: PasswordHashParams = { N: 2 ** 17, r: 8, p: 1, keyLength: 64 };
// Only when PASSWORD_HASH_COST=test is set explicitly (the test helpers do): hundreds of test sign-ins stay fast.
const TEST_PARAMS: PasswordHashParams = { N: 2 ** 12, r: 8, p: 1, keyLength: 64 };

/** The parameters new hashes get: OWASP's, unless `PASSWORD_HASH_COST=test` asks for the cheap test cost. */
export function currentPasswordParams(): PasswordHashParams {
  return process.env.PASSWORD_HASH_COST === 'test' ? TEST_PARAMS : OWASP_PARAMS;
}

function derive(password: string, salt: Buffer, params: PasswordHashParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; twice that leaves room for node's own accounting.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, params.keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash, so they can be raised without breaking old hashes. */
export async function hashPassword(password: string, params: PasswordHashParams = currentPasswordParams()): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parseStored(stored: string): (PasswordHashParams & { salt: Buffer; hash: Buffer }) | null {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return null;
  const params = { N: Number(N), r: Number(r), p: Number(p) };
  // A corrupt row must not make scrypt allocate gigabytes or throw: such a hash simply never verifies.
  if (![params.N, params.r, params.p].every(Number.isSafeInteger) || params.N < 2 || params.N > 2 ** 20 || params.r < 1 || params.r > 32 || params.p !== 1) return null;
  const expected = Buffer.from(hash, 'base64url');
  return { ...params, keyLength: expected.length, salt: Buffer.from(salt, 'base64url'), hash: expected };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const key = await derive(password, parsed.salt, parsed);
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** True when a stored hash was made with weaker parameters than new hashes get: rehash it at the next sign-in. */
export function needsRehash(stored: string, params: PasswordHashParams = currentPasswordParams()): boolean {
  const parsed = parseStored(stored);
  if (!parsed) return true;
  return parsed.N < params.N || parsed.r < params.r || parsed.p < params.p || parsed.keyLength < params.keyLength;
}
