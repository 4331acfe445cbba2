import { z } from 'zod';
import { ROLES } from '../tickets/ticket-vocabulary';

const ZEmail = z.email().max(200);
const ZDisplayName = z.string().trim().min(1).max(60);
/** Lower-case sign-in names: `agent`, `d-sh-001`, `li.ming`. */
export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'letters, digits, dot, dash or underscore; 2–40 characters');
/**
 * An initial or reset password (hashed with scrypt, never stored). Length and the other password rules are checked by
 * the command, which answers WEAK_PASSWORD naming each rule broken.
 */
export const ZNewPassword = z.string().min(1).max(200);


export const ZUserListQuery = z.strictObject({
  role: z.enum(ROLES).optional(),
  dealerId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  active: z.enum(['true', 'false']).optional(),
  /** Part of the username, display name or e-mail. */
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TUserListQuery = z.infer<typeof ZUserListQuery>;

export const ZCreateUserRequest = z.strictObject({
  username: ZUsername,
  displayName: ZDisplayName,
  email: ZEmail.nullable().optional(),
  role: z.enum(ROLES),
  dealerId: z.uuid().nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
  password: ZNewPassword,
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

/** Role, scope, e-mail or display name; the scope must fit the (new) role. */
export const ZUpdateUserRequest = z
  .strictObject({
    displayName: ZDisplayName.optional(),
    email: ZEmail.nullable().optional(),
    role: z.enum(ROLES).optional(),
    dealerId: z.uuid().nullable().optional(),
    departmentId: z.uuid().nullable().optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'nothing to change' });
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZResetPasswordRequest = z.strictObject({ password: ZNewPassword });

export const ZUpdateDepartmentRequest = z
  .strictObject({
    nameZh: z.string().trim().min(1).max(60).optional(),
    nameEn: z.string().trim().min(1).max(100).optional(),
    notificationEmails: z.array(ZEmail).max(10).optional(),
    /** null: the department works on the standard calendar. */
    calendarId: z.uuid().nullable().optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'nothing to change' });
export type TUpdateDepartmentRequest = z.infer<typeof ZUpdateDepartmentRequest>;
