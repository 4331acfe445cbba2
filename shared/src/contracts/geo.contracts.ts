import { z } from 'zod';
import { access } from '../auth/access';
import { ZGeocodeQuery, ZPlacesQuery } from '../geo/geo.schemas';
import { defineContract } from './contract';
import { itemsOf } from './wire';

const ZGeoPrecision = z.enum(['district', 'city', 'province']);

export const ZGeocodeResult = z
  .object({
    lat: z.number(),
    lng: z.number(),
    /** The level the point stands for: the centre of a district, a city or a province. */
    precision: ZGeoPrecision,
    /** GB/T 2260 code of the unit whose point is given. */
    code: z.string(),
    matched: z.object({ province: z.string(), city: z.string().optional(), district: z.string().optional() }),
    source: z.literal('gazetteer'),
  })
  .meta({ id: 'GeocodeResult' });

export const ZGeoPlace = z
  .object({
    code: z.string(),
    name: z.string(),
    level: ZGeoPrecision,
    parentCode: z.string().nullable(),
    /** Null for the few districts the gazetteer cannot place yet (created since its sources): their city stands in. */
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    /** Whether `GET /geo/places?parent=<code>` lists anything. */
    hasChildren: z.boolean(),
  })
  .meta({ id: 'GeoPlace' });

const tag = 'geo';

export const geocodeContract = defineContract({
  method: 'get',
  path: '/geo/geocode',
  tag,
  summary: 'What an address resolves to in the offline gazetteer (district, city or province centre), or null',
  access: access.signedIn,
  query: ZGeocodeQuery,
  success: { status: 200, body: z.object({ result: ZGeocodeResult.nullable() }) },
});

export const listPlacesContract = defineContract({
  method: 'get',
  path: '/geo/places',
  tag,
  summary: 'Provinces, a province’s cities or a city’s districts with their centre points (404 for an unknown parent)',
  access: access.signedIn,
  query: ZPlacesQuery,
  success: { status: 200, body: itemsOf(ZGeoPlace) },
});
