import { type Actor, AppError, type Role } from '@careline/shared';
import { actorOfApiKey, actorOfUser, type SessionStage, sessionOf } from '@careline/shared/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context';

export const SESSION_COOKIE = 'careline_session';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The stage of the session requireActor found (API keys count as `active`). */
      sessionStage?: SessionStage;
    }
  }
}

/** A cookie's value, or undefined when absent or not decodable (a bad %-escape is a stranger's cookie, not a 500). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function apiKeyOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const key = request.headers['x-api-key'];
  return typeof key === 'string' ? key : undefined;
}

type Credentials = { cookie?: string; authorization?: string; apiKey?: string };
type Identified = { actor: Actor; sessionToken?: string; stage: SessionStage };

/** The actor behind the session cookie or API key, in whatever stage its session is. */
async function identify(context: AppContext, headers: Credentials): Promise<Identified | null> {
  const token = readCookie(headers.cookie, SESSION_COOKIE);
  if (token) {
    const session = await sessionOf(context.db, token);
    if (session) return { actor: actorOfUser(session.user), sessionToken: token, stage: session.stage };
  }
  const key = headers.apiKey;
  if (key) {
    const actor = await actorOfApiKey(context.db, key);
    if (actor) return { actor, stage: 'active' };
  }
  return null;
}

/**
 * Resolves the actor from a fully signed-in session cookie or an API key; the socket handshake uses it too. A session
 * still waiting for its second factor (or for TOTP enrolment) is nobody here.
 */
export async function authenticate(context: AppContext, headers: Credentials): Promise<{ actor: Actor; sessionToken?: string } | null> {
  const found = await identify(context, headers);
  if (!found || found.stage !== 'active') return null;
  return { actor: found.actor, sessionToken: found.sessionToken };
}

/**
 * Requires a signed-in user or API key, optionally with one of `roles`. Sessions that have not passed the second
 * factor get MFA_REQUIRED (naming their stage) unless the route lists that stage: only the two-factor routes,
 * /auth/me and sign-out do.
 */
export function requireActor(context: AppContext, roles?: readonly Role[], options: { stages?: readonly SessionStage[] } = {}): RequestHandler {
  const stages = options.stages ?? ['active'];
  return async (request: Request, _response: Response, next: NextFunction) => {
    const found = await identify(context, { cookie: request.headers.cookie, apiKey: apiKeyOf(request) });
    if (!found) throw new AppError('UNAUTHENTICATED');
    if (!stages.includes(found.stage)) throw new AppError('MFA_REQUIRED', { stage: found.stage });
    if (roles && !roles.includes(found.actor.role)) throw new AppError('FORBIDDEN');
    request.actor = found.actor;
    request.sessionToken = found.sessionToken;
    request.sessionStage = found.stage;
    next();
  };
}

/** The actor set by requireActor; a route that forgot the middleware fails loudly instead of acting as nobody. */
export function actorOf(request: Request): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}
