import { exportStatusContract } from '@shared/contracts/reports.contracts';
import { useQuery } from '@tanstack/react-query';
import { Alert, Progress, Space, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';
import type { ExportStatus } from '../reports.types';

/** How often the job's progress is read while it runs (the API emits nothing for exports: it is polled). */
const POLL_MS = 500;
const finished = (status: ExportStatus | undefined) => status?.status === 'done' || status?.status === 'failed';

/** A running or finished export: the progress bar, then the link to the file (or why it failed). */
export function ExportProgress({ exportId, testId }: { exportId: string; testId: string }) {
  const { t } = useLocale();
  const job = useQuery({
    queryKey: queryKeys.reportExport(exportId),
    queryFn: () => callApi(exportStatusContract, { params: { id: exportId } }),
    refetchInterval: (query) => (finished(query.state.data) ? false : POLL_MS),
    refetchOnWindowFocus: false,
  });
  const status = job.data;
  if (job.error) return <Alert type="error" showIcon title={job.error.message} />;
  if (!status) return <Progress percent={0} size="small" style={{ width: 240 }} data-testid={`${testId}-progress`} data-status="queued" />;
  const percent = Math.round((status.progress ?? 0) * 100);
  return (
    <Space size={12} wrap>
      <Progress
        percent={percent}
        size="small"
        status={status.status === 'failed' ? 'exception' : status.status === 'done' ? 'success' : 'active'}
        style={{ width: 240 }}
        data-testid={`${testId}-progress`}
        data-status={status.status}
        data-percent={percent}
      />
      {status.rowsTotal !== null && status.status !== 'done' && (
        <Typography.Text type="secondary">{t('reports.export.rows', { done: status.rowsDone, total: status.rowsTotal })}</Typography.Text>
      )}
      {status.file && (
        <a href={status.file} download data-testid={`${testId}-download`}>
          {t('reports.export.download')}
        </a>
      )}
      {status.status === 'failed' && <Typography.Text type="danger">{t('reports.export.failed', { error: status.error ?? '' })}</Typography.Text>}
    </Space>
  );
}
