import { type Actor, AppError, type Role } from '@careline/shared';
import { actorOfApiKey, actorOfUser, userOfSession } from '@careline/shared/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context';

export const SESSION_COOKIE = 'careline_session';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

function apiKeyOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const key = request.headers['x-api-key'];
  return typeof key === 'string' ? key : undefined;
}

/** Resolves the actor from the session cookie or an API key; the same function serves the socket handshake later. */
export async function authenticate(context: AppContext, headers: { cookie?: string; authorization?: string; apiKey?: string }): Promise<{ actor: Actor; sessionToken?: string } | null> {
  const token = readCookie(headers.cookie, SESSION_COOKIE);
  if (token) {
    const user = await userOfSession(context.db, token);
    if (user) return { actor: actorOfUser(user), sessionToken: token };
  }
  const key = headers.apiKey;
  if (key) {
    const actor = await actorOfApiKey(context.db, key);
    if (actor) return { actor };
  }
  return null;
}

/** Requires a signed-in user or API key, optionally with one of `roles`. */
export function requireActor(context: AppContext, roles?: readonly Role[]): RequestHandler {
  return async (request: Request, _response: Response, next: NextFunction) => {
    const found = await authenticate(context, { cookie: request.headers.cookie, apiKey: apiKeyOf(request) });
    if (!found) throw new AppError('UNAUTHENTICATED');
    if (roles && !roles.includes(found.actor.role)) throw new AppError('FORBIDDEN');
    request.actor = found.actor;
    request.sessionToken = found.sessionToken;
    next();
  };
}

/** The actor set by requireActor; a route that forgot the middleware fails loudly instead of acting as nobody. */
export function actorOf(request: Request): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}
