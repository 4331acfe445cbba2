import fc from 'fast-check';
import { excelSerialToDate, isInFuture, parseImportDate } from '../../shared/src/import/import-dates';
import { normalizeResidentId, residentIdCheckCharacter } from '../../shared/src/import/resident-id';

describe('import dates', () => {
  it.each([
    ['2024-01-05', '2024-01-05'],
    ['2024/1/5', '2024-01-05'],
    ['2024.1.5', '2024-01-05'],
    ['2024年1月5日', '2024-01-05'],
    ['2024年1月5', '2024-01-05'],
    ['２０２４年１月５日', '2024-01-05'],
    ['20240105', '2024-01-05'],
    ['2024/1/5 0:00:00', '2024-01-05'],
    ['2024-01-05 14:30', '2024-01-05'],
    ['2024年1月5日 14:30', '2024-01-05'],
    ['2024年1月5日 14时30分', '2024-01-05'],
    ['2024年1月5日14时30分15秒', '2024-01-05'],
    ['  2024-1-5  ', '2024-01-05'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    // Excel serials (1900 date system).
    ['45292', '2024-01-01'],
    ['45292.75', '2024-01-01'],
    ['1', '1900-01-01'],
    ['59', '1900-02-28'],
    ['61', '1900-03-01'],
    ['2958465', '9999-12-31'],
    // Timestamps: the day as written, zone or not (an XLSX date cell's evening time arrives as …T20:00:00.000Z).
    ['2024-01-05T23:59:59', '2024-01-05'],
    ['2024-01-05T20:00:00.000Z', '2024-01-05'],
    ['2024-01-05T00:00:00.000Z', '2024-01-05'],
    ['2024-01-05T01:00:00+08:00', '2024-01-05'],
    ['2024-01-05T20:00:00-05:00', '2024-01-05'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseImportDate(input)).toBe(expected);
  });

  it.each([
    ['a day February does not have', '2024-02-30'],
    ['the same in Chinese', '2024年2月30日'],
    ['29 February of a common year', '2023-02-29'],
    ['1900, a common year', '1900-02-29'],
    ['month 13', '2024-13-01'],
    ['day 0', '2024-01-00'],
    ['April 31st', '20240431'],
    ["Excel's fake 1900-02-29", '60'],
    ['serial 0', '0'],
    ['a serial past 9999-12-31', '2958466'],
    ['a day-first order', '05/01/2024'],
    ['a two-digit year', '24-1-5'],
    ['words', '去年春天'],
    ['an impossible timestamp', '2024-02-30T10:00:00Z'],
    ['empty', ''],
    ['a negative number', '-5'],
  ])('rejects %s (%s)', (_, input) => {
    expect(parseImportDate(input)).toBeNull();
  });

  it('reads every real day written in any of the formats back as that day', () => {
    const day = fc.date({ min: new Date('1900-03-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(day, (date) => {
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        for (const written of [iso, `${y}/${m}/${d}`, `${y}.${m}.${d}`, `${y}年${m}月${d}日`, iso.replace(/-/g, '')]) {
          expect(parseImportDate(written)).toBe(iso);
        }
        // Excel counts days from 1899-12-30 after its fake leap day.
        const serial = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
        expect(excelSerialToDate(serial)).toBe(iso);
      }),
    );
  });

  it('knows the future only from the day it is given', () => {
    expect(isInFuture('2024-06-02', '2024-06-01')).toBe(true);
    expect(isInFuture('2024-06-01', '2024-06-01')).toBe(false);
    expect(isInFuture('2023-12-31', '2024-06-01')).toBe(false);
  });
});

describe('resident ID numbers (GB 11643)', () => {
  // A number whose check character is right, so that only the rule under test can reject it.
  const withCheck = (first17: string) => `${first17}${residentIdCheckCharacter(first17)}`;

  it('accepts the standard example and upper-cases its x', () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → X.
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(normalizeResidentId('11010519491231002X')).toBe('11010519491231002X');
    expect(normalizeResidentId('11010519491231002x')).toBe('11010519491231002X');
    expect(normalizeResidentId('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normalizeResidentId('110105 19491231 002X')).toBe('11010519491231002X');
  });

  it('upgrades a valid 15-digit old ID to the 18-character number of the same person', () => {
    expect(normalizeResidentId('110105491231002')).toBe('11010519491231002X');
  });

  it.each([
    ['a wrong check character', '110105194912310021'],
    ['a birth date that does not exist', withCheck('11010519490230002')],
    ['a 15-digit ID with an impossible birth date', '110105490230002'],
    ['a birth year before 1900', withCheck('44052418800101001')],
    ['17 digits', '11010519491231002'],
    ['a leading zero region', withCheck('01010519491231002')],
    ['letters', '11010519491231002A'],
  ])('rejects %s (%s)', (_, input) => {
    expect(normalizeResidentId(input)).toBeNull();
  });

  it('accepts exactly one check character for any 17 digits with a real birth date', () => {
    const region = fc.integer({ min: 110000, max: 659999 }).map(String);
    const birth = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10).replace(/-/g, ''));
    const sequence = fc.integer({ min: 0, max: 999 }).map((value) => String(value).padStart(3, '0'));
    fc.assert(
      fc.property(region, birth, sequence, (r, b, s) => {
        const first17 = `${r}${b}${s}`;
        const accepted = '0123456789X'.split('').filter((check) => normalizeResidentId(`${first17}${check}`) !== null);
        expect(accepted).toEqual([residentIdCheckCharacter(first17)]);
      }),
    );
  });
});
