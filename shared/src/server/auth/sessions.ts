import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import type { Role } from '../../tickets/ticket-vocabulary';
import type { Database, Executor } from '../db/client';
import { preparedPerDatabase } from '../db/prepared';
import { apiKeys, dealers, sessions, users } from '../db/schema';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { recordConfigChange } from '../audit/config-changes';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** `active`: a full session; `mfa`: password accepted, TOTP code awaited; `enrol`: the role requires TOTP, not set up yet. */
export type SessionStage = 'active' | 'mfa' | 'enrol';

// A half-signed-in session (password accepted, second factor pending) is short-lived: enough to type a code or enrol.
export const PENDING_SESSION_TTL_MS = 15 * 60 * 1000;

// Verified against when the username is unknown, so both failures take the same time (made at the current cost).
let dummyHash: Promise<string> | undefined;
const dummyHashOf = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

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

/** The stage a session starts in after the right password: TOTP enrolled → `mfa`; role requires it → `enrol`. */
export function stageAfterPassword(user: Pick<UserRow, 'role' | 'totpEnabledAt'>, mfaRequiredRoles: readonly string[]): SessionStage {
  if (user.totpEnabledAt) return 'mfa';
  return mfaRequiredRoles.includes(user.role) ? 'enrol' : 'active';
}

/** Stores a new session for the user; only its hash is kept, the token is for the cookie. */
export async function createSession(db: Executor, userId: string, stage: SessionStage): Promise<{ token: string; expiresAt: Date; stage: SessionStage }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (stage === 'active' ? SESSION_TTL_MS : PENDING_SESSION_TTL_MS));
  await db.insert(sessions).values({ tokenHash: sha256(token), userId, expiresAt, stage });
  return { token, expiresAt, stage };
}

/**
 * Checks the password; on success stores a new session (in the stage the user's second factor asks for) and returns
 * its token (for the cookie) and the user. A hash made at a lower scrypt cost than today's is replaced on the way.
 */
export async function signIn(
  db: Database,
  username: string,
  password: string,
  options: { mfaRequiredRoles?: readonly string[] } = {},
): Promise<{ token: string; user: UserRow; expiresAt: Date; stage: SessionStage } | null> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHashOf()));
  if (!user || !valid || !user.active) return null;
  if (needsRehash(user.passwordHash)) {
    const rehashed = await hashPassword(password);
    // Only if nobody changed the password meanwhile.
    await db.update(users).set({ passwordHash: rehashed }).where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
  }
  const session = await createSession(db, user.id, stageAfterPassword(user, options.mfaRequiredRoles ?? []));
  return { ...session, user };
}

export async function signOut(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

/**
 * Moves a session to another stage under a new token (the old one stops working), so a token seen before the second
 * factor cannot ride on the full session. Null when the old session is gone.
 */
export async function rotateSession(db: Database, token: string, stage: SessionStage): Promise<{ token: string; expiresAt: Date; stage: SessionStage } | null> {
  return db.transaction(async (tx) => {
    const [old] = await tx.delete(sessions).where(eq(sessions.tokenHash, sha256(token))).returning({ userId: sessions.userId });
    if (!old) return null;
    return createSession(tx, old.userId, stage);
  });
}

/** Ends every session of a user but, optionally, one (the one that changed the password keeps working). */
export async function endSessionsOfUser(db: Executor, userId: string, exceptToken?: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), exceptToken ? ne(sessions.tokenHash, sha256(exceptToken)) : undefined));
}

/** The signed-in user behind a session token and the session's stage; null when unknown, expired or deactivated. */
export async function sessionOf(db: Database, token: string): Promise<{ user: UserRow; stage: SessionStage } | null> {
  const [row] = await sessionUser(db).execute({ tokenHash: sha256(token), now: new Date() });
  return row ? { user: row.user, stage: row.stage } : null;
}

/** A user's sign-in name (the key of their sign-in limits), or null when the user is gone. */
export async function usernameOf(db: Database, userId: string): Promise<string | null> {
  const [user] = await db.select({ username: users.username }).from(users).where(eq(users.id, userId));
  return user?.username ?? null;
}

/** The signed-in user behind a fully signed-in session token (second factor done), or null. */
export async function userOfSession(db: Database, token: string): Promise<UserRow | null> {
  const found = await sessionOf(db, token);
  return found?.stage === 'active' ? found.user : null;
}

// Every signed-in request runs it.
const sessionUser = preparedPerDatabase((db) =>
  db
    .select({ user: users, stage: sessions.stage })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql.placeholder('now')), eq(users.active, true)))
    .prepare('careline_session_user_stage'),
);

/** A new API key for a dealer system. The full key is shown once; only its hash is stored. */
export async function createApiKey(
  db: Database,
  options: { dealerId: string; name: string; createdBy?: string; /** recorded in the configuration history */ actor?: Actor },
): Promise<{ id: string; key: string; prefix: string }> {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const key = `ck_${prefix}_${secret}`;
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(apiKeys).values({
      id,
      name: options.name,
      prefix,
      keyHash: sha256(key),
      dealerId: options.dealerId,
      createdBy: options.createdBy ?? null,
    });
    if (options.actor) {
      await recordConfigChange(tx, options.actor, { entity: 'api_key', entityId: id, action: 'create', before: null, after: { name: options.name, prefix, dealerId: options.dealerId } });
    }
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
export async function revokeApiKey(db: Database, id: string, actor?: Actor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt });
    if (revoked.length === 0) return false;
    const [key] = revoked;
    if (actor) {
      await recordConfigChange(tx, actor, { entity: 'api_key', entityId: id, action: 'revoke', before: { revokedAt: null }, after: { revokedAt: key.revokedAt, name: key.name, prefix: key.prefix } });
    }
    return true;
  });
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
