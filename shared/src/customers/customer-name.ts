/**
 * Cleansing rules for customer names (the brand hotline's data rules): a person's name has at least two
 * characters, and a three-character name containing 先生 or 女士 is a placeholder ("王先生"), not a name.
 * Company customers may have longer names.
 */
export type CustomerKind = 'person' | 'company';

export type NameRejection = 'too_short' | 'too_long' | 'placeholder' | 'invalid_characters';

export type NameValidation = { ok: true; name: string } | { ok: false; reason: NameRejection };

const MAX_LENGTH: Record<CustomerKind, number> = { person: 30, company: 100 };
// Letters of any script, combining marks, and the separators real names use: 买买提·艾力, Anna-Lena O'Neil.
const PERSON_NAME = /^[\p{L}\p{M} ·•・.'\-]+$/u;
// Control and format characters arrive from copy-paste out of other systems; no company is named with them.
const CONTROL = /[\p{Cc}\p{Cf}]/u;
// 小姐 ("Miss") is the same placeholder as 先生 and 女士 in agents' notes.
const HONORIFIC = /先生|女士|小姐/;

/**
 * Checks and cleans a customer name: whitespace trimmed and collapsed, full-width Latin folded (NFKC), length counted
 * in characters, not UTF-16 units.
 *
 * - `too_short`: fewer than 2 characters.
 * - `too_long`: over 30 characters for a person, 100 for a company.
 * - `invalid_characters`: a person's name with digits or symbols; any name with control characters.
 * - `placeholder`: a person's name of at most 3 characters containing 先生, 女士 or 小姐 (王先生, 李女士). Longer names
 *   are accepted even when they contain one (张先生伟): the rule of the brief targets surname + title only.
 */
export function validateCustomerName(name: string, kind: CustomerKind): NameValidation {
  const cleaned = name.normalize('NFKC').trim().replace(/\s+/g, ' ');
  const length = [...cleaned].length;
  if (length < 2) return { ok: false, reason: 'too_short' };
  if (length > MAX_LENGTH[kind]) return { ok: false, reason: 'too_long' };
  if (CONTROL.test(cleaned)) return { ok: false, reason: 'invalid_characters' };
  if (kind === 'person') {
    if (!PERSON_NAME.test(cleaned)) return { ok: false, reason: 'invalid_characters' };
    if (length <= 3 && HONORIFIC.test(cleaned)) return { ok: false, reason: 'placeholder' };
  }
  return { ok: true, name: cleaned };
}
