import { AppError, isAppError, type Locale, messageOf } from '@careline/shared';
import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from 'pino';
import { localizeIssues } from './validate';

/** zh-CN unless the caller prefers English (`Accept-Language: en…` or `?lang=en`). */
export function localeOf(request: Request): Locale {
  if (request.query?.lang === 'en') return 'en';
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

/** What body-parser and Express's router throw for a request they cannot read (their `type`, or a URIError). */
function requestReadError(error: { type?: unknown; status?: unknown; name?: unknown }): AppError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('INVALID_JSON');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'request.aborted':
    case 'request.size.invalid':
      return new AppError('MALFORMED_REQUEST');
  }
  // Express 5 decodes route parameters itself and marks its URIError (and its other client errors) with a 4xx status.
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) return new AppError('MALFORMED_REQUEST');
  return undefined;
}

/** The error and the errors it wraps (`cause`), a few levels deep. */
function* causesOf(error: unknown): Generator<object> {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; current = (current as { cause?: unknown }).cause, depth += 1) yield current;
}

/**
 * A safety net for input no route validated well enough: PostgreSQL's verdict on client data is a client error, not
 * a bug. 23505 (a unique key taken, e.g. two concurrent creates) is a conflict; class 22 (data exception: bad text
 * representation, number out of range, invalid byte sequence, bad date) is bad input. Drizzle wraps the driver's
 * error in `cause`.
 */
function databaseInputError(error: unknown): AppError | undefined {
  for (const current of causesOf(error)) {
    const code = (current as { code?: unknown }).code;
    if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) continue;
    if (code === '23505') return new AppError('DUPLICATE');
    if (code.startsWith('22')) return new AppError('VALIDATION_FAILED');
  }
  return undefined;
}

/** Maps what body-parser, the router and the database throw for bad input, and everything else, onto AppError. */
function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error && typeof error === 'object') return requestReadError(error) ?? databaseInputError(error) ?? new AppError('INTERNAL');
  return new AppError('INTERNAL');
}

/** The driver's or parser's code of an error (`22021`, `entity.parse.failed`), for a log line that quotes no input. */
function causeCodeOf(error: unknown): string | undefined {
  for (const current of causesOf(error)) {
    const { code, type } = current as { code?: unknown; type?: unknown };
    if (typeof type === 'string') return type;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Drizzle's failed-query error lists the statement's parameters, which may be a customer's phone or VIN: cut them. */
function withoutQueryParameters(error: unknown): unknown {
  if (!(error instanceof Error) || !('params' in error)) return error;
  const safe = new Error(error.message.split('\nparams:')[0]);
  safe.name = error.name;
  safe.stack = `${safe.name}: ${safe.message}\n${(error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')).join('\n')}`;
  (safe as Error & { cause?: unknown }).cause = (error as Error & { cause?: unknown }).cause;
  return safe;
}

/** The one place errors become HTTP: `{ error: { code, message, details } }` with the code's status. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') logger.error({ err: withoutQueryParameters(error), requestId: request.id }, 'unhandled error');
    // A database refusal that became a 4xx is still worth seeing (a route let bad input through its validation), but
    // not its text: a parse error quotes the body and a failed query its parameters (phones, VINs).
    else if (!isAppError(error)) logger.warn({ requestId: request.id, code: appError.code, cause: causeCodeOf(error) }, 'client error below validation');
    response.status(appError.status).json({
      error: {
        code: appError.code,
        message: messageOf(appError.code, localeOf(request)),
        ...(appError.details ? { details: localizeIssues(appError.details, localeOf(request)) } : {}),
        ...(appError.code === 'INTERNAL' ? { requestId: request.id } : {}),
      },
    });
  };
}
