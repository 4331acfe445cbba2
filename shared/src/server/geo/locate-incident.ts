import type { TLocation } from '../db/schema';
import { geocodeAddress } from './gazetteer';

/**
 * Where a new ticket's incident is: the typed point as given (exact), else the address geocoded against the shipped
 * gazetteer (the centre of its district, city or province), else the address alone, and the distance is unknown.
 * Never the customer's home: that is another place.
 */
export function locateIncident(location: { address: string; lat?: number; lng?: number }): TLocation {
  const { address, lat, lng } = location;
  if (lat !== undefined && lng !== undefined) return { address, lat, lng, source: 'typed', precision: 'exact' };
  const found = geocodeAddress(address);
  if (!found) return { address };
  return { address, lat: found.lat, lng: found.lng, source: 'gazetteer', precision: found.precision, place: found.matched };
}

/** A location given without a point: routing cannot measure "nearest to the incident" and says so. */
export function distanceUnknown(location: TLocation | null): boolean {
  return location !== null && (location.lat === undefined || location.lng === undefined);
}
