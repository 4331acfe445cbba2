/** Chinese phone numbers: normalizing, validating and masking. */

// Separators people and upstream systems put into numbers: spaces, dashes, dots, parentheses (ASCII and full-width,
// the latter already folded to ASCII by NFKC).
const SEPARATORS = /[\s\-.()]/g;
// A country code is only dropped in front of exactly 11 digits: "86" in front of anything else may be a real number.
const COUNTRY_CODE = /^(?:\+86|0086|86)(\d{11})$/;

/**
 * The digits of a number as the platform stores them: full-width digits folded to ASCII, separators removed, and a
 * leading +86 / 0086 / 86 dropped when exactly 11 digits follow. Anything else (a foreign "+1…", letters) is left
 * in place so that the validators refuse it rather than mistake it for a mainland number.
 */
export function normalizeMobile(input: string): string {
  const compact = input.normalize('NFKC').replace(SEPARATORS, '');
  return compact.replace(COUNTRY_CODE, '$1');
}

/** An 11-digit mainland mobile number: 1, then 3–9, then nine digits. Pass it through `normalizeMobile` first. */
export function isValidMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/**
 * A contact number: a mobile, a landline with its area code (010/02x take 8 digits: 021-12345678; the 4-digit codes
 * 7 or 8: 0755-1234567), or a 400/800 service number. Separators are ignored.
 */
export function isValidPhone(value: string): boolean {
  const digits = normalizeMobile(value);
  return isValidMobile(digits) || /^0(?:10|2\d)\d{8}$/.test(digits) || /^0[3-9]\d{2}\d{7,8}$/.test(digits) || /^[48]00\d{7}$/.test(digits);
}

/**
 * `138****5678`: the first three and last four digits of an 11-digit (or longer) number. A shorter number keeps only
 * its last two digits: first-three-last-four would show a 7-digit number whole.
 */
export function maskPhone(value: string): string {
  const digits = normalizeMobile(value);
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}
