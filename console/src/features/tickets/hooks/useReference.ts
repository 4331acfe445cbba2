import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/query-keys';
import { listCategoriesContract, listDealersContract, listDepartmentsContract, listRegionsContract } from '@shared/contracts/reference.contracts';
import { callApi } from '../../../lib/api';

// Reference data changes rarely: cached for the session and not refetched on reconnect.
const REFERENCE_STALE_MS = 10 * 60_000;

// Admins edit the category tree (names, deactivations): a form opened a minute after an edit offers the new tree.
const CATEGORIES_STALE_MS = 60_000;

export function useCategories() {
  return useQuery({
    queryKey: queryKeys.categories,
    queryFn: async () => (await callApi(listCategoriesContract, {})).items,
    staleTime: CATEGORIES_STALE_MS,
    refetchOnWindowFocus: false,
  });
}

export function useDealers(enabled = true) {
  return useQuery({
    queryKey: queryKeys.dealers(),
    queryFn: async () => (await callApi(listDealersContract, { query: { active: 'true' } })).items,
    staleTime: REFERENCE_STALE_MS,
    refetchOnWindowFocus: false,
    enabled,
  });
}

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: queryKeys.departments,
    queryFn: async () => (await callApi(listDepartmentsContract, {})).items,
    staleTime: REFERENCE_STALE_MS,
    refetchOnWindowFocus: false,
    enabled,
  });
}

export function useRegions(enabled = true) {
  return useQuery({
    queryKey: queryKeys.regions,
    queryFn: async () => (await callApi(listRegionsContract, {})).items,
    staleTime: REFERENCE_STALE_MS,
    refetchOnWindowFocus: false,
    enabled,
  });
}
