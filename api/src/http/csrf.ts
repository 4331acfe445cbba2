import { AppError } from '@careline/shared';
import type { RequestHandler } from 'express';
import { SESSION_COOKIE } from '../auth/auth.middleware';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin (scheme://host:port) of an Origin or Referer header; undefined when it is not a URL (`null`, junk). */
function originOf(header: string): string | undefined {
  try {
    const origin = new URL(header).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** Whether an Origin (or Referer) header names one of `allowed`. */
export function isAllowedOrigin(allowed: ReadonlySet<string>, header: string): boolean {
  const origin = originOf(header);
  return origin !== undefined && allowed.has(origin);
}

/** Whether a request carries an API key (a DMS calling the API): a page of another origin cannot set these headers without CORS, which careline does not grant. */
function hasApiKey(headers: Record<string, string | string[] | undefined>): boolean {
  return (typeof headers.authorization === 'string' && headers.authorization.startsWith('Bearer ')) || typeof headers['x-api-key'] === 'string';
}

/** Whether a Cookie header names the session cookie (any value: whether it is valid is the auth middleware's business). */
function hasSessionCookie(cookie: string | undefined): boolean {
  return cookie !== undefined && cookie.split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
}

/**
 * Refuses forged writes: a POST/PUT/PATCH/DELETE must come from one of `allowedOrigins` (PUBLIC_URL and
 * ALLOWED_ORIGINS), as its `Origin` header says, or its `Referer` when a browser sent no Origin. SameSite=Lax alone
 * lets a same-site page (another port, a sibling subdomain) post a form with the admin's cookie.
 *
 * - An Origin or Referer that is present must be allowed, also for the sign-in itself (login CSRF) and anonymous
 *   requests.
 * - With neither, a request that carries the session cookie is refused (a browser always sends one of them on a
 *   cross-origin form); one without the cookie (curl, a script signing in) passes on to authentication.
 * - A request with an API key and no session cookie is exempt: it is not a browser's ambient credential.
 */
export function rejectCrossOriginWrites(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (request, _response, next) => {
    if (SAFE_METHODS.has(request.method)) return next();
    const cookie = hasSessionCookie(request.headers.cookie);
    if (!cookie && hasApiKey(request.headers)) return next();
    const { origin, referer } = request.headers;
    const claimed = origin ?? referer;
    if (claimed === undefined) {
      if (cookie) throw new AppError('CSRF_REJECTED');
      return next();
    }
    if (!isAllowedOrigin(allowed, claimed)) throw new AppError('CSRF_REJECTED');
    next();
  };
}
