import { z } from 'zod';
import { access } from '../auth/access';
import { ZConfigChangeQuery } from '../audit/config-changes.schemas';
import { ZApiKeyListQuery, ZCreateApiKeyRequest } from '../directory/api-key.schemas';
import { ZCreateUserRequest, ZResetPasswordRequest, ZUpdateDepartmentRequest, ZUpdateUserRequest, ZUserListQuery } from '../directory/directory.schemas';
import { NOTIFICATION_STATUSES, ZNotificationQuery, ZOutboxParams } from '../notifications/notification-admin.schemas';
import { ZRoadsideSettingsRequest } from '../roadside/roadside-settings.schemas';
import { ZCreateCategoryRequest, ZMoveCategoryRequest, ZReactivateCategoryRequest, ZUpdateCategoryRequest } from '../reference/category.schemas';
import { ROLES } from '../tickets/ticket-vocabulary';
import { defineContract } from './contract';
import { ZCategory } from './reference.contracts';
import { itemsOf, ZJsonObject, ZUuidParams, ZWireTimestamp } from './wire';

/** A dealer system's key as admins see it: never the secret, which is stored only as a hash. */
export const ZApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  dealerId: z.string(),
  createdAt: ZWireTimestamp,
  lastUsedAt: ZWireTimestamp.nullable(),
  revokedAt: ZWireTimestamp.nullable(),
});

/** A key just issued: the only answer that carries the secret (`key`). */
export const ZIssuedApiKey = z.object({ id: z.string(), prefix: z.string(), key: z.string(), dealerId: z.string(), name: z.string() });

/** What admins see of a user: never the password hash nor the second factor's secret. */
export const ZDirectoryUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES).or(z.string()),
  dealerId: z.string().nullable(),
  departmentId: z.string().nullable(),
  locale: z.string(),
  active: z.boolean(),
  createdAt: ZWireTimestamp,
  /** When the user's TOTP second factor was confirmed; null: none. */
  mfaEnabledAt: ZWireTimestamp.nullable(),
});

export const ZDirectoryDepartment = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  notificationEmails: z.array(z.string()),
  /** null: the standard calendar. */
  calendarId: z.string().nullable(),
  active: z.boolean(),
});

/** One entry of the configuration history; `before` null: created, `after` null: removed. */
export const ZConfigChange = z.object({
  id: z.string(),
  occurredAt: ZWireTimestamp,
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorName: z.string(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: ZJsonObject.nullable(),
  after: ZJsonObject.nullable(),
});

/** A notification with its delivery state (failed ones: attempts, last error, next attempt). */
export const ZNotification = z.object({
  id: z.string(),
  dedupeKey: z.string(),
  ticketId: z.string().nullable(),
  kind: z.string(),
  channel: z.literal('mail'),
  recipient: z.string(),
  locale: z.string(),
  subject: z.string(),
  body: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  delivery: z.enum(['immediate', 'digest']),
  notBefore: ZWireTimestamp.nullable(),
  /** The digest mail this one went out in. */
  digestId: z.string().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: ZWireTimestamp.nullable(),
  sendingAt: ZWireTimestamp.nullable(),
  /** The same on every attempt, so a duplicate is recognisable. */
  messageId: z.string().nullable(),
  createdAt: ZWireTimestamp,
  sentAt: ZWireTimestamp.nullable(),
});

/** An outbox row the relay failed on, waiting to be retried. */
export const ZOutboxRow = z.object({
  id: z.number(),
  topic: z.string(),
  ticketId: z.string().nullable(),
  payload: ZJsonObject,
  createdAt: ZWireTimestamp,
  availableAt: ZWireTimestamp,
  processedAt: ZWireTimestamp.nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
});

/** A mail the in-process SMTP catcher kept. */
export const ZCaughtMail = z.object({ id: z.number(), receivedAt: ZWireTimestamp, from: z.string(), to: z.array(z.string()), subject: z.string(), text: z.string() });

const tag = 'admin';

export const listApiKeysContract = defineContract({
  method: 'get',
  path: '/admin/api-keys',
  tag,
  summary: 'API keys of dealer systems (never the secret)',
  access: access.admin,
  query: ZApiKeyListQuery,
  success: { status: 200, body: itemsOf(ZApiKey) },
});

export const issueApiKeyContract = defineContract({
  method: 'post',
  path: '/admin/api-keys',
  tag,
  summary: 'Issue an API key for a dealer system; the key is shown once',
  access: access.admin,
  body: ZCreateApiKeyRequest,
  success: { status: 201, body: ZIssuedApiKey },
});

export const revokeApiKeyContract = defineContract({
  method: 'post',
  path: '/admin/api-keys/:id/revoke',
  tag,
  summary: 'Revoke an API key at once',
  access: access.admin,
  params: ZUuidParams,
  success: { status: 204, body: null },
});

export const listNotificationsContract = defineContract({
  method: 'get',
  path: '/admin/notifications',
  tag,
  summary: 'Notifications (filter by status and ticket): failed ones with attempts, last error and next attempt',
  access: access.admin,
  query: ZNotificationQuery,
  success: { status: 200, body: itemsOf(ZNotification) },
});

export const resendNotificationContract = defineContract({
  method: 'post',
  path: '/admin/notifications/:id/resend',
  tag,
  summary: 'Send a failed (or sent) notification again, with a fresh retry window and the same Message-ID',
  access: access.admin,
  params: ZUuidParams,
  success: { status: 202, body: z.object({ notification: ZNotification }), description: 'Accepted: the workers’ retry pass sends it' },
});

export const resendFailedNotificationsContract = defineContract({
  method: 'post',
  path: '/admin/notifications/resend-failed',
  tag,
  summary: 'Send every failed notification again',
  access: access.admin,
  success: { status: 202, body: z.object({ resent: z.number() }), description: 'Accepted: how many were made due again' },
});

export const listStuckOutboxContract = defineContract({
  method: 'get',
  path: '/admin/outbox/stuck',
  tag,
  summary: 'Outbox rows whose relay failed and that are waiting to be retried',
  access: access.admin,
  success: { status: 200, body: itemsOf(ZOutboxRow) },
});

export const retryOutboxRowContract = defineContract({
  method: 'post',
  path: '/admin/outbox/:id/retry',
  tag,
  summary: 'Retry a stuck outbox row now',
  access: access.admin,
  params: ZOutboxParams,
  success: { status: 204, body: null },
});

export const listCaughtMailsContract = defineContract({
  method: 'get',
  path: '/admin/mails',
  tag,
  summary: 'Mail caught by the in-process SMTP catcher (npm start without SMTP_URL)',
  access: access.admin,
  success: { status: 200, body: itemsOf(ZCaughtMail) },
});

export const configHistoryContract = defineContract({
  method: 'get',
  path: '/admin/audit-log',
  tag,
  summary:
    'Configuration history: who changed which SLA policy, calendar, user, department, API key or notification setting, when, with the old and new values (newest first; `before` pages back)',
  access: access.oversight,
  query: ZConfigChangeQuery,
  success: { status: 200, body: z.object({ items: z.array(ZConfigChange), nextBefore: z.string().nullable() }) },
});

export const listUsersContract = defineContract({
  method: 'get',
  path: '/admin/users',
  tag,
  summary: 'Users (filter by role, dealer, department, state, text; offset pages)',
  access: access.admin,
  query: ZUserListQuery,
  success: { status: 200, body: z.object({ items: z.array(ZDirectoryUser), total: z.number() }) },
});

export const createUserContract = defineContract({
  method: 'post',
  path: '/admin/users',
  tag,
  summary: 'Create a user with an initial password (409 DUPLICATE on a taken username)',
  access: access.admin,
  body: ZCreateUserRequest,
  success: { status: 201, body: z.object({ user: ZDirectoryUser }) },
});

export const updateUserContract = defineContract({
  method: 'patch',
  path: '/admin/users/:id',
  tag,
  summary: 'Change a user’s role, dealer/department, e-mail or display name',
  access: access.admin,
  params: ZUuidParams,
  body: ZUpdateUserRequest,
  success: { status: 200, body: z.object({ user: ZDirectoryUser }) },
});

export const deactivateUserContract = defineContract({
  method: 'post',
  path: '/admin/users/:id/deactivate',
  tag,
  summary: 'Deactivate a user; their sessions end at once',
  access: access.admin,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ user: ZDirectoryUser }) },
});

export const reactivateUserContract = defineContract({
  method: 'post',
  path: '/admin/users/:id/reactivate',
  tag,
  summary: 'Reactivate a user',
  access: access.admin,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ user: ZDirectoryUser }) },
});

export const resetUserMfaContract = defineContract({
  method: 'post',
  path: '/admin/users/:id/mfa/reset',
  tag,
  summary: 'Reset a user’s two-factor sign-in (lost phone); their sessions end (no such user: 404, nothing recorded)',
  access: access.admin,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ user: ZDirectoryUser }) },
});

export const resetUserPasswordContract = defineContract({
  method: 'post',
  path: '/admin/users/:id/reset-password',
  tag,
  summary: 'Set a new password (≥ 10 characters); the user’s sessions end',
  access: access.admin,
  params: ZUuidParams,
  body: ZResetPasswordRequest,
  success: { status: 204, body: null },
});

export const listDepartmentsAdminContract = defineContract({
  method: 'get',
  path: '/admin/departments',
  tag,
  summary: 'Departments with notification addresses and calendar',
  access: access.admin,
  success: { status: 200, body: itemsOf(ZDirectoryDepartment) },
});

export const updateDepartmentContract = defineContract({
  method: 'patch',
  path: '/admin/departments/:id',
  tag,
  summary: 'Change a department’s names, notification addresses or calendar',
  access: access.admin,
  params: ZUuidParams,
  body: ZUpdateDepartmentRequest,
  success: { status: 200, body: z.object({ department: ZDirectoryDepartment }) },
});

/** The roadside settings as they apply: the offer time limit, and whether it is an admin's setting or the environment's. */
export const ZRoadsideSettings = z.object({
  offerSeconds: z.number(),
  source: z.enum(['setting', 'environment']),
  /** ROADSIDE_OFFER_SECONDS (default 300): what applies without a setting. */
  environmentOfferSeconds: z.number(),
  updatedAt: ZWireTimestamp.nullable(),
});

export const getRoadsideSettingsContract = defineContract({
  method: 'get',
  path: '/admin/roadside-settings',
  tag,
  summary: 'The roadside settings: the time a provider has to answer a rescue offer (an admin’s setting, else ROADSIDE_OFFER_SECONDS)',
  access: access.configReaders,
  success: { status: 200, body: ZRoadsideSettings },
});

export const updateRoadsideSettingsContract = defineContract({
  method: 'put',
  path: '/admin/roadside-settings',
  tag,
  summary:
    'Set the time a provider has to answer a rescue offer, 30–3600 seconds (null: back to ROADSIDE_OFFER_SECONDS). New offers get it; offers already out keep their due time. Recorded in the configuration history',
  access: access.admin,
  body: ZRoadsideSettingsRequest,
  success: { status: 200, body: ZRoadsideSettings },
});

// The category tree's edits (issue 14). Here rather than beside GET /categories: the console's first pages load the
// reference contracts' routes, and only the admin page needs these.
const categoryAnswer = { status: 200, body: z.object({ category: ZCategory }) } as const;

export const createCategoryContract = defineContract({
  method: 'post',
  path: '/categories',
  tag,
  summary:
    'Add a category under a parent of the same ticket type (or a root: parentId null and a ticketType); default priority and departments left out are the parent’s (409 DUPLICATE on a taken code; 422 UNKNOWN_REFERENCE, CATEGORY_TYPE_MISMATCH, CATEGORY_PARENT_INACTIVE)',
  access: access.admin,
  body: ZCreateCategoryRequest,
  success: { status: 201, body: z.object({ category: ZCategory }) },
});

export const updateCategoryContract = defineContract({
  method: 'patch',
  path: '/categories/:id',
  tag,
  summary: 'Rename a category (zh, en) or change its default priority, departments to copy, keywords (≤ 50, each ≤ 30 characters) or position; tickets keep their category',
  access: access.admin,
  params: ZUuidParams,
  body: ZUpdateCategoryRequest,
  success: categoryAnswer,
});

export const moveCategoryContract = defineContract({
  method: 'post',
  path: '/categories/:id/move',
  tag,
  summary:
    'Move a category and its subtree under another parent of the same ticket type (null: a root); the subtree’s paths are rewritten at once (422 CATEGORY_CYCLE into itself or its subtree, CATEGORY_TYPE_MISMATCH, CATEGORY_PARENT_INACTIVE, UNKNOWN_REFERENCE)',
  access: access.admin,
  params: ZUuidParams,
  body: ZMoveCategoryRequest,
  success: categoryAnswer,
});

export const deactivateCategoryContract = defineContract({
  method: 'post',
  path: '/categories/:id/deactivate',
  tag,
  summary: 'Deactivate a category and its whole subtree: no longer offered for new tickets; tickets keep theirs',
  access: access.admin,
  params: ZUuidParams,
  success: categoryAnswer,
});

export const reactivateCategoryContract = defineContract({
  method: 'post',
  path: '/categories/:id/reactivate',
  tag,
  summary: 'Reactivate a category (with `subtree: true`, everything below it too); under a deactivated parent: 422 CATEGORY_PARENT_INACTIVE',
  access: access.admin,
  params: ZUuidParams,
  body: ZReactivateCategoryRequest,
  success: categoryAnswer,
});
