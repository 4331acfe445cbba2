import { parseCoordinates } from '../../shared/src/geo/coordinates';
import { createGeocoder, shortNameOf } from '../../shared/src/geo/geocode';
import { geocodeAddress, placesUnder } from '../../shared/src/server/geo/gazetteer';

describe('geocodeAddress against the shipped gazetteer', () => {
  it('reads a full address down to its district and gives the district centre', () => {
    const result = geocodeAddress('浙江省杭州市西湖区文三路 90 号');
    expect(result).toMatchObject({ precision: 'district', code: '330106', matched: { province: '浙江省', city: '杭州市', district: '西湖区' }, source: 'gazetteer' });
    expect(result!.lat).toBeCloseTo(30.26, 1);
    expect(result!.lng).toBeCloseTo(120.13, 1);
  });

  it('reads abbreviated forms: 杭州西湖区, 杭州西湖, 浙江西湖区', () => {
    for (const text of ['杭州西湖区', '杭州西湖文三路', '浙江西湖区']) {
      expect(geocodeAddress(text)).toMatchObject({ precision: 'district', code: '330106' });
    }
  });

  it('keeps 西湖区 of 杭州 and of 南昌 apart by their city', () => {
    expect(geocodeAddress('南昌市西湖区')).toMatchObject({ code: '360103', matched: { province: '江西省', city: '南昌市' } });
  });

  it('reads municipalities: 北京市朝阳区 and 北京朝阳 are Beijing, not 长春 or the city of 朝阳', () => {
    expect(geocodeAddress('北京市朝阳区建国路')).toMatchObject({ precision: 'district', code: '110105', matched: { province: '北京市', city: '北京市', district: '朝阳区' } });
    expect(geocodeAddress('北京朝阳')).toMatchObject({ code: '110105' });
    expect(geocodeAddress('长春市朝阳区')).toMatchObject({ code: '220104', matched: { province: '吉林省' } });
    expect(geocodeAddress('辽宁省朝阳市')).toMatchObject({ precision: 'city', code: '211300' });
    expect(geocodeAddress('上海浦东新区世纪大道')).toMatchObject({ precision: 'district', matched: { district: '浦东新区' } });
    expect(geocodeAddress('重庆')).toMatchObject({ precision: 'city', matched: { province: '重庆市', city: '重庆市' } });
  });

  it('answers null when a district name repeats across China and nothing else says which', () => {
    expect(geocodeAddress('朝阳区')).toBeNull();
    expect(geocodeAddress('鼓楼区中山路')).toBeNull();
  });

  it('stops at the level that is sure when the district stays ambiguous within what is known', () => {
    // 鼓楼区 is in 南京 and 徐州, both in 江苏.
    expect(geocodeAddress('江苏省鼓楼区')).toMatchObject({ precision: 'province', matched: { province: '江苏省' } });
    expect(geocodeAddress('江苏省鼓楼区')!.matched.city).toBeUndefined();
    expect(geocodeAddress('南京鼓楼区')).toMatchObject({ precision: 'district', code: '320106' });
    expect(geocodeAddress('福州市鼓楼区')).toMatchObject({ precision: 'district', code: '350102' });
  });

  it('reads provinces by their short and full names, autonomous regions included', () => {
    expect(geocodeAddress('内蒙古')).toMatchObject({ precision: 'province', code: '150000', matched: { province: '内蒙古自治区' } });
    expect(geocodeAddress('广西壮族自治区')).toMatchObject({ precision: 'province', code: '450000' });
    expect(geocodeAddress('广西南宁市青秀区')).toMatchObject({ precision: 'district', matched: { city: '南宁市', district: '青秀区' } });
    expect(geocodeAddress('新疆乌鲁木齐')).toMatchObject({ precision: 'city', matched: { province: '新疆维吾尔自治区', city: '乌鲁木齐市' } });
  });

  it('reads autonomous prefectures and counties by their short names', () => {
    expect(geocodeAddress('湖北恩施')).toMatchObject({ precision: 'city', matched: { city: '恩施土家族苗族自治州' } });
    expect(geocodeAddress('河北沧州孟村')).toMatchObject({ precision: 'district', matched: { district: '孟村回族自治县' } });
  });

  it('takes 县 for 区 and 市 for 区 (counties turned districts): 余杭县, 临安市', () => {
    expect(geocodeAddress('杭州余杭县')).toMatchObject({ precision: 'district', matched: { district: '余杭区' } });
    expect(geocodeAddress('浙江临安市')).toMatchObject({ precision: 'district', matched: { district: '临安区' } });
    expect(geocodeAddress('河北沧县')).toMatchObject({ precision: 'district', matched: { district: '沧县' } });
  });

  it('tells 吉林省 from 吉林市', () => {
    expect(geocodeAddress('吉林省')).toMatchObject({ precision: 'province', code: '220000' });
    expect(geocodeAddress('吉林市船营区')).toMatchObject({ precision: 'district', matched: { province: '吉林省', city: '吉林市', district: '船营区' } });
    expect(geocodeAddress('吉林省吉林市')).toMatchObject({ precision: 'city', code: '220200' });
  });

  it('does not mistake a street for a city: 中山路 in 南京 is not 中山市', () => {
    expect(geocodeAddress('南京市中山路100号')).toMatchObject({ precision: 'city', code: '320100' });
  });

  it('finds the address after a few words of speech and ignores 中国 and punctuation', () => {
    expect(geocodeAddress('中国 浙江省，杭州市 西湖区')).toMatchObject({ code: '330106' });
    expect(geocodeAddress('车停在杭州市西湖区文三路口')).toMatchObject({ code: '330106' });
  });

  it('answers null for an address that names no place', () => {
    expect(geocodeAddress('高速公路服务区附近')).toBeNull();
    expect(geocodeAddress('   ')).toBeNull();
  });

  it('answers with the city when the district is one the sources do not place', () => {
    // 钱塘区 (2021) has no point of its own yet.
    expect(geocodeAddress('杭州市钱塘区')).toMatchObject({ precision: 'city', code: '330100', matched: { district: '钱塘区' } });
  });

  it('lists provinces, a province\'s cities and a city\'s districts', () => {
    const provinces = placesUnder(null)!;
    expect(provinces.map((place) => place.name)).toEqual(expect.arrayContaining(['浙江省', '北京市', '内蒙古自治区']));
    expect(placesUnder('330000')!.map((place) => place.name)).toContain('杭州市');
    expect(placesUnder('110000')!.map((place) => place.name)).toEqual(['北京市']);
    expect(placesUnder('330100')!.map((place) => place.name)).toContain('西湖区');
    expect(placesUnder('999999')).toBeNull();
  });
});

describe('the geocoder on a small gazetteer', () => {
  const geocoder = createGeocoder({
    provinces: [['A0', '甲省', 30, 110]],
    cities: [['A1', 'A0', '乙市', 31, 111], ['A2', 'A0', '丙市', 32, 112]],
    districts: [['A11', 'A1', '丁区', 31.1, 111.1], ['A21', 'A2', '丁区', 32.1, 112.1], ['A12', 'A1', '戊己县', null, null]],
  });

  it('uses the city as context for a district name that repeats', () => {
    expect(geocoder.geocode('乙市丁区')).toMatchObject({ code: 'A11', lat: 31.1 });
    // 丙 alone is too short to be read as 丙市; 丁区 is in both cities of 甲省, so only the province is sure.
    expect(geocoder.geocode('丙丁区')).toMatchObject({ precision: 'province', code: 'A0' });
    expect(geocoder.geocode('甲省丁区')).toMatchObject({ precision: 'province', code: 'A0' });
  });

  it('falls back to the city point for a district without one, and says so in the precision', () => {
    expect(geocoder.geocode('乙市戊己县')).toMatchObject({ precision: 'city', code: 'A1', matched: { district: '戊己县' } });
  });
});

describe('shortNameOf', () => {
  it('shortens names people shorten and refuses one-character stems', () => {
    expect(shortNameOf('恩施土家族苗族自治州', 'city')).toBe('恩施');
    expect(shortNameOf('双江拉祜族佤族布朗族傣族自治县', 'district')).toBe('双江');
    expect(shortNameOf('阿克苏地区', 'city')).toBe('阿克苏');
    expect(shortNameOf('沧县', 'district')).toBeNull();
    expect(shortNameOf('宁夏回族自治区', 'province')).toBe('宁夏');
  });
});

describe('parseCoordinates', () => {
  it('reads lat, lng and lng, lat alike within China', () => {
    expect(parseCoordinates('30.2741, 120.1551')).toEqual({ ok: true, lat: 30.2741, lng: 120.1551 });
    expect(parseCoordinates('120.1551,30.2741')).toEqual({ ok: true, lat: 30.2741, lng: 120.1551 });
    expect(parseCoordinates('30.2741°  120.1551°')).toEqual({ ok: true, lat: 30.2741, lng: 120.1551 });
    expect(parseCoordinates('30.2741，120.1551')).toEqual({ ok: true, lat: 30.2741, lng: 120.1551 });
  });

  it('refuses points outside China and text that is not two numbers', () => {
    expect(parseCoordinates('48.8566, 2.3522')).toEqual({ ok: false, reason: 'outside_china' });
    expect(parseCoordinates('-30.27, 120.15')).toEqual({ ok: false, reason: 'outside_china' });
    expect(parseCoordinates('30.27')).toEqual({ ok: false, reason: 'unreadable' });
    expect(parseCoordinates('杭州')).toEqual({ ok: false, reason: 'unreadable' });
  });
});
