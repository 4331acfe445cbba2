import { listImportSourcesContract } from '@shared/contracts/imports.contracts';
import { useQuery } from '@tanstack/react-query';
import { callApi } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';

/** The source systems and their priorities (the import page, and the customer 360's "source" hints). */
export function useImportSources(enabled = true) {
  return useQuery({ queryKey: queryKeys.importSources, queryFn: () => callApi(listImportSourcesContract, {}), enabled, staleTime: 60_000 });
}
