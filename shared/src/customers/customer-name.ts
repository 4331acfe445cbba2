/**
 * Cleansing rules for customer names from domain/BRIEF.md (the Audi chapter): a person's name has at least two
 * characters, and a three-character name containing 先生 or 女士 is a placeholder ("王先生"), not a name.
 * Company customers may have longer names.
 */
export type CustomerKind = 'person' | 'company';

export type NameValidation =
  | { ok: true; name: string }
  | { ok: false; reason: 'too_short' | 'too_long' | 'placeholder' | 'invalid_characters' };

const MAX_LENGTH: Record<CustomerKind, number> = { person: 30, company: 100 };

export function validateCustomerName(name: string, kind: CustomerKind): NameValidation {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const length = [...trimmed].length;
  if (length < 2) return { ok: false, reason: 'too_short' };
  if (length > MAX_LENGTH[kind]) return { ok: false, reason: 'too_long' };
  if (kind === 'person') {
    if (/[\d@#$%^&*_=+<>{}[\]\\|/]/.test(trimmed)) return { ok: false, reason: 'invalid_characters' };
    if (length <= 3 && /先生|女士|小姐/.test(trimmed)) return { ok: false, reason: 'placeholder' };
  }
  return { ok: true, name: trimmed };
}
