import { AppError } from '@careline/shared';
import { signIn, signOut, SESSION_TTL_MS } from '@careline/shared/server';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { parse } from '../http/validate';
import { actorOf, requireActor, SESSION_COOKIE } from './auth.middleware';

export const ZLoginRequest = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

const LOGIN_WINDOW_SECONDS = 300;

/** Counts attempts per address and username in Redis, so all API instances share the limit. */
async function limitLogin(context: AppContext, ip: string, username: string): Promise<void> {
  const key = `${context.config.redisPrefix}ratelimit:login:${ip}:${username.toLowerCase()}`;
  const attempts = await context.redis.incr(key);
  if (attempts === 1) await context.redis.expire(key, LOGIN_WINDOW_SECONDS);
  if (attempts > context.config.loginAttemptsPerWindow) throw new AppError('RATE_LIMITED', { retryAfterSeconds: LOGIN_WINDOW_SECONDS });
}

export function presentUser(actor: ReturnType<typeof actorOf>) {
  return { id: actor.id, kind: actor.kind, name: actor.name, role: actor.role, dealerId: actor.dealerId, departmentId: actor.departmentId };
}

export function authRoutes(context: AppContext): Router {
  const router = Router();

  router.post('/auth/login', async (request, response) => {
    const { username, password } = parse(ZLoginRequest, request.body);
    await limitLogin(context, request.ip ?? 'unknown', username);
    const session = await signIn(context.db, username, password);
    if (!session) throw new AppError('INVALID_CREDENTIALS');
    const secure = context.config.secureCookies ? '; Secure' : '';
    response.setHeader(
      'Set-Cookie',
      `${SESSION_COOKIE}=${session.token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${secure}`,
    );
    const user = session.user;
    response.json({
      user: { id: user.id, kind: 'user', name: user.displayName, username: user.username, role: user.role, dealerId: user.dealerId, departmentId: user.departmentId, locale: user.locale },
    });
  });

  router.post('/auth/logout', requireActor(context), async (request, response) => {
    if (request.sessionToken) await signOut(context.db, request.sessionToken);
    response.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    response.status(204).end();
  });

  router.get('/auth/me', requireActor(context), (request, response) => {
    response.json({ user: presentUser(actorOf(request)) });
  });

  return router;
}
