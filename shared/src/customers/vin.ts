/**
 * Vehicle identification numbers (ISO 3779; GB 16735 in China): 17 characters, no I, O or Q, and a check digit in
 * position 9 computed from the others.
 */
const TRANSLITERATION: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;

function valueOf(character: string): number {
  return /\d/.test(character) ? Number(character) : TRANSLITERATION[character];
}

/** Trimmed and upper-cased; callers type VINs in any case. */
export function normalizeVin(input: string): string {
  return input.trim().toUpperCase();
}

/** The check digit ('0'–'9' or 'X') for a 17-character VIN; position 9 itself is ignored. */
export function vinCheckDigit(vin17: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += valueOf(vin17[index]) * WEIGHTS[index];
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** True for a well-formed VIN whose check digit matches. */
export function isValidVin(vin: string): boolean {
  const normalized = normalizeVin(vin);
  return VIN_PATTERN.test(normalized) && normalized[8] === vinCheckDigit(normalized);
}

/** Builds a valid VIN from its first 8 and last 8 characters by inserting the check digit. */
export function completeVin(first8: string, last8: string): string {
  const draft = normalizeVin(`${first8}0${last8}`);
  if (!VIN_PATTERN.test(draft)) throw new Error(`not VIN characters: ${first8} / ${last8}`);
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}
