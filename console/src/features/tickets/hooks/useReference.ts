import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { Category, Dealer, NamedRef } from '../ticket.types';

// Reference data changes rarely: cached for the session and not refetched on reconnect.
const REFERENCE_STALE_MS = 10 * 60_000;

export function useCategories() {
  return useQuery({
    queryKey: queryKeys.categories,
    queryFn: async () => (await apiRequest<{ items: Category[] }>('GET', '/api/categories')).items,
    staleTime: REFERENCE_STALE_MS,
    refetchOnWindowFocus: false,
  });
}

export function useDealers(enabled = true) {
  return useQuery({
    queryKey: queryKeys.dealers(),
    queryFn: async () => (await apiRequest<{ items: Dealer[] }>('GET', '/api/dealers?active=true')).items,
    staleTime: REFERENCE_STALE_MS,
    refetchOnWindowFocus: false,
    enabled,
  });
}

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: queryKeys.departments,
    queryFn: async () => (await apiRequest<{ items: Array<NamedRef & { active: boolean }> }>('GET', '/api/departments')).items,
    staleTime: REFERENCE_STALE_MS,
    refetchOnWindowFocus: false,
    enabled,
  });
}
