import { AppError } from '@careline/shared';
import type { RequestHandler } from 'express';

/** NUL (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its partner (not encodable as UTF-8). */
const UNREADABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a decoded string is one careline can store and compare: no NUL, no lone surrogate. */
export function isReadableText(text: string): boolean {
  return !UNREADABLE.test(text);
}

/** Whether one %-encoded URL component decodes to readable text (a bad escape such as `%E0` does not). */
function readableComponent(component: string): boolean {
  try {
    return isReadableText(decodeURIComponent(component.replace(/\+/g, ' ')));
  } catch {
    return false;
  }
}

/**
 * Refuses, before any route runs, a request whose path or query string cannot be read: a bad %-escape, an escaped
 * NUL or an invalid UTF-8 sequence. Without it, Express's parameter decoding throws a URIError and a NUL reaches
 * PostgreSQL ("invalid byte sequence"): both were 500s.
 */
export function rejectUnreadableUrls(): RequestHandler {
  return (request, _response, next) => {
    const url = request.originalUrl;
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const query = queryStart === -1 ? '' : url.slice(queryStart + 1);
    const components = [...path.split('/'), ...query.split(/[&=]/)];
    if (!components.every(readableComponent)) throw new AppError('MALFORMED_REQUEST');
    next();
  };
}

/** Whether every string and key in a parsed JSON value is readable text (depth-first, no recursion limit issues: JSON nests shallowly under the size limit). */
export function isReadableJson(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (!isReadableText(item)) return false;
    } else if (Array.isArray(item)) {
      pending.push(...item);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (!isReadableText(key)) return false;
        pending.push(child);
      }
    }
  }
  return true;
}

/** After the JSON parser: a body string with NUL or a lone surrogate (`"\u0000"`, `"\ud800"`) is refused as a whole. */
export function rejectUnreadableBodies(): RequestHandler {
  return (request, _response, next) => {
    if (request.body !== undefined && !isReadableJson(request.body)) throw new AppError('MALFORMED_REQUEST');
    next();
  };
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * A write with a body must send JSON: a form (urlencoded, multipart, text/plain) is what a page of another origin can
 * send without asking, and no careline endpoint reads one. Body-less writes (no Content-Length, or 0) pass. The
 * uploads (`uploads`: contracts that consume a file, at fixed paths) take their file as it comes; the CSRF check
 * before this one has already refused a foreign page's request.
 */
export function requireJsonBodies(uploads: ReadonlyArray<{ method: string; path: string }> = []): RequestHandler {
  const isUpload = (method: string, path: string) => uploads.some((upload) => upload.method.toUpperCase() === method && upload.path === path);
  return (request, _response, next) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return next();
    if (isUpload(request.method, request.path)) return next();
    const length = request.headers['content-length'];
    const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (hasBody && !JSON_TYPE.test(request.headers['content-type'] ?? '')) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    next();
  };
}
