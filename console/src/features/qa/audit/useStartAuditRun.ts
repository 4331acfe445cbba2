import { runAuditContract } from '@shared/contracts/audit.contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';

/**
 * Starts a recorded verification (POST /api/audit/runs), against one checkpoint or the newest valid one. The API
 * answers when the run has finished, with what it found: the run's page can show it at once, and the list refreshes.
 */
export function useStartAuditRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (checkpointId?: string) => callApi(runAuditContract, { body: checkpointId ? { checkpointId } : {} }),
    onSuccess: (run) => {
      queryClient.setQueryData(queryKeys.auditRun(run.id), run);
      void queryClient.invalidateQueries({ queryKey: queryKeys.auditRuns });
    },
  });
}
