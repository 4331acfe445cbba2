import { type ContractResponse } from '@shared/contracts/contract';
import { duplicateCustomersContract, getCustomerContract, mergeCustomerContract } from '@shared/contracts/customers.contracts';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { callApi } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';

export type DuplicateGroup = ContractResponse<typeof duplicateCustomersContract>['items'][number];
export type DuplicateRecord = DuplicateGroup['customers'][number];
export type CustomerMerge = ContractResponse<typeof mergeCustomerContract>;

/** Records that look like one person (the same mobile, or the same name in the same city), for the data team. */
export function useDuplicateCustomers() {
  return useQuery({ queryKey: queryKeys.customerDuplicates, queryFn: () => callApi(duplicateCustomersContract, { query: { limit: 50 } }) });
}

/** The 360° views of a group's records, for the side-by-side comparison (fields with their sources, vehicles, tickets). */
export function useCustomerViews(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({ queryKey: queryKeys.customer(id), queryFn: async () => (await callApi(getCustomerContract, { params: { id } })).customer })),
  });
}

/**
 * Merges each of `fromIds` into `intoId`, one after the other (the API merges one record at a time); answers the merge
 * records. Afterwards the duplicates list and every record involved are read again.
 */
export function useMergeCustomers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ intoId, fromIds }: { intoId: string; fromIds: readonly string[] }) => {
      const merges: CustomerMerge[] = [];
      for (const id of fromIds) merges.push(await callApi(mergeCustomerContract, { params: { id }, body: { intoId } }));
      return merges;
    },
    onSettled: (_merges, _error, { intoId, fromIds }) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.customerDuplicates });
      for (const id of [intoId, ...fromIds]) void queryClient.invalidateQueries({ queryKey: queryKeys.customer(id) });
    },
  });
}
