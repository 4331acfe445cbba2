import { z } from 'zod';

// PostgreSQL text cannot hold NUL, and a lone surrogate is no character at all: such input is refused, not stored.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ZReadableText = z.string().refine((value) => !value.includes('\u0000') && !LONE_SURROGATE.test(value), {
  message: 'contains a NUL character or a lone surrogate',
});

export const ZLoginRequest = z.strictObject({
  username: ZReadableText.pipe(z.string().trim().min(1).max(64)),
  password: ZReadableText.pipe(z.string().min(1).max(200)),
});

/** The second step of sign-in: a 6-digit TOTP code, or one of the recovery codes. */
export const ZMfaVerifyRequest = z.union([
  z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, '6 digits') }),
  z.strictObject({ recoveryCode: z.string().trim().min(8).max(20).regex(/^[A-Za-z0-9 -]+$/, 'letters, digits and dashes') }),
]);
export const ZMfaCodeRequest = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, '6 digits') });
export const ZChangePasswordRequest = z.strictObject({
  currentPassword: ZReadableText.pipe(z.string().min(1).max(200)),
  newPassword: ZReadableText.pipe(z.string().min(1).max(200)),
});
