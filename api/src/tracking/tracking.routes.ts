import { AppError, trackTicketContract } from '@careline/shared';
import { loadTrackingView } from '@careline/shared/server';
import { countHit, rateLimited } from '../auth/rate-limit';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/**
 * The customer's tracking page (public: the token is the credential). Counted per client address: a page open on a
 * phone refetches at each change, far below the limit; a script walking tokens is slowed (and could not guess one).
 */
export function trackingRoutes(context: AppContext): Implementation[] {
  const { db, config } = context;
  return [
    implement(trackTicketContract, async ({ params, request, response }) => {
      const hit = await countHit(context.redis, `${config.redisPrefix}track:ip:${request.ip ?? 'unknown'}`, 60).catch((error: unknown) => {
        // A customer may follow their case while Redis is away: the limit lapses (the token cannot be guessed anyway).
        if (error instanceof AppError && error.code === 'SERVICE_UNAVAILABLE') {
          context.logger.warn('tracking page limit unavailable (redis)');
          return null;
        }
        throw error;
      });
      if (hit && hit.count > config.trackingRequestsPerMinute) throw rateLimited(response, hit.retryAfterSeconds);
      const view = await loadTrackingView(db, params.token, { ttlAfterCloseHours: config.trackingTtlAfterCloseHours });
      // Unknown, malformed and expired tokens get the same answer.
      if (!view) throw new AppError('TRACKING_LINK_NOT_FOUND');
      // A shared phone's browser must not keep the page for the next person.
      response.setHeader('Cache-Control', 'no-store');
      response.setHeader('Referrer-Policy', 'no-referrer');
      return view;
    }),
  ];
}
