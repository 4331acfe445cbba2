/**
 * Coordinates as agents type or paste them. Within China the two numbers cannot be confused: latitudes run from
 * about 3.5 (曾母暗沙) to 53.6 (漠河), longitudes from 73.4 to 135.1. So the rule is simple: the number between 73 and
 * 135 is the longitude, the other the latitude, whichever order it was pasted in ("30.2741, 120.1551" as most
 * phones give it, or "120.1551,30.2741" as Chinese map services do). Anything else is not in China and is refused.
 */

export const CHINA_BOUNDS = { minLat: 3.5, maxLat: 53.6, minLng: 73.4, maxLng: 135.1 } as const;

export function isInChina(point: { lat: number; lng: number }): boolean {
  return (
    point.lat >= CHINA_BOUNDS.minLat && point.lat <= CHINA_BOUNDS.maxLat && point.lng >= CHINA_BOUNDS.minLng && point.lng <= CHINA_BOUNDS.maxLng
  );
}

export type ParsedCoordinates = { ok: true; lat: number; lng: number } | { ok: false; reason: 'unreadable' | 'outside_china' };

/** Reads "lat, lng" (or "lng, lat": see above) with any comma, space or semicolon between, and optional ° signs. */
export function parseCoordinates(text: string): ParsedCoordinates {
  const parts = text
    .normalize('NFKC')
    .replace(/[°]/gu, '')
    .trim()
    .split(/[\s,;，；]+/u)
    .filter((part) => part.length > 0);
  if (parts.length !== 2 || !parts.every((part) => /^[-+]?\d{1,3}(\.\d+)?$/u.test(part))) return { ok: false, reason: 'unreadable' };
  const [first, second] = parts.map(Number);
  for (const [lat, lng] of [[first, second], [second, first]]) {
    if (isInChina({ lat, lng })) return { ok: true, lat, lng };
  }
  return { ok: false, reason: 'outside_china' };
}
