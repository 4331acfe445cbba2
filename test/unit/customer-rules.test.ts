import fc from 'fast-check';
import { validateCustomerName } from '../../shared/src/customers/customer-name';
import { lifecycleStageOf } from '../../shared/src/customers/lifecycle-stage';
import { isValidMobile, isValidPhone, maskPhone, normalizeMobile } from '../../shared/src/customers/phone';
import { completeVin, isValidVin, normalizeVin, vinCheckDigit } from '../../shared/src/customers/vin';

const VIN_CHARACTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'.split('');

describe('VIN check digit', () => {
  it.each(['1M8GDM9AXKP042788', '11111111111111111', '1HGCM82633A004352', 'JH4KA7561PC008269'])('accepts the real VIN %s', (vin) => {
    expect(isValidVin(vin)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '1M8GDM9A1KP042788'],
    ['the letter O', '1M8GDM9AXKP04278O'],
    ['16 characters', '1M8GDM9AXKP04278'],
    ['18 characters', '1M8GDM9AXKP0427888'],
    ['a Chinese character', '1M8GDM9AXKP04278车'],
  ])('refuses %s', (_name, vin) => {
    expect(isValidVin(vin)).toBe(false);
  });

  it('normalizes case and spaces', () => {
    expect(normalizeVin('  1m8gdm9axkp042788 ')).toBe('1M8GDM9AXKP042788');
    expect(isValidVin('1m8gdm9axkp042788')).toBe(true);
    expect(vinCheckDigit('1M8GDM9A0KP042788')).toBe('X');
  });

  it('completeVin always gives a valid VIN, and changing one character at a weighted position breaks it', () => {
    const part = fc.array(fc.constantFrom(...VIN_CHARACTERS), { minLength: 8, maxLength: 8 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(part, part, fc.integer({ min: 0, max: 16 }), fc.constantFrom(...VIN_CHARACTERS), (first, last, position, replacement) => {
        const vin = completeVin(first, last);
        expect(isValidVin(vin)).toBe(true);
        // Position 9 is the check digit itself; replacing a character by one of the same transliterated value
        // (e.g. A and J are both 1) keeps the sum, as the standard intends.
        const value = (char: string) => ('0123456789'.includes(char) ? Number(char) : { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 }[char]!);
        fc.pre(position !== 8 && value(replacement) !== value(vin[position]));
        const changed = vin.slice(0, position) + replacement + vin.slice(position + 1);
        expect(isValidVin(changed)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('mobile numbers', () => {
  it.each([
    ['138 1234 5678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
  ])('normalizes %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
    expect(isValidMobile(normalizeMobile(input))).toBe(true);
  });

  it.each(['1381234567', '138123456789', '12812345678', '23812345678', '1381234567a'])('refuses %s as a mobile', (input) => {
    expect(isValidMobile(normalizeMobile(input))).toBe(false);
  });

  it('accepts landlines and service numbers as contact phones', () => {
    expect(isValidPhone(normalizeMobile('021-12345678'))).toBe(true);
    expect(isValidPhone(normalizeMobile('0755-1234567'))).toBe(true);
    expect(isValidPhone('4008001234')).toBe(true);
    expect(isValidPhone('12345')).toBe(false);
  });

  it('masks as 138****5678 and never shows more than half of a short number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('02112345678')).toBe('021****5678');
    expect(maskPhone('1234567')).toBe('*****67');
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,15}$/), (digits) => {
        const visible = maskPhone(digits).replace(/\*/g, '').length;
        expect(visible).toBeLessThanOrEqual(Math.max(2, Math.ceil(digits.length * 0.7)));
        expect(maskPhone(digits).length).toBe(digits.length >= 11 ? 11 : digits.length);
      }),
    );
  });
});

describe('customer name cleansing (domain brief)', () => {
  it.each([
    ['张三', 'person', true],
    ['欧阳娜娜', 'person', true],
    ['王', 'person', 'too_short'],
    ['李先生', 'person', 'placeholder'],
    ['王女士', 'person', 'placeholder'],
    ['张先', 'person', true],
    ['司马先生', 'person', true],
    ['张3', 'person', 'invalid_characters'],
    ['上海顺达物流有限公司', 'company', true],
    ['上海顺达国际物流供应链管理有限公司浦东新区第一分公司', 'company', true],
    ['上海顺达国际物流供应链管理有限公司浦东新区第一分公司第二仓储中心', 'company', true],
    ['欧阳'.repeat(16), 'person', 'too_long'],
  ] as const)('%s as %s → %s', (name, kind, expected) => {
    const result = validateCustomerName(name, kind);
    if (expected === true) expect(result).toEqual({ ok: true, name });
    else expect(result).toEqual({ ok: false, reason: expected });
  });

  it('trims before judging', () => {
    expect(validateCustomerName('  王芳  ', 'person')).toEqual({ ok: true, name: '王芳' });
    expect(validateCustomerName(' 王 ', 'person')).toEqual({ ok: false, reason: 'too_short' });
  });
});

describe('customer lifecycle stage', () => {
  const at = new Date('2026-11-23T00:00:00Z');
  it.each([
    ['2026-10-01', 'honeymoon'],
    ['2026-08-24', 'honeymoon'],
    ['2026-08-23', 'early_use'],
    ['2025-12-01', 'early_use'],
    ['2025-11-23', 'warranty'],
    ['2023-11-24', 'warranty'],
    ['2023-11-23', 'out_of_warranty'],
    ['2021-11-23', 'repurchase'],
  ])('bought %s → %s', (purchaseDate, stage) => {
    expect(lifecycleStageOf(purchaseDate, at)).toBe(stage);
  });
  it('is unknown without a purchase date', () => {
    expect(lifecycleStageOf(null, at)).toBeNull();
  });
});
