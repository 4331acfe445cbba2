import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listTicketsContract } from '@shared/contracts/tickets.contracts';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';

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
    queryFn: () => callApi(listTicketsContract, { query: params }),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
}
