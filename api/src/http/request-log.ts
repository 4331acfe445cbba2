import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Level, Logger } from 'pino';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A path segment that says nothing about a person: a word, a short number (a year, a rule-set version), a file name. */
const PLAIN_SEGMENT = /^[A-Za-z_.-]*\d{0,4}[A-Za-z_.-]*$/;
/** Seventeen letters and digits: a VIN, even one with few digits. */
const VIN_LIKE = /^[A-Za-z0-9]{17}$/;
/** Path segments followed by a tracking token. */
const TOKEN_PARENTS = new Set(['track', 't']);

/**
 * The path as it may be logged: no query string (`?phone=…`, `?vin=…`), and every segment that is neither a UUID nor
 * a plain word replaced by `:masked`, so a phone, a VIN or a plate put into a URL never reaches the log.
 */
export function loggablePath(originalUrl: string): string {
  const queryStart = originalUrl.indexOf('?');
  const path = queryStart === -1 ? originalUrl : originalUrl.slice(0, queryStart);
  const segments = path.split('/');
  return segments
    .map((segment, index) =>
      // A customer's tracking token (/api/track/<token>, the page /t/<token>) is a key to the ticket: never logged,
      // even one that happens to look like a word.
      TOKEN_PARENTS.has(segments[index - 1] ?? '') && segment !== ''
        ? ':masked'
        : segment === '' || UUID.test(segment) || (segment.length <= 64 && PLAIN_SEGMENT.test(segment) && !VIN_LIKE.test(segment))
          ? segment
          : ':masked',
    )
    .join('/');
}

/**
 * One log line per request when it finishes, at `level`, with its request id (sent back as X-Request-Id) and its
 * route pattern.
 */
export function requestLog(logger: Logger, level: Level = 'info'): RequestHandler {
  return (request, response, next) => {
    const header = request.headers['x-request-id'];
    request.id = typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
    response.setHeader('X-Request-Id', request.id);
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      logger[level](
        {
          requestId: request.id,
          method: request.method,
          path: loggablePath(request.originalUrl),
          route: request.route?.path ? `${request.baseUrl}${request.route.path}` : undefined,
          status: response.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          actor: request.actor?.id,
        },
        'request',
      );
    });
    next();
  };
}
