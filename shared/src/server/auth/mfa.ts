import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import { toDataURL } from 'qrcode';
import { AppError } from '../../errors/app-error';
import type { Database, Executor } from '../db/client';
import { users } from '../db/schema';
import { endSessionsOfUser } from './sessions';
import type { Actor } from '../../auth/actor';
import { recordConfigChange } from '../audit/config-changes';
import { access, requireAccess } from '../../auth/access';

export const TOTP_ISSUER = 'careline';
export const RECOVERY_CODE_COUNT = 10;
// One step (30 s) either side: phone clocks drift and people type slowly; RFC 6238 §5.2 allows it.
const TOTP_TOLERANCE_SECONDS = 30;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Recovery codes are read off paper: `xxxxx-xxxxx`, lower-case base32 without look-alikes; compared without the dash. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
const normalizeRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '');

export interface MfaStatus {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

async function userRow(db: Database, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('NOT_FOUND');
  return user;
}

export async function mfaStatus(db: Database, userId: string): Promise<MfaStatus> {
  const user = await userRow(db, userId);
  return {
    enabled: user.totpEnabledAt !== null,
    enabledAt: user.totpEnabledAt,
    recoveryCodesLeft: user.recoveryCodes.filter((code) => code.usedAt === null).length,
  };
}

/**
 * Starts TOTP enrolment: a secret, unconfirmed until a code from it is confirmed. Returns the secret (for manual
 * entry), the otpauth URI and that URI as a QR image (data URL). MFA_ALREADY_ENABLED when enrolled. An enrolment
 * already pending keeps its secret: the page asked again (reloaded, opened twice, two requests racing) shows the
 * QR code the user may already have scanned, not a new one that would silently void it. An admin's reset clears it.
 */
export async function startMfaEnrolment(db: Database, userId: string): Promise<{ secret: string; otpauthUri: string; qrDataUrl: string }> {
  const user = await userRow(db, userId);
  if (user.totpEnabledAt) throw new AppError('MFA_ALREADY_ENABLED');
  let secret = user.totpSecret;
  if (!secret) {
    // The first of two racing requests writes its secret; the other reads that one.
    const [written] = await db
      .update(users)
      .set({ totpSecret: generateSecret(), totpLastStep: null })
      .where(and(eq(users.id, userId), isNull(users.totpEnabledAt), isNull(users.totpSecret)))
      .returning({ secret: users.totpSecret });
    const winner = written ? null : await userRow(db, userId);
    if (winner?.totpEnabledAt) throw new AppError('MFA_ALREADY_ENABLED');
    secret = written?.secret ?? winner?.totpSecret ?? null;
    if (!secret) throw new AppError('MFA_NOT_ENROLLED');
  }
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: user.username, secret });
  return { secret, otpauthUri, qrDataUrl: await toDataURL(otpauthUri, { margin: 1, width: 220 }) };
}

/**
 * Accepts a TOTP code once: the time step it matched is stored and no code of that step or an earlier one is taken
 * again (RFC 6238 §5.2), also when two requests race with the same code.
 */
async function acceptTotpCode(db: Database, user: typeof users.$inferSelect, code: string, enable: boolean): Promise<boolean> {
  if (!user.totpSecret || !/^\d{6}$/.test(code)) return false;
  const result = await verify({
    secret: user.totpSecret,
    token: code,
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(user.totpLastStep !== null ? { afterTimeStep: user.totpLastStep } : {}),
  });
  if (!result.valid || !('timeStep' in result)) return false;
  const claimed = await db
    .update(users)
    .set({ totpLastStep: result.timeStep, ...(enable ? { totpEnabledAt: new Date() } : {}) })
    .where(and(eq(users.id, user.id), eq(users.totpSecret, user.totpSecret), or(isNull(users.totpLastStep), lt(users.totpLastStep, result.timeStep))))
    .returning({ id: users.id });
  return claimed.length > 0;
}

/**
 * Confirms enrolment with a code from the new secret: TOTP is on from now, and the recovery codes are returned, the
 * only time they are ever shown (only their hashes are stored). INVALID_MFA_CODE for a wrong or reused code.
 */
export async function confirmMfaEnrolment(db: Database, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const user = await userRow(db, userId);
  if (user.totpEnabledAt) throw new AppError('MFA_ALREADY_ENABLED');
  if (!user.totpSecret) throw new AppError('MFA_NOT_ENROLLED');
  if (!(await acceptTotpCode(db, user, code, true))) throw new AppError('INVALID_MFA_CODE');
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db
    .update(users)
    .set({ recoveryCodes: recoveryCodes.map((recovery) => ({ hash: sha256(normalizeRecoveryCode(recovery)), usedAt: null })) })
    .where(eq(users.id, userId));
  return { recoveryCodes };
}

/** Uses one recovery code (each works once); the row lock keeps two racing requests from both using it. */
async function useRecoveryCode(db: Database, userId: string, recoveryCode: string): Promise<boolean> {
  const hash = sha256(normalizeRecoveryCode(recoveryCode));
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ codes: users.recoveryCodes, enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, userId)).for('update');
    if (!user?.enabledAt) return false;
    const index = user.codes.findIndex((code) => code.hash === hash && code.usedAt === null);
    if (index < 0) return false;
    const codes = user.codes.map((code, position) => (position === index ? { ...code, usedAt: new Date().toISOString() } : code));
    await tx.update(users).set({ recoveryCodes: codes }).where(eq(users.id, userId));
    return true;
  });
}

/** Checks a second factor at sign-in (a TOTP code or a recovery code) for a user with TOTP enabled. */
export async function verifySecondFactor(db: Database, userId: string, factor: { code: string } | { recoveryCode: string }): Promise<boolean> {
  const user = await userRow(db, userId);
  if (!user.totpEnabledAt) return false;
  if ('code' in factor) return acceptTotpCode(db, user, factor.code, false);
  return useRecoveryCode(db, userId, factor.recoveryCode);
}

/** Clears a user's TOTP: secret, enrolment, step and recovery codes. */
async function clearMfa(db: Executor, userId: string): Promise<void> {
  const cleared = await db
    .update(users)
    .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, recoveryCodes: [] })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (cleared.length === 0) throw new AppError('NOT_FOUND');
}

/**
 * A user turns their own TOTP off, proving it with a current code. Refused (MFA_REQUIRED) when their role must use it.
 */
export async function disableMfa(db: Database, options: { userId: string; code: string; mfaRequiredRoles: readonly string[] }): Promise<void> {
  const user = await userRow(db, options.userId);
  if (options.mfaRequiredRoles.includes(user.role)) throw new AppError('MFA_REQUIRED', { reason: 'required_for_role' });
  if (!user.totpEnabledAt) throw new AppError('MFA_NOT_ENROLLED');
  if (!(await acceptTotpCode(db, user, options.code, false))) throw new AppError('INVALID_MFA_CODE');
  await clearMfa(db, options.userId);
}

/**
 * An admin resets a user's TOTP (a lost phone): it is cleared and every session of the user ends, so the next sign-in
 * enrols again (or goes without, where the role does not require it).
 */
export async function resetMfa(db: Database, actor: Actor, userId: string): Promise<void> {
  requireAccess(actor, access.admin);
  await db.transaction(async (tx) => {
    await clearMfa(tx, userId);
    await endSessionsOfUser(tx, userId);
    await recordConfigChange(tx, actor, { entity: 'user', entityId: userId, action: 'reset_mfa', before: { twoFactor: 'enrolled or pending' }, after: { twoFactor: 'reset' } });
  });
}
