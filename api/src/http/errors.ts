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

/** Maps what body-parser throws (bad JSON, too large) and everything else onto AppError. */
function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const status = (error as { status?: number; type?: string }).type;
  if (status === 'entity.parse.failed') return new AppError('INVALID_JSON');
  if (status === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 'encoding.unsupported' || status === 'charset.unsupported') return new AppError('VALIDATION_FAILED');
  return new AppError('INTERNAL');
}

/** The one place errors become HTTP: `{ error: { code, message, details } }` with the code's status. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') logger.error({ err: error, requestId: request.id }, 'unhandled error');
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
