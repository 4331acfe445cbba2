import type { AppErrorCode } from '@careline/shared';

/** An error answer from the API: `code` is one of shared's AppError codes (or NETWORK when nothing answered). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: AppErrorCode | 'NETWORK';
  readonly details?: Record<string, unknown>;

  constructor(status: number, code: AppErrorCode | 'NETWORK', message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(error: unknown, code?: ApiError['code']): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

let requestLocale = 'zh-CN';

/** The API answers its error messages in this language (set by the LocaleProvider). */
export function setRequestLocale(locale: string): void {
  requestLocale = locale;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * A JSON request to the API with the session cookie; resolves with the body or throws an ApiError. A Blob (a File the
 * user picked) is sent as the raw body, `application/octet-stream`, for the endpoints that take a file as it is.
 */
export async function apiRequest<T>(method: HttpMethod, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const raw = body instanceof Blob;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      signal: options.signal,
      headers: {
        Accept: 'application/json',
        'Accept-Language': requestLocale === 'en' ? 'en' : 'zh-CN',
        ...(body === undefined ? {} : { 'Content-Type': raw ? 'application/octet-stream' : 'application/json' }),
        ...options.headers,
      },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', requestLocale === 'en' ? 'The server cannot be reached' : '无法连接服务器');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: AppErrorCode; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'INTERNAL', error?.message ?? `HTTP ${response.status}`, error?.details);
  }
  return parsed as T;
}

/** Query string from an object, skipping empty values; arrays become comma-separated (the API's csv filters). */
export function toQueryString(params: Record<string, string | number | boolean | readonly string[] | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
