import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import type { Role } from '../../tickets/ticket-vocabulary';
import type { Database } from '../db/client';
import { preparedPerDatabase } from '../db/prepared';
import { apiKeys, dealers, sessions, users } from '../db/schema';
import { verifyPassword } from './password';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

// Verified against when the username is unknown, so both failures take the same time.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(86);

type UserRow = typeof users.$inferSelect;

export function actorOfUser(user: UserRow): Actor {
  return {
    kind: 'user',
    id: user.id,
    name: user.displayName,
    role: user.role as Role,
    dealerId: user.dealerId,
    departmentId: user.departmentId,
  };
}

/** Checks the password; on success stores a new session and returns its token (for the cookie) and the user. */
export async function signIn(
  db: Database,
  username: string,
  password: string,
): Promise<{ token: string; user: UserRow; expiresAt: Date } | null> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.active) return null;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insert(sessions).values({ tokenHash: sha256(token), userId: user.id, expiresAt });
  return { token, user, expiresAt };
}

export async function signOut(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

/** The signed-in user behind a session token, or null when it is unknown, expired or the user was deactivated. */
export async function userOfSession(db: Database, token: string): Promise<UserRow | null> {
  const [row] = await sessionUser(db).execute({ tokenHash: sha256(token), now: new Date() });
  return row?.user ?? null;
}

// Every signed-in request runs it.
const sessionUser = preparedPerDatabase((db) =>
  db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql.placeholder('now')), eq(users.active, true)))
    .prepare('careline_session_user'),
);

/** A new API key for a dealer system. The full key is shown once; only its hash is stored. */
export async function createApiKey(
  db: Database,
  options: { dealerId: string; name: string; createdBy?: string },
): Promise<{ id: string; key: string; prefix: string }> {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const key = `ck_${prefix}_${secret}`;
  const id = randomUUID();
  await db.insert(apiKeys).values({
    id,
    name: options.name,
    prefix,
    keyHash: sha256(key),
    dealerId: options.dealerId,
    createdBy: options.createdBy ?? null,
  });
  return { id, key, prefix };
}

/** Keys of all dealers (or one), newest first; never the secret, which is stored only as a hash. */
export async function listApiKeys(db: Database, dealerId?: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      dealerId: apiKeys.dealerId,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(dealerId ? eq(apiKeys.dealerId, dealerId) : undefined)
    .orderBy(desc(apiKeys.createdAt));
}

/** Revokes a key at once: the next request with it is unauthenticated. False when there is no such live key. */
export async function revokeApiKey(db: Database, id: string): Promise<boolean> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length > 0;
}

/** The dealer system behind an API key (`ck_<prefix>_<secret>`), acting with dealer_user abilities. */
export async function actorOfApiKey(db: Database, key: string): Promise<Actor | null> {
  const match = /^ck_([0-9a-f]{12})_[A-Za-z0-9_-]{20,64}$/.exec(key);
  if (!match) return null;
  const [row] = await db
    .select({ key: apiKeys, dealer: dealers })
    .from(apiKeys)
    .innerJoin(dealers, eq(dealers.id, apiKeys.dealerId))
    .where(and(eq(apiKeys.prefix, match[1]), isNull(apiKeys.revokedAt)));
  if (!row || row.key.keyHash !== sha256(key) || !row.dealer.active) return null;
  // Admins see when a key was last used (a forgotten integration, a leaked key); once a minute is precise enough.
  const now = new Date();
  if (!row.key.lastUsedAt || now.getTime() - row.key.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id));
  }
  return {
    kind: 'api_key',
    id: row.key.id,
    name: `${row.dealer.nameZh} · ${row.key.name}`,
    role: 'dealer_user',
    dealerId: row.dealer.id,
    departmentId: null,
  };
}
