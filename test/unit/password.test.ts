import { brokenPasswordRules, currentPasswordParams, hashPassword, needsRehash, verifyPassword } from '@careline/shared/server';

describe('password hashing', () => {
  it('hashes at OWASP scrypt parameters by default, with the parameters in the stored hash', async () => {
    expect(process.env.PASSWORD_HASH_COST).toBeUndefined();
    expect(currentPasswordParams()).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    const stored = await hashPassword('a long enough passphrase');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(await verifyPassword('a long enough passphrase', stored)).toBe(true);
    expect(await verifyPassword('a long enough passphrasE', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('still verifies an old N=2^14 hash and flags it for a rehash', async () => {
    const old = await hashPassword('careline2026', { N: 2 ** 14, r: 8, p: 1, keyLength: 64 });
    expect(old).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('careline2026', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('never verifies a corrupt or absurd stored hash (and does not throw)', async () => {
    for (const stored of ['', 'bcrypt$x', 'scrypt$999999999$8$1$AAAA$AAAA', 'scrypt$abc$8$1$AAAA$AAAA', 'scrypt$16384$8$1$$']) {
      expect(await verifyPassword('anything', stored)).toBe(false);
      expect(needsRehash(stored)).toBe(true);
    }
  });
});

describe('password rules', () => {
  const rules = (password: string, production = false, username = 'li.ming') => brokenPasswordRules({ password, username, production });

  it('wants at least 10 characters, counted as characters, not bytes', () => {
    expect(rules('short1')).toEqual(['min_length']);
    expect(rules('密码密码密码密码密码')).toEqual([]);
    expect(rules('a-fine-passphrase')).toEqual([]);
  });

  it('refuses a password containing the username, in any case', () => {
    expect(rules('LI.MING-2026-spring')).toEqual(['contains_username']);
  });

  it('refuses the demo password and the commonest only in production', () => {
    expect(rules('careline2026')).toEqual([]);
    expect(rules('careline2026', true)).toEqual(['demo_password']);
    expect(rules('1234567890', true)).toEqual(['common_password']);
    expect(rules('Password123', true)).toEqual(['common_password']);
  });
});
