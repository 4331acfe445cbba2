import { AppError, geocodeContract, listPlacesContract } from '@careline/shared';
import { geocodeAddress, placesUnder } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** The offline gazetteer: what an address resolves to (the intake form shows it) and the places of the position picker. */
export function geoRoutes(_context: AppContext): Implementation[] {
  return [
    implement(geocodeContract, async ({ query }) => ({ result: geocodeAddress(query.address) })),
    implement(listPlacesContract, async ({ query }) => {
      const places = placesUnder(query.parent ?? null);
      if (!places) throw new AppError('NOT_FOUND', { resource: 'place' });
      return { items: places.map((place) => ({ ...place, hasChildren: (placesUnder(place.code)?.length ?? 0) > 0 })) };
    }),
  ];
}
