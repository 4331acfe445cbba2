import { AppError } from '../../errors/app-error';
import { DEMO_PASSWORD } from '../demo/seed-demo';

export const MIN_PASSWORD_LENGTH = 10;

/** A rule a new password broke; clients show one line per rule. */
export type PasswordRule = 'min_length' | 'contains_username' | 'demo_password' | 'common_password';

// The most used passwords (global lists and the Chinese ones) that reach 10 characters, plus careline's own demo one.
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '0123456789',
  '1111111111',
  '0000000000',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'qwerty123456',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou123',
  'woaini1314520',
  'woaini520520',
  'a1234567890',
  'abc1234567',
  'abcd123456',
  'admin12345',
  'admin123456',
  'administrator',
  'changeme123',
  'welcome123',
  'careline123',
  'careline2025',
]);
const DEMO_PASSWORDS = new Set([DEMO_PASSWORD]);

/** The rules a new password breaks (none: it may be set). Demo and common passwords are refused in production only. */
export function brokenPasswordRules(options: { password: string; username: string; production: boolean }): PasswordRule[] {
  const password = options.password.normalize('NFKC');
  const lower = password.toLowerCase();
  const username = options.username.trim().toLowerCase();
  const broken: PasswordRule[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) broken.push('min_length');
  if (username.length >= 3 && lower.includes(username)) broken.push('contains_username');
  if (options.production && DEMO_PASSWORDS.has(lower)) broken.push('demo_password');
  if (options.production && COMMON_PASSWORDS.has(lower)) broken.push('common_password');
  return broken;
}

/**
 * Throws WEAK_PASSWORD naming each broken rule (`details.rules`); called wherever a password is set: an admin creating
 * a user or resetting a password, a user changing their own.
 */
export function assertPasswordAllowed(options: { password: string; username: string; production: boolean }): void {
  const rules = brokenPasswordRules(options);
  if (rules.length > 0) throw new AppError('WEAK_PASSWORD', { rules, minLength: MIN_PASSWORD_LENGTH });
}
