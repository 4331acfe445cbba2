import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest, toQueryString } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { TicketPage } from '../ticket.types';

/** Filters of `GET /api/tickets` (comma lists for status, type, priority). */
export interface TicketListParams {
  status?: string[];
  type?: string[];
  priority?: string[];
  dealerId?: string;
  departmentId?: string;
  customerId?: string;
  createdBy?: 'me';
  queue?: 'supervisor';
  q?: string;
  sort?: 'createdAt' | 'updatedAt' | 'priority';
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

export function useTicketList(params: TicketListParams, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.tickets(params),
    queryFn: () => apiRequest<TicketPage>('GET', `/api/tickets${toQueryString({ ...params })}`),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
}
