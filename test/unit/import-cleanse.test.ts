import { completeVin } from '../../shared/src/customers/vin';
import { cleanCell, cleanseCustomerRow, cleanseRelationRow, cleanseVehicleRow, customerKindOf, type ImportProblem } from '../../shared/src/import/import-cleanse';
import { flagsOfUsage, IMPORT_FLAG_LABELS, IMPORT_FLAGS, IMPORT_RULE_CODES, IMPORT_RULES, importRuleMessage, parseYesNo } from '../../shared/src/import/import-rules';

const TODAY = '2024-06-01';
const VIN = completeVin('LSVAX321', 'SA900001');
const customer = (overrides: Record<string, string> = {}) => cleanseCustomerRow({ name: '张伟', mobile: '13812345678', ...overrides });
const vehicle = (overrides: Record<string, string> = {}) => cleanseVehicleRow({ vin: VIN, model: 'A6L', ...overrides }, TODAY);
const problemsOf = (result: { ok: boolean; problems?: ImportProblem[] }) => (result.ok ? [] : result.problems!.map((problem) => `${problem.field}:${problem.rule}`));

describe('the rule catalogue', () => {
  it('has a Chinese and an English message for every rule and flag', () => {
    for (const code of IMPORT_RULE_CODES) {
      expect(IMPORT_RULES[code].zh).toMatch(/\p{Script=Han}/u);
      expect(IMPORT_RULES[code].en).toMatch(/^[A-Z]/);
      expect(importRuleMessage(code, 'en')).toBe(IMPORT_RULES[code].en);
      expect(importRuleMessage(code, 'zh-CN')).toBe(IMPORT_RULES[code].zh);
    }
    for (const flag of IMPORT_FLAGS) expect(IMPORT_FLAG_LABELS[flag].zh).toMatch(/\p{Script=Han}|PDI/u);
  });
});

describe('cells', () => {
  it.each([
    ['  张伟  ', '张伟'],
    ['ＡＢＣ　１２３', 'ABC 123'],
    ['欧阳\t 娜娜', '欧阳 娜娜'],
  ])('folds and trims %j', (input, expected) => expect(cleanCell(input)).toBe(expected));

  it.each(['', '   ', '-', '--', '/', '无', 'NULL', 'n/a', '#N/A', undefined])('treats %j as missing', (input) => {
    expect(cleanCell(input)).toBeUndefined();
  });
});

describe('customer rows', () => {
  it('cleans a good row', () => {
    expect(customer({ mobile: '+86 138-1234-5678', idNumber: '11010519491231002x', email: ' Zhang@Example.COM ', province: '北京', city: '北京' })).toEqual({
      ok: true,
      record: { kind: 'person', name: '张伟', mobile: '13812345678', idNumber: '11010519491231002X', email: 'zhang@example.com', province: '北京', city: '北京' },
      flags: [],
    });
  });

  it.each([
    ['欧阳娜娜', '欧阳娜娜'],
    ['张先生伟', '张先生伟'],
    ['买买提·艾力', '买买提·艾力'],
    ['王 芳', '王 芳'],
    ['Ｌｉ Ｌｅｉ', 'Li Lei'],
  ])('accepts the person name %s', (name, expected) => {
    const result = customer({ name });
    expect(result.ok && result.record.name).toBe(expected);
  });

  it.each([
    ['李', 'NAME_TOO_SHORT'],
    ['王先生', 'NAME_PLACEHOLDER'],
    ['李女士', 'NAME_PLACEHOLDER'],
    ['陈小姐', 'NAME_PLACEHOLDER'],
    ['张三3', 'NAME_INVALID_CHARACTERS'],
    ['张伟（VIP）', 'NAME_INVALID_CHARACTERS'],
    ['张'.repeat(31), 'NAME_TOO_LONG'],
    ['', 'REQUIRED_MISSING'],
    ['无', 'REQUIRED_MISSING'],
  ])('rejects the person name %j with %s', (name, rule) => {
    expect(problemsOf(customer({ name }))).toEqual([`name:${rule}`]);
  });

  it('lets companies have longer names and infers them from the name', () => {
    const long = `${'华'.repeat(60)}汽车销售服务有限公司`;
    const result = customer({ name: long });
    expect(result.ok && result.record.kind).toBe('company');
    expect(problemsOf(customer({ name: `${'华'.repeat(100)}公司` }))).toEqual(['name:NAME_TOO_LONG']);
    expect(customerKindOf(undefined, 'ACME Trading Co., Ltd')).toBe('company');
    expect(customerKindOf(undefined, '上海某某集团')).toBe('company');
    expect(customerKindOf(undefined, '张公司伟')).toBe('person');
    // A kind column decides over the name.
    expect(customerKindOf('个人', '北京某某有限公司')).toBe('person');
    expect(customerKindOf('单位', '张伟')).toBe('company');
    expect(customerKindOf('Company', '张伟')).toBe('company');
  });

  it('reports an unknown kind without rejecting the name twice', () => {
    expect(problemsOf(customer({ kind: '外星人' }))).toEqual(['kind:CUSTOMER_KIND_INVALID']);
  });

  it.each([
    ['+86 138-1234-5678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['８６１３８１２３４５６７８', '13812345678'],
    ['(138) 1234 5678', '13812345678'],
    ['199.1234.5678', '19912345678'],
  ])('normalises the mobile %j', (mobile, expected) => {
    const result = customer({ mobile });
    expect(result.ok && result.record.mobile).toBe(expected);
  });

  it.each([
    ['1381234567', 'MOBILE_INVALID'],
    ['138123456789', 'MOBILE_INVALID'],
    ['12812345678', 'MOBILE_INVALID'],
    ['010-12345678', 'MOBILE_INVALID'],
    ['+1 415 555 0100', 'MOBILE_INVALID'],
    ['', 'MOBILE_MISSING'],
    ['无', 'MOBILE_MISSING'],
  ])('rejects the mobile %j with %s', (mobile, rule) => {
    expect(problemsOf(customer({ mobile }))).toEqual([`mobile:${rule}`]);
  });

  it('rejects bad ID numbers and e-mail addresses, keeps 15-digit IDs as 18', () => {
    expect(problemsOf(customer({ idNumber: '110105194912310021' }))).toEqual(['idNumber:ID_NUMBER_INVALID']);
    expect(problemsOf(customer({ email: 'zhang@' }))).toEqual(['email:EMAIL_INVALID']);
    const old = customer({ idNumber: '110105491231002' });
    expect(old.ok && old.record.idNumber).toBe('11010519491231002X');
  });

  it('reports every problem of a row, with the cell as it was', () => {
    const result = cleanseCustomerRow({ name: '王先生', mobile: '1381234567', idNumber: '123', email: 'x' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      { field: 'name', rule: 'NAME_PLACEHOLDER', value: '王先生' },
      { field: 'mobile', rule: 'MOBILE_INVALID', value: '1381234567' },
      { field: 'idNumber', rule: 'ID_NUMBER_INVALID', value: '123' },
      { field: 'email', rule: 'EMAIL_INVALID', value: 'x' },
    ]);
  });
});

describe('vehicle rows', () => {
  it('cleans a good row', () => {
    expect(
      vehicle({
        vin: ` ${VIN.toLowerCase()} `,
        plate: '京a·12345',
        powertrain: '纯电',
        purchaseDate: '2024年1月5日',
        warrantyEnd: '2027/1/4',
        mileageKm: '12,345 公里',
        ownerMobile: '+86 139 0000 0000',
        ownerIdNumber: '11010519491231002X',
        usage: '私家车',
      }),
    ).toEqual({
      ok: true,
      record: {
        vin: VIN,
        plate: '京A12345',
        model: 'A6L',
        powertrain: 'ev',
        purchaseDate: '2024-01-05',
        warrantyEnd: '2027-01-04',
        mileageKm: 12345,
        ownerMobile: '13900000000',
        ownerIdNumber: '11010519491231002X',
      },
      flags: [],
    });
  });

  it('reads Excel serials and new-energy plates', () => {
    const result = vehicle({ purchaseDate: '45292', plate: '沪AD12345', powertrain: 'PHEV' });
    expect(result.ok && result.record).toMatchObject({ purchaseDate: '2024-01-01', plate: '沪AD12345', powertrain: 'phev' });
  });

  it.each([
    ['a wrong check digit', `${VIN.slice(0, 8)}${VIN[8] === '1' ? '2' : '1'}${VIN.slice(9)}`],
    ['the letter I', 'IM8GDM9AXKP042788'],
    ['the letter O', '1M8GDM9AXKP04278O'],
    ['the letter Q', '1M8GDM9AXKP04278Q'],
    ['16 characters', VIN.slice(0, 16)],
  ])('rejects a VIN with %s', (_, vin) => {
    expect(problemsOf(vehicle({ vin }))).toEqual(['vin:VIN_INVALID']);
  });

  it('accepts a VIN split by spaces', () => {
    const result = vehicle({ vin: `${VIN.slice(0, 8)} ${VIN.slice(8)}` });
    expect(result.ok && result.record.vin).toBe(VIN);
  });

  it.each([
    [{ vin: '' }, ['vin:REQUIRED_MISSING']],
    [{ model: '' }, ['model:REQUIRED_MISSING']],
    [{ plate: 'A12345' }, ['plate:PLATE_INVALID']],
    [{ plate: '京A1234' }, ['plate:PLATE_INVALID']],
    [{ powertrain: '氢能' }, ['powertrain:POWERTRAIN_INVALID']],
    [{ purchaseDate: '2024年2月30日' }, ['purchaseDate:DATE_UNPARSEABLE']],
    [{ purchaseDate: '2024-06-02' }, ['purchaseDate:PURCHASE_IN_FUTURE']],
    [{ purchaseDate: '1' }, ['purchaseDate:PURCHASE_TOO_EARLY']],
    [{ purchaseDate: '2024-01-05', warrantyEnd: '2024-01-05' }, ['warrantyEnd:WARRANTY_BEFORE_PURCHASE']],
    [{ purchaseDate: '2024-01-05', warrantyEnd: '2023-12-31' }, ['warrantyEnd:WARRANTY_BEFORE_PURCHASE']],
    [{ warrantyEnd: '明年' }, ['warrantyEnd:DATE_UNPARSEABLE']],
    [{ mileageKm: '-5' }, ['mileageKm:MILEAGE_INVALID']],
    [{ mileageKm: '12.5' }, ['mileageKm:MILEAGE_INVALID']],
    [{ pdi: '也许' }, ['pdi:FLAG_VALUE_INVALID']],
    [{ ownerMobile: '1381234567' }, ['ownerMobile:MOBILE_INVALID']],
    [{ ownerIdNumber: '110105194912310021' }, ['ownerIdNumber:ID_NUMBER_INVALID']],
  ])('rejects %j', (overrides, problems) => {
    expect(problemsOf(vehicle(overrides))).toEqual(problems);
  });

  it('accepts a purchase today and a warranty without a purchase date', () => {
    expect(vehicle({ purchaseDate: TODAY }).ok).toBe(true);
    expect(vehicle({ warrantyEnd: '2020-01-01' }).ok).toBe(true);
  });

  it.each([
    [{ pdi: '是' }, ['PDI']],
    [{ pdi: 'Y', internal: 'n', accident: '0' }, ['PDI']],
    [{ internal: 'TRUE' }, ['INTERNAL']],
    [{ accident: '1' }, ['ACCIDENT']],
    [{ accident: '√' }, ['ACCIDENT']],
    [{ usage: 'PDI' }, ['PDI']],
    [{ usage: '内部用车' }, ['INTERNAL']],
    [{ usage: '试驾车' }, ['INTERNAL']],
    [{ usage: '事故车' }, ['ACCIDENT']],
    [{ usage: '试驾车', accident: '是' }, ['ACCIDENT', 'INTERNAL']],
    [{ usage: '私家车', pdi: '否' }, []],
  ])('flags %j as %j and keeps the row', (overrides, flags) => {
    const result = vehicle(overrides);
    expect(result.ok).toBe(true);
    expect(result.flags).toEqual(flags);
  });

  it('keeps the flags of a rejected row', () => {
    const result = vehicle({ usage: '事故车', vin: 'nonsense' });
    expect(result.ok).toBe(false);
    expect(result.flags).toEqual(['ACCIDENT']);
  });

  it('reads yes and no as exports write them', () => {
    expect(['是', 'Y', 'yes', 'TRUE', '1', '√', 'Ｙ'].map(parseYesNo)).toEqual(Array(7).fill(true));
    expect(['否', 'N', 'no', 'False', '0', '无'].map(parseYesNo)).toEqual(Array(6).fill(false));
    expect(parseYesNo('不知道')).toBeNull();
    expect(flagsOfUsage('营运')).toEqual([]);
  });
});

describe('relation rows', () => {
  it.each([
    ['销售', 'selling'],
    ['Sales', 'selling'],
    ['售后', 'servicing'],
    ['维修', 'servicing'],
    ['service', 'servicing'],
  ])('reads the relation %s as %s', (relation, expected) => {
    expect(cleanseRelationRow({ vin: VIN, dealerCode: ' sh-001 ', relation })).toEqual({
      ok: true,
      record: { vin: VIN, dealerCode: 'SH-001', relation: expected },
      flags: [],
    });
  });

  it('reports every problem', () => {
    expect(problemsOf(cleanseRelationRow({ vin: 'LSVAX3210SA900001', dealerCode: '上海一店', relation: '朋友' }))).toEqual([
      'vin:VIN_INVALID',
      'dealerCode:DEALER_CODE_INVALID',
      'relation:RELATION_INVALID',
    ]);
    expect(problemsOf(cleanseRelationRow({}))).toEqual(['vin:REQUIRED_MISSING', 'dealerCode:REQUIRED_MISSING', 'relation:REQUIRED_MISSING']);
  });
});
