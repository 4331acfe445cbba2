import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@careline/shared';
import type { RequestHandler } from 'express';

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Who may read /metrics (request counts by route, process figures: useful to an attacker mapping the system).
 * With METRICS_TOKEN set: only `Authorization: Bearer <token>` (401 otherwise). Without it: only a scraper on this
 * host, connected over loopback directly, not through a proxy (a request a proxy forwarded carries X-Forwarded-For
 * or Forwarded, and its loopback address would stand for anybody); everyone else gets a 404.
 */
export function metricsAccess(metricsToken: string | undefined): RequestHandler {
  const expected = metricsToken === undefined ? undefined : digest(metricsToken);
  return (request, _response, next) => {
    if (expected) {
      const header = request.headers.authorization;
      const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
      // Compared as digests: equal length, constant time.
      if (!timingSafeEqual(digest(token), expected)) throw new AppError('UNAUTHENTICATED');
      return next();
    }
    const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
    if (forwarded || !LOOPBACK.test(request.socket.remoteAddress ?? '')) throw new AppError('NOT_FOUND');
    next();
  };
}
