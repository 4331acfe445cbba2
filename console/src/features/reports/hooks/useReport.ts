import { resolutionReportContract } from '@shared/contracts/reports.contracts';
import type { ReportDimension } from '@shared/reports/report-vocabulary';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';
import { reportQuery, type ReportView } from '../report-view';

/** The report for a view, grouped as the view asks or as a chart needs (`groupBy`); the old figures stay while new ones load. */
export function useReport(view: ReportView, groupBy?: readonly ReportDimension[]) {
  const query = reportQuery(view, groupBy);
  return useQuery({
    queryKey: queryKeys.report(query),
    queryFn: () => callApi(resolutionReportContract, { query }),
    placeholderData: keepPreviousData,
  });
}
