/**
 * Mainland resident identity card numbers (GB 11643): the customer key that outranks the mobile number when merging
 * customers across source systems.
 *
 * An 18-character number is 6 digits of region, 8 of birth date, 3 of sequence and a check character (ISO 7064
 * MOD 11-2, 0–9 or X). A 15-digit number is the first-generation card (issued until 2004, some still in old records):
 * 6 of region, a 6-digit birth date in the 1900s and 3 of sequence, with no check character. Decision: a 15-digit
 * number is accepted when its birth date exists and is upgraded to the 18-character number the same person holds today
 * (insert "19" before the year, compute the check character), so a person recorded with either number in different
 * systems becomes one customer.
 */
import { calendarDay } from './import-dates';

// Weights 2^(17-i) mod 11 for positions 1–17, and the check character for each remainder of the weighted sum.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const EIGHTEEN = /^[1-9]\d{16}[\dX]$/;
const FIFTEEN = /^[1-9]\d{14}$/;

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID. */
export function residentIdCheckCharacter(first17: string): string {
  const sum = [...first17.slice(0, 17)].reduce((total, digit, index) => total + Number(digit) * WEIGHTS[index], 0);
  return CHECK_CHARACTERS[sum % 11];
}

function isRealBirthDate(yyyymmdd: string): boolean {
  return calendarDay(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8))) !== null;
}

/**
 * The 18-character form of a resident ID (NFKC-folded, spaces removed, x upper-cased), or null when it is not a valid
 * one: wrong length or characters, a birth date that does not exist, a wrong check character. Valid 15-digit numbers
 * come back upgraded to 18 characters.
 */
export function normalizeResidentId(input: string): string | null {
  const compact = input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (FIFTEEN.test(compact)) {
    const first17 = `${compact.slice(0, 6)}19${compact.slice(6)}`;
    return isRealBirthDate(first17.slice(6, 14)) ? `${first17}${residentIdCheckCharacter(first17)}` : null;
  }
  if (!EIGHTEEN.test(compact) || !isRealBirthDate(compact.slice(6, 14))) return null;
  return compact[17] === residentIdCheckCharacter(compact) ? compact : null;
}
