/**
 * Offline geocoding of a Chinese address to the centre of its district, city or province: pure, no I/O. The gazetteer
 * (provinces → prefecture-level cities → districts/counties, each with a centre point) is handed in; the server keeps
 * the shipped one (shared/src/server/geo/gazetteer.ts), the console never loads it.
 *
 * An address is read the way it is written, from the largest unit down (浙江省杭州市西湖区文三路): at each place the
 * longest name that fits under what is already known wins, in full (杭州市) or short (杭州, 内蒙古, 恩施). A district
 * name found without its city (朝阳区: 北京 and 长春; 鼓楼区: 南京, 徐州, 福州, 开封) counts only when it is unique
 * under what is known; otherwise the answer stops at the level that is sure, or is null.
 */

export type GeoPrecision = 'district' | 'city' | 'province';
export type GeoLevel = GeoPrecision;

/** One row of the shipped gazetteer: [code, parentCode, name, lat, lng] (provinces have no parent). */
export interface GazetteerData {
  provinces: Array<[code: string, name: string, lat: number, lng: number]>;
  cities: Array<[code: string, provinceCode: string, name: string, lat: number | null, lng: number | null]>;
  districts: Array<[code: string, cityCode: string, name: string, lat: number | null, lng: number | null]>;
}

export interface GeoPlace {
  code: string;
  name: string;
  level: GeoLevel;
  parentCode: string | null;
  /** Null for the few districts the sources do not place (renamed or created since): their city stands in. */
  lat: number | null;
  lng: number | null;
}

export interface GeocodeResult {
  lat: number;
  lng: number;
  /** The level the point stands for: a district's centre, a city's or a province's. */
  precision: GeoPrecision;
  /** The code of the unit whose point is given. */
  code: string;
  matched: { province: string; city?: string; district?: string };
  source: 'gazetteer';
}

export interface Geocoder {
  geocode(text: string): GeocodeResult | null;
  /** Provinces (no parent), the cities of a province, the districts of a city; null for an unknown parent. */
  placesUnder(parentCode: string | null): GeoPlace[] | null;
  place(code: string): GeoPlace | undefined;
}

const ETHNIC_GROUPS = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤',
  '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌',
  '普米', '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺', '各',
];
const AUTONOMOUS = new RegExp(`(?:(?:${ETHNIC_GROUPS.join('|')})族?)+自治(?:州|县|旗|区)$`, 'u');

/** Short forms of the provinces people say: 内蒙古, 广西, 新疆, 香港… (the rest drop 省 / 市). */
const PROVINCE_SHORT: Record<string, string> = {
  内蒙古自治区: '内蒙古', 广西壮族自治区: '广西', 西藏自治区: '西藏', 宁夏回族自治区: '宁夏', 新疆维吾尔自治区: '新疆',
  香港特别行政区: '香港', 澳门特别行政区: '澳门',
};

/** What a unit's name shortens to (杭州市 → 杭州, 恩施土家族苗族自治州 → 恩施, 阿克苏地区 → 阿克苏); null when too short to trust. */
export function shortNameOf(name: string, level: GeoLevel): string | null {
  if (level === 'province') return PROVINCE_SHORT[name] ?? name.replace(/(省|市)$/u, '');
  const short = AUTONOMOUS.test(name) ? name.replace(AUTONOMOUS, '') : name.replace(/(地区|林区|新区|矿区|特区|盟|市|区|县|旗)$/u, '');
  // One character (沧县 → 沧, 城区 → 城) would match half the streets of China.
  return short.length >= 2 && short !== name ? short : null;
}

// Typed after a short name, these belong to it: 浙江省, 杭州市, 余杭县 for 余杭区 (a county until 2001).
const TRAILING_SUFFIX: Record<GeoLevel, RegExp> = { province: /^(省|市)/u, city: /^(市|州|盟|地区)/u, district: /^(区|县|市|旗)/u };
const IGNORED = /[\s,，、;；:：·.。()（）\-—_/]+/gu;

interface Unit extends GeoPlace {
  provinceCode: string;
  cityCode: string | null;
}

interface Alias {
  text: string;
  unit: Unit;
  full: boolean;
}

export function createGeocoder(data: GazetteerData): Geocoder {
  const units = new Map<string, Unit>();
  const children = new Map<string | null, Unit[]>();
  const add = (unit: Unit) => {
    units.set(unit.code, unit);
    children.set(unit.parentCode, [...(children.get(unit.parentCode) ?? []), unit]);
  };
  for (const [code, name, lat, lng] of data.provinces) add({ code, name, level: 'province', parentCode: null, lat, lng, provinceCode: code, cityCode: null });
  for (const [code, provinceCode, name, lat, lng] of data.cities) add({ code, name, level: 'city', parentCode: provinceCode, lat, lng, provinceCode, cityCode: code });
  for (const [code, cityCode, name, lat, lng] of data.districts) {
    const city = units.get(cityCode);
    if (!city) continue;
    add({ code, name, level: 'district', parentCode: cityCode, lat, lng, provinceCode: city.provinceCode, cityCode });
  }

  // Aliases by first character: a lookup at each place of the address tries only the names that can start there.
  const aliasesByFirst = new Map<string, Alias[]>();
  const addAlias = (text: string, unit: Unit, full: boolean) => {
    const first = text[0];
    aliasesByFirst.set(first, [...(aliasesByFirst.get(first) ?? []), { text, unit, full }]);
  };
  for (const unit of units.values()) {
    addAlias(unit.name, unit, true);
    const short = shortNameOf(unit.name, unit.level);
    if (short) addAlias(short, unit, false);
  }

  const depth = { province: 0, city: 1, district: 2 } as const;

  return {
    geocode(text) {
      const address = text.normalize('NFKC').replace(IGNORED, '').replace(/^(中华人民共和国|中国)/u, '');
      if (address.length === 0) return null;
      let province: Unit | null = null;
      let city: Unit | null = null;
      let district: Unit | null = null;

      const fits = (unit: Unit) => {
        const deepest = district ?? city ?? province;
        if (deepest && depth[unit.level] <= depth[deepest.level]) return false;
        if (province && unit.provinceCode !== province.code) return false;
        if (city && unit.level === 'district' && unit.cityCode !== city.code) return false;
        return true;
      };
      /** The units whose name starts at `position` under what is known, that the address most plausibly means. */
      const candidatesAt = (position: number, fullOnly: boolean) => {
        const found: Array<{ unit: Unit; length: number; full: boolean }> = [];
        for (const alias of aliasesByFirst.get(address[position]) ?? []) {
          if (fullOnly && !alias.full && alias.unit.level !== 'province') continue;
          if (!address.startsWith(alias.text, position) || !fits(alias.unit)) continue;
          let length = alias.text.length;
          const suffix = alias.full ? null : TRAILING_SUFFIX[alias.unit.level].exec(address.slice(position + length));
          if (suffix) length += suffix[0].length;
          found.push({ unit: alias.unit, length, full: alias.full });
        }
        // Longest first; on a tie a full name beats a short one (吉林市 is the city, not 吉林 + 市), then the larger unit.
        found.sort((a, b) => b.length - a.length || Number(b.full) - Number(a.full) || depth[a.unit.level] - depth[b.unit.level]);
        const top = found[0];
        const best = found.filter((candidate) => top && candidate.length === top.length && candidate.full === top.full && candidate.unit.level === top.unit.level);
        // The same name twice under one parent cannot happen; the same name in several cities can (鼓楼区).
        const distinct = [...new Map(best.map((candidate) => [candidate.unit.code, candidate])).values()];
        return distinct;
      };

      // Where the address starts: the first place a province or a full name fits ("在杭州市西湖区…" starts at 杭州市).
      let position = 0;
      while (position < address.length && candidatesAt(position, position > 0).length === 0) position++;
      while (position < address.length) {
        const candidates = candidatesAt(position, false);
        if (candidates.length === 0) break;
        if (candidates.length > 1) {
          // Ambiguous (鼓楼区 with no city): what all of them share is still known.
          const provinces = new Set(candidates.map((candidate) => candidate.unit.provinceCode));
          if (!province && provinces.size === 1) province = units.get([...provinces][0])!;
          break;
        }
        const [{ unit, length }] = candidates;
        province = units.get(unit.provinceCode)!;
        if (unit.level === 'district') {
          city = units.get(unit.cityCode!)!;
          district = unit;
        } else if (unit.level === 'city') city = unit;
        // A municipality is its own only city: 北京市朝阳区 reads 北京 → 北京市 → 朝阳区.
        if (unit.level === 'province') {
          const cities = children.get(unit.code) ?? [];
          if (cities.length === 1 && cities[0].name === unit.name) city = cities[0];
        }
        position += length;
        if (district) break;
      }
      if (!province) return null;

      const matched = { province: province.name, ...(city ? { city: city.name } : {}), ...(district ? { district: district.name } : {}) };
      const placed = [district, city, province].find((unit): unit is Unit => unit !== null && unit.lat !== null && unit.lng !== null);
      if (!placed) return null;
      return { lat: placed.lat!, lng: placed.lng!, precision: placed.level, code: placed.code, matched, source: 'gazetteer' };
    },

    placesUnder(parentCode) {
      if (parentCode !== null && !units.has(parentCode)) return null;
      return (children.get(parentCode) ?? []).map(({ code, name, level, parentCode: parent, lat, lng }) => ({ code, name, level, parentCode: parent, lat, lng }));
    },

    place(code) {
      const unit = units.get(code);
      return unit && { code: unit.code, name: unit.name, level: unit.level, parentCode: unit.parentCode, lat: unit.lat, lng: unit.lng };
    },
  };
}
