import fc from 'fast-check';
import { validateCustomerName } from '../../shared/src/customers/customer-name';
import { isValidMobile, isValidPhone, maskPhone, normalizeMobile } from '../../shared/src/customers/phone';
import { completeVin, isValidVin, normalizeVin, vinCheckDigit } from '../../shared/src/customers/vin';

const VIN_CHARACTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'.split('');
// ISO 3779 transliteration, written out again here so the test does not trust the table it checks.
const TRANSLITERATED: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const valueOf = (character: string) => (/\d/.test(character) ? Number(character) : TRANSLITERATED[character]);
const vinPart = fc.array(fc.constantFrom(...VIN_CHARACTERS), { minLength: 8, maxLength: 8 }).map((characters) => characters.join(''));

describe('VIN (ISO 3779 / GB 16735)', () => {
  it.each([
    ['1M8GDM9AXKP042788', 'X'],
    ['11111111111111111', '1'],
    ['1HGCM82633A004352', '3'],
    ['JH4KA7561PC008269', '1'],
    ['WP0AB2A71EL050126', '1'],
  ])('accepts the real VIN %s (check digit %s)', (vin, checkDigit) => {
    expect(isValidVin(vin)).toBe(true);
    expect(vinCheckDigit(vin)).toBe(checkDigit);
  });

  it('computes hand-checked check digits', () => {
    // L3·8 + S2·7 + V5·6 + A1·5 + X7·4 + 3·3 + 2·2 + 1·10 + S2·9 + A1·8 + 9·7 + 0 + 0 + 0 + 0 + 1·2 = 215; 215 mod 11 = 6.
    expect(completeVin('LSVAX321', 'SA900001')).toBe('LSVAX3216SA900001');
    // The same with serial …003: 219 mod 11 = 10, written X.
    expect(completeVin('LSVAX321', 'SA900003')).toBe('LSVAX321XSA900003');
    // L24 + F42 + V30 + B10 + A4 + 2·3 + 4·2 + K20 + R81 + 3·8 + 0 + 1·6 + 2·5 + 3·4 + 4·3 + 5·2 = 299; 299 mod 11 = 2.
    expect(completeVin('lfvba24k', 'r3012345')).toBe('LFVBA24K2R3012345');
    expect(vinCheckDigit('LSVAX321?SA900001')).toBe('6');
  });

  it.each([
    ['a wrong check digit', '1M8GDM9A1KP042788'],
    ['the letter I', '1M8GDM9AXKP04278I'],
    ['the letter O', '1M8GDM9AXKP04278O'],
    ['the letter Q', 'Q1111111111111111'],
    ['16 characters', '1M8GDM9AXKP04278'],
    ['18 characters', '1M8GDM9AXKP0427888'],
    ['a Chinese character', '1M8GDM9AXKP04278车'],
    ['inner spaces', '1M8GDM9AX KP04278'],
    ['an empty string', ''],
    // European VINs may carry no check digit (ZZZ filler); GB 16735 requires one, so they fail.
    ['a European-style VIN without a check digit', 'WVWZZZ3CZWE689725'],
  ])('refuses %s', (_name, vin) => {
    expect(isValidVin(vin)).toBe(false);
  });

  it('normalizes case and surrounding spaces', () => {
    expect(normalizeVin('  1m8gdm9axkp042788 ')).toBe('1M8GDM9AXKP042788');
    expect(isValidVin(' 1m8gdm9axkp042788\t')).toBe(true);
  });

  it('refuses to compute or complete from malformed input', () => {
    expect(() => vinCheckDigit('1M8GDM9AXKP04278')).toThrow(RangeError);
    expect(() => vinCheckDigit('1M8GDM9AXKP04278O')).toThrow(RangeError);
    expect(() => completeVin('LSVAX32', 'SA9000011')).toThrow(RangeError);
    expect(() => completeVin('LSVAX32I', 'SA900001')).toThrow(RangeError);
  });

  it('completeVin always yields a valid VIN that keeps both parts', () => {
    fc.assert(
      fc.property(vinPart, vinPart, (first, last) => {
        const vin = completeVin(first, last);
        expect(isValidVin(vin)).toBe(true);
        expect(vin.slice(0, 8)).toBe(first);
        expect(vin.slice(9)).toBe(last);
      }),
      { numRuns: 2000 },
    );
  });

  it('changing one character breaks the VIN unless the new one transliterates to the same value', () => {
    fc.assert(
      fc.property(vinPart, vinPart, fc.integer({ min: 0, max: 16 }), fc.constantFrom(...VIN_CHARACTERS), (first, last, position, replacement) => {
        const vin = completeVin(first, last);
        fc.pre(replacement !== vin[position]);
        const changed = vin.slice(0, position) + replacement + vin.slice(position + 1);
        // Every weight but position 9's is non-zero mod 11 (a prime), so a different value always changes the remainder;
        // position 9 is the check digit itself, which any change falsifies. A and J (both 1) are the known blind spot.
        const sameValue = position !== 8 && valueOf(replacement) === valueOf(vin[position]);
        expect(isValidVin(changed)).toBe(sameValue);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('mobile and contact numbers', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['(+86) 138 1234 5678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['１３８ １２３４ ５６７８', '13812345678'],
  ])('normalizes %s to a valid mobile', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
    expect(isValidMobile(normalizeMobile(input))).toBe(true);
  });

  it('keeps a country code that is not followed by exactly 11 digits, and foreign numbers', () => {
    expect(normalizeMobile('86123456789')).toBe('86123456789');
    expect(normalizeMobile('8613812345')).toBe('8613812345');
    expect(normalizeMobile('+86 21 1234 5678')).toBe('+862112345678');
    expect(normalizeMobile('+1 415 555 0123')).toBe('+14155550123');
    // Stripping the "+" alone would have turned this US number into a plausible 1[3-9] mobile.
    expect(isValidMobile(normalizeMobile('+1 555 123 4567'))).toBe(false);
  });

  it.each(['1381234567', '138123456789', '12812345678', '10012345678', '23812345678', '1381234567a', ''])(
    'refuses %s as a mobile',
    (input) => {
      expect(isValidMobile(normalizeMobile(input))).toBe(false);
    },
  );

  it.each(['130', '135', '139', '147', '150', '166', '176', '180', '189', '191', '199'])('accepts the prefix %s', (prefix) => {
    expect(isValidMobile(`${prefix}12345678`)).toBe(true);
  });

  it.each([
    ['021-12345678', true],
    ['010 8888 6666', true],
    ['0755-1234567', true],
    ['0755-12345678', true],
    ['4008001234', true],
    ['800-810-8888', true],
    ['+86 139 0000 1234', true],
    ['021-1234567', false],
    ['0755-123456', false],
    ['12345', false],
    ['21-12345678', false],
  ])('as a contact phone %s → %s', (input, expected) => {
    expect(isValidPhone(input)).toBe(expected);
  });

  it.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['02112345678', '021****5678'],
    ['075512345678', '075****5678'],
    ['1234567', '*****67'],
    ['123456', '****56'],
    ['12', '12'],
  ])('masks %s as %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('never shows more than first-three-last-four of a long number, or more than two digits of a short one', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,15}$/), (digits) => {
        const masked = maskPhone(digits);
        const visible = masked.replace(/\*/g, '').length;
        expect(visible).toBeLessThanOrEqual(normalizeMobile(digits).length >= 11 ? 7 : 2);
        if (digits.length >= 3) expect(masked).not.toBe(digits);
      }),
    );
  });
});

describe('customer name cleansing (domain brief)', () => {
  it.each([
    ['张三', 'person', true],
    ['王芳', 'person', true],
    ['欧阳娜娜', 'person', true],
    ['买买提·艾力', 'person', true],
    ['Anna-Lena Schmidt', 'person', true],
    ['张先', 'person', true],
    // The brief's rule is for three characters (surname + title); 张先生伟 is odd but not that placeholder.
    ['张先生伟', 'person', true],
    ['王', 'person', 'too_short'],
    ['', 'person', 'too_short'],
    ['李先生', 'person', 'placeholder'],
    ['王女士', 'person', 'placeholder'],
    ['陈小姐', 'person', 'placeholder'],
    ['先生', 'person', 'placeholder'],
    ['张3', 'person', 'invalid_characters'],
    ['张@伟', 'person', 'invalid_characters'],
    ['欧阳'.repeat(15), 'person', true],
    ['欧阳'.repeat(15) + '娜', 'person', 'too_long'],
    ['上海顺达物流有限公司', 'company', true],
    // A company may be called 李先生 (a noodle chain is): the placeholder rule is for persons.
    ['李先生', 'company', true],
    ['上海1号物流有限公司', 'company', true],
    ['上海顺达国际物流供应链管理有限公司浦东新区第一分公司第二仓储中心', 'company', true],
    ['公'.repeat(100), 'company', true],
    ['公'.repeat(101), 'company', 'too_long'],
    ['X', 'company', 'too_short'],
  ] as const)('%s as %s → %s', (name, kind, expected) => {
    const result = validateCustomerName(name, kind);
    if (expected === true) expect(result).toEqual({ ok: true, name });
    else expect(result).toEqual({ ok: false, reason: expected });
  });

  it('trims, collapses whitespace and folds full-width characters before judging', () => {
    expect(validateCustomerName('  王芳  ', 'person')).toEqual({ ok: true, name: '王芳' });
    expect(validateCustomerName('欧阳\u3000 娜娜', 'person')).toEqual({ ok: true, name: '欧阳 娜娜' });
    expect(validateCustomerName(' 王 ', 'person')).toEqual({ ok: false, reason: 'too_short' });
    expect(validateCustomerName(' 李先生 ', 'person')).toEqual({ ok: false, reason: 'placeholder' });
    expect(validateCustomerName('张３', 'person')).toEqual({ ok: false, reason: 'invalid_characters' });
  });

  it('counts characters, not UTF-16 units', () => {
    // 𠀀 is outside the Basic Multilingual Plane: two UTF-16 units, one character.
    expect(validateCustomerName('𠀀', 'person')).toEqual({ ok: false, reason: 'too_short' });
    expect(validateCustomerName('𠀀'.repeat(30), 'person')).toEqual({ ok: true, name: '𠀀'.repeat(30) });
  });
});
