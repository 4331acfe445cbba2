import { z } from 'zod';
import { access } from '../auth/access';
import { ZChangePasswordRequest, ZLoginRequest, ZMfaCodeRequest, ZMfaVerifyRequest } from '../auth/auth.schemas';
import { ROLES } from '../tickets/ticket-vocabulary';
import { defineContract } from './contract';
import { ZWireTimestamp } from './wire';

export const ZSessionStage = z.enum(['active', 'mfa', 'enrol']);

/** The caller as the API names it: a user or a dealer system's API key. */
export const ZSessionUser = z.object({
  id: z.string(),
  kind: z.enum(['user', 'api_key', 'system']),
  name: z.string(),
  role: z.enum(ROLES),
  dealerId: z.string().nullable(),
  departmentId: z.string().nullable(),
});

const tag = 'auth';
const PENDING_STAGES = ['active', 'mfa', 'enrol'] as const;
const ENROLLING_STAGES = ['active', 'enrol'] as const;

export const loginContract = defineContract({
  method: 'post',
  path: '/auth/login',
  tag,
  summary: 'Sign in; sets the httpOnly session cookie',
  access: 'public',
  body: ZLoginRequest,
  success: {
    status: 200,
    body: z.object({
      user: ZSessionUser.extend({ kind: z.literal('user'), username: z.string(), locale: z.string() }),
      /** What the console must ask for before the session is a full one: a TOTP code, or TOTP enrolment; null: none. */
      next: z.enum(['mfa', 'enrol']).nullable(),
    }),
  },
});

export const logoutContract = defineContract({
  method: 'post',
  path: '/auth/logout',
  tag,
  summary: 'Sign out',
  access: access.signedIn,
  stages: PENDING_STAGES,
  success: { status: 204, body: null },
});

export const meContract = defineContract({
  method: 'get',
  path: '/auth/me',
  tag,
  summary: 'The signed-in user or API key, and the session stage (active, mfa, enrol)',
  access: access.signedIn,
  stages: PENDING_STAGES,
  success: { status: 200, body: z.object({ user: ZSessionUser, stage: ZSessionStage }) },
});

export const mfaVerifyContract = defineContract({
  method: 'post',
  path: '/auth/mfa/verify',
  tag,
  summary: 'Second sign-in step: a TOTP code or a recovery code (each works once); the session becomes a full one under a new cookie',
  access: access.signedIn,
  stages: ['mfa'],
  body: ZMfaVerifyRequest,
  success: { status: 200, body: z.object({ user: ZSessionUser, stage: ZSessionStage }) },
});

export const mfaStatusContract = defineContract({
  method: 'get',
  path: '/auth/mfa',
  tag,
  summary: 'Two-factor state of the signed-in user: enabled, required by role, recovery codes left',
  access: access.users,
  stages: ENROLLING_STAGES,
  success: {
    status: 200,
    body: z.object({ enabled: z.boolean(), enabledAt: ZWireTimestamp.nullable(), recoveryCodesLeft: z.number(), required: z.boolean() }),
  },
});

export const mfaEnrolContract = defineContract({
  method: 'post',
  path: '/auth/mfa/enrol',
  tag,
  summary: 'Start TOTP enrolment: secret, otpauth URI and QR image (data URL)',
  access: access.users,
  stages: ENROLLING_STAGES,
  success: { status: 200, body: z.object({ secret: z.string(), otpauthUri: z.string(), qrDataUrl: z.string() }) },
});

export const mfaConfirmContract = defineContract({
  method: 'post',
  path: '/auth/mfa/confirm',
  tag,
  summary: 'Confirm enrolment with a code; returns the 10 recovery codes once',
  access: access.users,
  stages: ENROLLING_STAGES,
  body: ZMfaCodeRequest,
  success: { status: 200, body: z.object({ recoveryCodes: z.array(z.string()), stage: z.literal('active') }) },
});

export const mfaDisableContract = defineContract({
  method: 'post',
  path: '/auth/mfa/disable',
  tag,
  summary: 'Turn TOTP off with a current code (not for roles that require it)',
  access: access.users,
  body: ZMfaCodeRequest,
  success: { status: 204, body: null },
});

export const changePasswordContract = defineContract({
  method: 'post',
  path: '/auth/password',
  tag,
  summary: 'Change one’s own password (WEAK_PASSWORD names the rule broken); other sessions end',
  access: access.users,
  body: ZChangePasswordRequest,
  success: { status: 204, body: null },
});
