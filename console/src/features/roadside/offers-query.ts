import { useQuery } from '@tanstack/react-query';
import { listRoadsideOffersContract } from '@shared/contracts/roadside.contracts';
import { callApi } from '../../lib/api';

/** Key of the provider's offers: under 'tickets', so every live ticket change refreshes it. */
export const ROADSIDE_OFFERS_KEY = ['tickets', 'roadside-offers'] as const;

/** The rescue offers of the provider's dealer, refreshed live and every 15 s as a safety net (light: the portal's entry). */
export function useProviderOffers() {
  return useQuery({ queryKey: ROADSIDE_OFFERS_KEY, queryFn: () => callApi(listRoadsideOffersContract, { query: { status: 'all' } }), refetchInterval: 15_000 });
}
