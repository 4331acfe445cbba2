import {
  type Actor,
  AppError,
  changePasswordContract,
  loginContract,
  logoutContract,
  meContract,
  mfaConfirmContract,
  mfaDisableContract,
  mfaEnrolContract,
  mfaStatusContract,
  mfaVerifyContract,
} from '@careline/shared';
import {
  actorOfUser,
  changeOwnPassword,
  confirmMfaEnrolment,
  disableMfa,
  mfaStatus,
  rotateSession,
  SESSION_TTL_MS,
  signIn,
  signOut,
  startMfaEnrolment,
  usernameOf,
  verifySecondFactor,
} from '@careline/shared/server';
import type { Response } from 'express';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';
import { SESSION_COOKIE } from './auth.middleware';
import { LoginLimits } from './login-limits';

function presentUser(actor: Actor) {
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

/** Sign-in (password, then the second factor), the session's own user, two-factor enrolment and one's password. */
export function authRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(loginContract, async ({ body: { username, password }, request, response }) => {
      const limits = await LoginLimits.of(context, request, username);
      await limits.attempt(response);
      const session = await signIn(db, username, password, { mfaRequiredRoles: context.config.mfaRequiredRoles });
      if (!session) throw new AppError('INVALID_CREDENTIALS');
      setSessionCookie(context, response, session.token, session.expiresAt.getTime() - Date.now());
      await limits.recordSuccess(request, response, username);
      const { user } = session;
      return {
        user: { ...presentUser(actorOfUser(user)), kind: 'user' as const, username: user.username, locale: user.locale },
        // What the console must ask for before the session is a full one: a TOTP code, or TOTP enrolment; null: none.
        next: session.stage === 'active' ? null : session.stage,
      };
    }),

    implement(mfaVerifyContract, async ({ actor, body: factor, request, response }) => {
      const username = await usernameFor(context, actor.id);
      const limits = await LoginLimits.of(context, request, username);
      await limits.attempt(response);
      if (!(await verifySecondFactor(db, actor.id, factor))) throw new AppError('INVALID_MFA_CODE');
      const session = await rotateSession(db, request.sessionToken!, 'active');
      if (!session) throw new AppError('UNAUTHENTICATED');
      setSessionCookie(context, response, session.token, SESSION_TTL_MS);
      await limits.recordSuccess(request, response, username);
      return { user: presentUser(actor), stage: session.stage };
    }),

    implement(mfaStatusContract, async ({ actor }) => ({
      ...(await mfaStatus(db, actor.id)),
      required: context.config.mfaRequiredRoles.includes(actor.role),
    })),

    implement(mfaEnrolContract, ({ actor }) => startMfaEnrolment(db, actor.id)),

    implement(mfaConfirmContract, async ({ actor, body: { code }, request, response }) => {
      const { recoveryCodes } = await confirmMfaEnrolment(db, actor.id, code);
      // Enrolment proved the second factor: an `enrol` session becomes a full one, under a new token.
      if (request.sessionStage === 'enrol') {
        const session = await rotateSession(db, request.sessionToken!, 'active');
        if (!session) throw new AppError('UNAUTHENTICATED');
        setSessionCookie(context, response, session.token, SESSION_TTL_MS);
      }
      return { recoveryCodes, stage: 'active' as const };
    }),

    implement(mfaDisableContract, async ({ actor, body: { code } }) => {
      await disableMfa(db, { userId: actor.id, code, mfaRequiredRoles: context.config.mfaRequiredRoles });
    }),

    implement(changePasswordContract, async ({ actor, body: { currentPassword, newPassword }, request, response }) => {
      const limits = await LoginLimits.of(context, request, await usernameFor(context, actor.id));
      // A wrong current password is a guess like a wrong sign-in, and counts the same.
      await limits.attempt(response);
      try {
        await changeOwnPassword(db, { userId: actor.id, currentPassword, newPassword, keepSessionToken: request.sessionToken, production: context.config.production });
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'INVALID_CREDENTIALS')) await limits.giveBackAttempt();
        throw error;
      }
      await limits.giveBackAttempt();
    }),

    implement(logoutContract, async ({ request, response }) => {
      if (request.sessionToken) await signOut(db, request.sessionToken);
      response.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    }),

    implement(meContract, ({ actor, request }) => ({ user: presentUser(actor), stage: request.sessionStage ?? 'active' })),
  ];
}
