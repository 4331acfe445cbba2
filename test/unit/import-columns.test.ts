import { cleanseCustomerRow } from '../../shared/src/import/import-cleanse';
import { applyMapping, IMPORT_FIELDS, IMPORT_KINDS, normalizeHeader, suggestMapping, unmappedRequiredFields } from '../../shared/src/import/import-columns';

describe('import columns', () => {
  it('maps the headers of a dealer DMS customer export', () => {
    const headers = ['序号', '客户姓名', '手机号码（必填）', '证件号码', '电子邮箱', '省份', '城市', '备注'];
    expect(suggestMapping('customer', headers)).toEqual({
      name: '客户姓名',
      mobile: '手机号码（必填）',
      idNumber: '证件号码',
      email: '电子邮箱',
      province: '省份',
      city: '城市',
    });
  });

  it('maps English, full-width and decorated headers', () => {
    expect(suggestMapping('vehicle', ['VIN', ' Plate Number ', '*车型', 'Purchase_Date', '质保截止日期', '里程[km]', '车辆用途', '是否PDI'])).toEqual({
      vin: 'VIN',
      plate: ' Plate Number ',
      model: '*车型',
      purchaseDate: 'Purchase_Date',
      warrantyEnd: '质保截止日期',
      mileageKm: '里程[km]',
      usage: '车辆用途',
      pdi: '是否PDI',
    });
    expect(suggestMapping('vehicle', ['ＶＩＮ码', '底盘号', '开票日期'])).toEqual({ vin: 'ＶＩＮ码', purchaseDate: '开票日期' });
    expect(suggestMapping('relation', ['车架号', '经销商代码', '关系类型'])).toEqual({ vin: '车架号', dealerCode: '经销商代码', relation: '关系类型' });
  });

  it('uses each target once: the first matching header takes it', () => {
    expect(suggestMapping('customer', ['联系电话', '手机', '姓名', '客户名称'])).toEqual({ mobile: '联系电话', name: '姓名' });
  });

  it('names required fields the mapping leaves without a column', () => {
    expect(unmappedRequiredFields('customer', suggestMapping('customer', ['姓名', '地址']))).toEqual(['mobile']);
    expect(unmappedRequiredFields('relation', {})).toEqual(['vin', 'dealerCode', 'relation']);
  });

  it('normalises headers', () => {
    expect(normalizeHeader(' 手机号码（必填） ')).toBe('手机号码');
    expect(normalizeHeader('E-Mail')).toBe('email');
    expect(normalizeHeader('ＩＤ　Ｎｏ．')).toBe('idno');
  });

  it('has no alias that means two fields of one kind', () => {
    for (const kind of IMPORT_KINDS) {
      const seen = new Map<string, string>();
      for (const target of IMPORT_FIELDS[kind]) {
        for (const name of new Set([target.key, target.labelZh, target.labelEn, ...target.aliases].map(normalizeHeader))) {
          expect(`${kind}:${name}:${seen.get(name) ?? target.key}`).toBe(`${kind}:${name}:${target.key}`);
          seen.set(name, target.key);
        }
      }
    }
  });

  it('reads a row through a mapping, straight into cleansing', () => {
    const mapping = suggestMapping('customer', ['客户姓名', '联系电话', '备注']);
    const mapped = applyMapping({ 客户姓名: ' 欧阳娜娜 ', 联系电话: '+86 138-1234-5678', 备注: 'VIP' }, mapping);
    expect(mapped).toEqual({ name: ' 欧阳娜娜 ', mobile: '+86 138-1234-5678' });
    expect(cleanseCustomerRow(mapped)).toMatchObject({ ok: true, record: { name: '欧阳娜娜', mobile: '13812345678', kind: 'person' } });
    expect(applyMapping({}, mapping)).toEqual({ name: '', mobile: '' });
  });
});
