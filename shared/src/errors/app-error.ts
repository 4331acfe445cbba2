/**
 * The one error type of careline. Codes are stable: clients (the console, dealer systems) switch on them, so a code is
 * never renamed or reused. Each code has an HTTP status and a message in zh-CN and en.
 */
export const APP_ERROR_CODES = [
  /** The request body, query or path did not match its schema; `details.issues` lists each problem. */
  'VALIDATION_FAILED',
  /** The body was not parseable JSON. */
  'INVALID_JSON',
  /** The body was larger than the API accepts. */
  'PAYLOAD_TOO_LARGE',
  /** No valid session cookie or API key. */
  'UNAUTHENTICATED',
  /** Wrong username or password (which one is not said). */
  'INVALID_CREDENTIALS',
  /** Signed in, allowed to see the thing, but not to do this to it. */
  'FORBIDDEN',
  /** Nothing there, or nothing this caller may see: the two are indistinguishable on purpose. */
  'NOT_FOUND',
  /** The ticket changed since the caller read it (optimistic lock): refetch and retry. */
  'VERSION_CONFLICT',
  /** The lifecycle does not allow this action in the ticket's current state. */
  'INVALID_TRANSITION',
  /** The same Idempotency-Key was sent before with a different request body. */
  'IDEMPOTENCY_KEY_REUSED',
  /** The body names a category, dealer, department, customer or vehicle that does not exist or does not fit. */
  'UNKNOWN_REFERENCE',
  /** A record with the same key (a customer's phone, a vehicle's VIN) exists already; `details.existingId` names it. */
  'DUPLICATE',
  /** Too many attempts; wait and try again. */
  'RATE_LIMITED',
  /** A dependency (database, Redis) is not reachable. */
  'SERVICE_UNAVAILABLE',
  /** The URL, a header or a string in the body cannot be read: a bad %-escape, a NUL character, a lone surrogate. */
  'MALFORMED_REQUEST',
  /** The body's content type (or charset) is not one this endpoint reads; send `application/json; charset=utf-8`. */
  'UNSUPPORTED_MEDIA_TYPE',
  /** A state-changing request signed in by cookie came from a page of another origin (Origin/Referer not allowed). */
  'CSRF_REJECTED',
  /** A bug: logged with the request id. */
  'INTERNAL',
  /** A new password breaks a password rule; `details.rules` names each (min_length, contains_username, demo_password, common_password). */
  'WEAK_PASSWORD',
  /** The session still awaits its second factor (`details.stage`: mfa, enrol), or the role may not turn it off. */
  'MFA_REQUIRED',
  /** A wrong, expired or already used TOTP or recovery code. */
  'INVALID_MFA_CODE',
  /** Two-factor sign-in is already on for this user: disable (or have an admin reset) it first. */
  'MFA_ALREADY_ENABLED',
  /** Two-factor sign-in is not set up (no enrolment started, or nothing to disable). */
  'MFA_NOT_ENROLLED',
  /** A customer's tracking link that does not exist or has expired (the two are indistinguishable on purpose). */
  'TRACKING_LINK_NOT_FOUND',
  /** The rescue offer was answered, expired or withdrawn already: nothing to accept or decline. */
  'OFFER_CLOSED',
  /** The rescue's progress cannot move that way (e.g. `arrived` before `en_route`); `details` names from and to. */
  'ROADSIDE_INVALID_STEP',
  /** A roadside ticket dispatched by hand to a dealer without the rescue capability while its rescue is still to be given. */
  'DEALER_LACKS_RESCUE',
  /** An import file that is neither CSV nor XLSX, or has no header row. */
  'IMPORT_FILE_UNREADABLE',
  /** An import started without a column for each required field; `details.fields` names them. */
  'IMPORT_MAPPING_INCOMPLETE',
  /** An import in a state that does not allow the step (starting one already started, undoing one not done). */
  'IMPORT_STATE_CONFLICT',
  /** A customer record merged into another already: it cannot be merged, nor take a merge. */
  'CUSTOMER_ALREADY_MERGED',
  /** A category moved under itself or one of its own subcategories. */
  'CATEGORY_CYCLE',
  /** A category created or moved under a parent of another ticket type. */
  'CATEGORY_TYPE_MISMATCH',
  /** An active category under a deactivated parent (created, moved or reactivated there): reactivate the parent first. */
  'CATEGORY_PARENT_INACTIVE',
  /** A knowledge-base article not in a status for this step: publishing a published one, attaching a draft to a ticket. */
  'KB_INVALID_STATUS',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export type Locale = 'zh-CN' | 'en';

interface CodeInfo {
  status: number;
  zh: string;
  en: string;
}

const CODE_INFO: Record<AppErrorCode, CodeInfo> = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容不符合要求', en: 'The request is not valid' },
  INVALID_JSON: { status: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  FORBIDDEN: { status: 403, zh: '您无权执行此操作', en: 'You may not do this' },
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  VERSION_CONFLICT: {
    status: 409,
    zh: '工单已被他人修改，请刷新后重试',
    en: 'The ticket was changed by someone else; reload and try again',
  },
  INVALID_TRANSITION: { status: 409, zh: '工单当前状态不允许此操作', en: 'This action is not allowed in the ticket’s current state' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该幂等键已用于另一个请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  UNKNOWN_REFERENCE: { status: 422, zh: '引用的数据不存在或不匹配', en: 'A referenced record does not exist or does not fit' },
  DUPLICATE: { status: 409, zh: '该记录已存在', en: 'This record exists already' },
  RATE_LIMITED: { status: 429, zh: '尝试次数过多，请稍后再试', en: 'Too many attempts; try again later' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'The service is unavailable' },
  MALFORMED_REQUEST: { status: 400, zh: '请求包含无法识别的字符或编码', en: 'The request contains characters or escapes that cannot be read' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的请求内容类型，请使用 application/json', en: 'Unsupported content type; send application/json' },
  CSRF_REJECTED: { status: 403, zh: '请求来源不被允许，请在本系统页面中操作', en: 'Requests from this origin are not allowed; use careline’s own pages' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  WEAK_PASSWORD: {
    status: 400,
    zh: '密码不符合要求：至少 10 个字符，不能包含用户名，不能是演示密码或常见密码',
    en: 'The password is too weak: at least 10 characters, not containing the username, not a demo or common password',
  },
  MFA_REQUIRED: { status: 403, zh: '请先完成两步验证', en: 'Complete two-factor sign-in first' },
  INVALID_MFA_CODE: { status: 401, zh: '验证码错误或已使用', en: 'The code is wrong or was already used' },
  MFA_ALREADY_ENABLED: { status: 409, zh: '两步验证已开启', en: 'Two-factor sign-in is already on' },
  MFA_NOT_ENROLLED: { status: 409, zh: '尚未设置两步验证', en: 'Two-factor sign-in is not set up' },
  TRACKING_LINK_NOT_FOUND: { status: 404, zh: '该跟踪链接无效或已过期', en: 'This tracking link is not valid or has expired' },
  OFFER_CLOSED: { status: 409, zh: '该救援派单已答复、超时或撤回', en: 'This rescue offer was already answered, expired or withdrawn' },
  ROADSIDE_INVALID_STEP: { status: 409, zh: '救援进度不能这样变更（例如未出发不能到达）', en: 'The rescue cannot move to that step now (e.g. arrived before en route)' },
  IMPORT_FILE_UNREADABLE: { status: 400, zh: '无法读取该文件：请上传 CSV 或 XLSX 文件，首行为表头', en: 'The file cannot be read: upload a CSV or XLSX file with a header row' },
  IMPORT_MAPPING_INCOMPLETE: { status: 400, zh: '必填字段尚未对应到文件的列', en: 'Some required fields are not mapped to a column of the file' },
  CATEGORY_CYCLE: { status: 422, zh: '类别不能移到它自己或它的下级类别之下', en: 'A category cannot move under itself or one of its subcategories' },
  CATEGORY_TYPE_MISMATCH: { status: 422, zh: '上级类别属于另一种工单类型', en: 'The parent category belongs to another ticket type' },
  CATEGORY_PARENT_INACTIVE: { status: 422, zh: '上级类别已停用，请先启用上级类别', en: 'The parent category is deactivated: reactivate it first' },
  CUSTOMER_ALREADY_MERGED: { status: 409, zh: '该客户档案已合并到另一档案', en: 'This customer record was already merged into another' },
  IMPORT_STATE_CONFLICT: { status: 409, zh: '该导入当前状态下不能执行此操作', en: 'The import cannot take this step in its current state' },
  DEALER_LACKS_RESCUE: {
    status: 422,
    zh: '该经销商不具备道路救援能力，不能接手这次救援',
    en: 'This dealer has no rescue capability and cannot take this rescue',
  },
  KB_INVALID_STATUS: { status: 409, zh: '该知识库文章当前状态不允许此操作（例如已发布或尚未发布）', en: 'The article’s status does not allow this (e.g. it is already published, or not published yet)' },
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: AppErrorCode, details?: Record<string, unknown>, debugMessage?: string) {
    super(debugMessage ?? `${code}: ${CODE_INFO[code].en}`);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return CODE_INFO[this.code].status;
  }
}

export function httpStatusOf(code: AppErrorCode): number {
  return CODE_INFO[code].status;
}

export function messageOf(code: AppErrorCode, locale: Locale): string {
  return locale === 'en' ? CODE_INFO[code].en : CODE_INFO[code].zh;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
