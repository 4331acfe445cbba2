/**
 * Vehicle identification numbers (ISO 3779; GB 16735 in China): 17 characters, no I, O or Q, and a check digit in
 * position 9 computed from the others. GB 16735 makes the check digit mandatory, so every Chinese VIN carries one.
 */

// ISO 3779 / FMVSS 565 transliteration: letters count as digits, skipping I, O and Q (too like 1 and 0).
const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
// Position 9 weighs 0: it is the check digit itself.
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;
const VIN_CHARACTER = /^[A-HJ-NPR-Z0-9]$/;
const CHECK_DIGIT_POSITION = 8;

function valueOf(character: string): number {
  return /\d/.test(character) ? Number(character) : TRANSLITERATION[character];
}

/** Trimmed and upper-cased; callers type VINs in any case. Does not validate. */
export function normalizeVin(input: string): string {
  return input.trim().toUpperCase();
}

/**
 * The check digit ('0'–'9', or 'X' for a remainder of 10) of a 17-character VIN. Position 9 itself is ignored, so a
 * draft with any placeholder there works.
 * @throws RangeError when the input is not 17 characters or a position other than 9 holds a character a VIN cannot.
 */
export function vinCheckDigit(vin17: string): string {
  const characters = [...vin17];
  const malformed = characters.some((character, index) => index !== CHECK_DIGIT_POSITION && !VIN_CHARACTER.test(character));
  if (characters.length !== 17 || malformed) throw new RangeError(`not a 17-character VIN: ${vin17}`);
  const sum = characters.reduce((total, character, index) => total + (index === CHECK_DIGIT_POSITION ? 0 : valueOf(character) * WEIGHTS[index]), 0);
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** True for a well-formed VIN (after trimming and upper-casing) whose check digit matches. */
export function isValidVin(vin: string): boolean {
  const normalized = normalizeVin(vin);
  return VIN_PATTERN.test(normalized) && normalized[CHECK_DIGIT_POSITION] === vinCheckDigit(normalized);
}

/**
 * A valid VIN from its first 8 characters (manufacturer code and vehicle descriptor) and last 8 (model year, plant,
 * serial number), with the check digit computed and inserted between them.
 * @throws RangeError when either part is not 8 VIN characters.
 */
export function completeVin(first8: string, last8: string): string {
  const head = normalizeVin(first8);
  const tail = normalizeVin(last8);
  if (head.length !== 8 || tail.length !== 8) throw new RangeError(`a VIN is completed from 8 + 8 characters: ${first8} / ${last8}`);
  const draft = `${head}0${tail}`;
  if (!VIN_PATTERN.test(draft)) throw new RangeError(`not VIN characters: ${first8} / ${last8}`);
  return `${head}${vinCheckDigit(draft)}${tail}`;
}
