import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGeocoder, type GazetteerData, type GeocodeResult, type Geocoder, type GeoPlace } from '../../geo/geocode';

let geocoder: Geocoder | null = null;

/** The shipped gazetteer (gazetteer.json beside this file; sources and licences in its `about`), read once on first use. */
export function gazetteer(): Geocoder {
  geocoder ??= createGeocoder(JSON.parse(readFileSync(join(__dirname, 'gazetteer.json'), 'utf8')) as GazetteerData);
  return geocoder;
}

/** An address → the centre of its district, city or province from the shipped gazetteer; null when no place is named. */
export function geocodeAddress(text: string): GeocodeResult | null {
  return gazetteer().geocode(text);
}

/** Provinces (no parent), a province's cities, a city's districts; null for an unknown parent code. */
export function placesUnder(parentCode: string | null): GeoPlace[] | null {
  return gazetteer().placesUnder(parentCode);
}
