/** Chinese phone numbers: normalizing, validating and masking. */

/** Digits only, without a leading +86 / 0086 / 86 country code in front of an 11-digit mobile. */
export function normalizeMobile(input: string): string {
  const digits = input.replace(/[\s\-()（）]/g, '').replace(/^\+/, '');
  const withoutCountry = digits.replace(/^(0086|86)(1\d{10})$/, '$2');
  return withoutCountry;
}

/** An 11-digit mainland mobile number (1[3-9]xxxxxxxxx). */
export function isValidMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/** A mobile, or a landline with area code (010-12345678, 0755-1234567), or a 400/800 service number. */
export function isValidPhone(value: string): boolean {
  const digits = value.replace(/-/g, '');
  return isValidMobile(digits) || /^0\d{2,3}\d{7,8}$/.test(digits) || /^[48]00\d{7}$/.test(digits);
}

/**
 * `138****5678`: the first three and last four digits of an 11-digit (or longer) number kept. Anything shorter
 * keeps only its last two digits, so a masked number never shows more than half of itself.
 */
export function maskPhone(value: string): string {
  if (value.length >= 11) return `${value.slice(0, 3)}****${value.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, value.length - 2))}${value.slice(-2)}`;
}
