import { AppError } from '@careline/shared';
import {
  changeOwnPassword,
  confirmMfaEnrolment,
  disableMfa,
  mfaStatus,
  rotateSession,
  SESSION_TTL_MS,
  type SessionStage,
  signIn,
  signOut,
  startMfaEnrolment,
  usernameOf,
  verifySecondFactor,
} from '@careline/shared/server';
import { type Response, Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { parse } from '../http/validate';
import { actorOf, requireActor, SESSION_COOKIE } from './auth.middleware';
import { LoginLimits } from './login-limits';

// PostgreSQL text cannot hold NUL, and a lone surrogate is no character at all: such input is refused, not stored.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ZReadableText = z.string().refine((value) => !value.includes('\u0000') && !LONE_SURROGATE.test(value), {
  message: 'contains a NUL character or a lone surrogate',
});

export const ZLoginRequest = z.strictObject({
  username: ZReadableText.pipe(z.string().trim().min(1).max(64)),
  password: ZReadableText.pipe(z.string().min(1).max(200)),
});

/** The second step of sign-in: a 6-digit TOTP code, or one of the recovery codes. */
export const ZMfaVerifyRequest = z.union([
  z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, '6 digits') }),
  z.strictObject({ recoveryCode: z.string().trim().min(8).max(20).regex(/^[A-Za-z0-9 -]+$/, 'letters, digits and dashes') }),
]);
export const ZMfaCodeRequest = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, '6 digits') });
export const ZChangePasswordRequest = z.strictObject({
  currentPassword: ZReadableText.pipe(z.string().min(1).max(200)),
  newPassword: ZReadableText.pipe(z.string().min(1).max(200)),
});

// Routes a half-signed-in session may call: the second factor, enrolment, who am I, sign out.
const PENDING: readonly SessionStage[] = ['active', 'mfa', 'enrol'];

export function presentUser(actor: ReturnType<typeof actorOf>) {
  return { id: actor.id, kind: actor.kind, name: actor.name, role: actor.role, dealerId: actor.dealerId, departmentId: actor.departmentId };
}

function setSessionCookie(context: AppContext, response: Response, token: string, maxAgeMs: number): void {
  const secure = context.config.secureCookies ? '; Secure' : '';
  // First of the cookies set: clients that keep only the first Set-Cookie still get the session.
  response.append('Set-Cookie', `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(maxAgeMs / 1000)}${secure}`);
}

async function usernameFor(context: AppContext, userId: string): Promise<string> {
  const username = await usernameOf(context.db, userId);
  if (!username) throw new AppError('UNAUTHENTICATED');
  return username;
}

export function authRoutes(context: AppContext): Router {
  const router = Router();

  router.post('/auth/login', async (request, response) => {
    const { username, password } = parse(ZLoginRequest, request.body);
    const limits = await LoginLimits.of(context, request, username);
    await limits.attempt(response);
    const session = await signIn(context.db, username, password, { mfaRequiredRoles: context.config.mfaRequiredRoles });
    if (!session) throw new AppError('INVALID_CREDENTIALS');
    setSessionCookie(context, response, session.token, session.expiresAt.getTime() - Date.now());
    await limits.recordSuccess(request, response, username);
    const user = session.user;
    response.json({
      user: { id: user.id, kind: 'user', name: user.displayName, username: user.username, role: user.role, dealerId: user.dealerId, departmentId: user.departmentId, locale: user.locale },
      // What the console must ask for before the session is a full one: a TOTP code, or TOTP enrolment; null: none.
      next: session.stage === 'active' ? null : session.stage,
    });
  });

  router.post('/auth/mfa/verify', requireActor(context, undefined, { stages: ['mfa'] }), async (request, response) => {
    const factor = parse(ZMfaVerifyRequest, request.body);
    const actor = actorOf(request);
    const username = await usernameFor(context, actor.id);
    const limits = await LoginLimits.of(context, request, username);
    await limits.attempt(response);
    if (!(await verifySecondFactor(context.db, actor.id, factor))) throw new AppError('INVALID_MFA_CODE');
    const session = await rotateSession(context.db, request.sessionToken!, 'active');
    if (!session) throw new AppError('UNAUTHENTICATED');
    setSessionCookie(context, response, session.token, SESSION_TTL_MS);
    await limits.recordSuccess(request, response, username);
    response.json({ user: presentUser(actor), stage: session.stage });
  });

  router.get('/auth/mfa', requireActor(context, undefined, { stages: ['active', 'enrol'] }), async (request, response) => {
    const actor = actorOf(request);
    if (actor.kind !== 'user') throw new AppError('FORBIDDEN');
    const status = await mfaStatus(context.db, actor.id);
    response.json({ ...status, required: context.config.mfaRequiredRoles.includes(actor.role) });
  });

  router.post('/auth/mfa/enrol', requireActor(context, undefined, { stages: ['active', 'enrol'] }), async (request, response) => {
    const actor = actorOf(request);
    if (actor.kind !== 'user') throw new AppError('FORBIDDEN');
    response.json(await startMfaEnrolment(context.db, actor.id));
  });

  router.post('/auth/mfa/confirm', requireActor(context, undefined, { stages: ['active', 'enrol'] }), async (request, response) => {
    const { code } = parse(ZMfaCodeRequest, request.body);
    const actor = actorOf(request);
    if (actor.kind !== 'user') throw new AppError('FORBIDDEN');
    const { recoveryCodes } = await confirmMfaEnrolment(context.db, actor.id, code);
    // Enrolment proved the second factor: an `enrol` session becomes a full one, under a new token.
    if (request.sessionStage === 'enrol') {
      const session = await rotateSession(context.db, request.sessionToken!, 'active');
      if (!session) throw new AppError('UNAUTHENTICATED');
      setSessionCookie(context, response, session.token, SESSION_TTL_MS);
    }
    response.json({ recoveryCodes, stage: 'active' });
  });

  router.post('/auth/mfa/disable', requireActor(context), async (request, response) => {
    const { code } = parse(ZMfaCodeRequest, request.body);
    const actor = actorOf(request);
    if (actor.kind !== 'user') throw new AppError('FORBIDDEN');
    await disableMfa(context.db, { userId: actor.id, code, mfaRequiredRoles: context.config.mfaRequiredRoles });
    response.status(204).end();
  });

  router.post('/auth/password', requireActor(context), async (request, response) => {
    const { currentPassword, newPassword } = parse(ZChangePasswordRequest, request.body);
    const actor = actorOf(request);
    if (actor.kind !== 'user') throw new AppError('FORBIDDEN');
    const limits = await LoginLimits.of(context, request, await usernameFor(context, actor.id));
    // A wrong current password is a guess like a wrong sign-in, and counts the same.
    await limits.attempt(response);
    try {
      await changeOwnPassword(context.db, {
        userId: actor.id,
        currentPassword,
        newPassword,
        keepSessionToken: request.sessionToken,
        production: context.config.production,
      });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'INVALID_CREDENTIALS')) await limits.giveBackAttempt();
      throw error;
    }
    await limits.giveBackAttempt();
    response.status(204).end();
  });

  router.post('/auth/logout', requireActor(context, undefined, { stages: PENDING }), async (request, response) => {
    if (request.sessionToken) await signOut(context.db, request.sessionToken);
    response.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    response.status(204).end();
  });

  router.get('/auth/me', requireActor(context, undefined, { stages: PENDING }), (request, response) => {
    response.json({ user: presentUser(actorOf(request)), stage: request.sessionStage ?? 'active' });
  });

  return router;
}
