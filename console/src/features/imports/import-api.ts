import { type ContractResponse, fillPath } from '@shared/contracts/contract';
import {
  dealerRejectionsContract,
  importRejectionsContract,
  importStatusContract,
  listImportsContract,
  type listImportSourcesContract,
  undoImportContract,
  type uploadImportContract,
} from '@shared/contracts/imports.contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '@careline/shared';
import { callApi } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';

export type ImportRecord = ContractResponse<typeof importStatusContract>;
export type ImportPreview = ContractResponse<typeof uploadImportContract>;
export type ImportSource = ContractResponse<typeof listImportSourcesContract>['items'][number];

/** While an import is queued or running its progress is read every second (the worker emits nothing to the console). */
const POLL_MS = 1000;

export const isRunning = (record: Pick<ImportRecord, 'status'> | undefined) => record?.status === 'queued' || record?.status === 'running';

/** The hotline's data team: any source, every import, undo. A dealer's staff import as `dealer`, their own uploads only. */
export const isDataTeam = (role: Role | undefined) => role === 'supervisor' || role === 'admin';

/** Downloads are plain links (the session cookie goes with them); the API answers CSV with a file name. */
export const rejectionsUrl = (id: string) => `/api${fillPath(importRejectionsContract.path, { id })}`;
export const dealerRejectionsUrl = () => `/api${dealerRejectionsContract.path}`;

/** One import, polled while it is queued or running. */
export function useImport(id: string) {
  return useQuery({
    queryKey: queryKeys.import(id),
    queryFn: () => callApi(importStatusContract, { params: { id } }),
    refetchInterval: (query) => (query.state.data === undefined || isRunning(query.state.data) ? POLL_MS : false),
    refetchOnWindowFocus: false,
  });
}

/** The recent imports, polled while one of them runs. */
export function useImports() {
  return useQuery({
    queryKey: queryKeys.imports,
    queryFn: () => callApi(listImportsContract, { query: { limit: 20 } }),
    refetchInterval: (query) => (query.state.data?.items.some(isRunning) ? POLL_MS : false),
  });
}

/** After an upload or a start: the recent list shows the import (and polls it while it runs). */
export function useRefreshImports(): () => void {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: queryKeys.imports, exact: true });
}

export function useUndoImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => callApi(undoImportContract, { params: { id } }),
    onSuccess: (record) => {
      queryClient.setQueryData(queryKeys.import(record.id), record);
      void queryClient.invalidateQueries({ queryKey: queryKeys.imports });
    },
  });
}
