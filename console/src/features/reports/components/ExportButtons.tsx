import { startExportContract } from '@shared/contracts/reports.contracts';
import { useMutation } from '@tanstack/react-query';
import { Button, Space, Spin, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { callApi, type CallInput } from '../../../lib/api';

// The progress bar loads with the charts, after the page (report-extras.ts).
const ExportProgress = lazy(async () => ({ default: (await import('../report-extras')).ExportProgress }));

type ExportRequest = CallInput<typeof startExportContract>['body'];
/** What to export: a report's or a cell's query, without the format and language the buttons add. */
type ExportTarget = { [K in ExportRequest['kind']]: { kind: K; query: Omit<Extract<ExportRequest, { kind: K }>['query'], 'format' | 'language'> } }[ExportRequest['kind']];

/**
 * CSV and XLSX export of a report or of a cell's tickets as a job: the API writes the file in the background (no row
 * cap) and reports rows done of total; the bar follows it and the file is offered when it is written. The column
 * titles are in the reader's language.
 */
export function ExportButtons({ target, testId }: { target: ExportTarget; testId: string }) {
  const { t, locale } = useLocale();
  const start = useMutation({
    mutationFn: (format: 'csv' | 'xlsx') => callApi(startExportContract, { body: { kind: target.kind, query: { ...target.query, format, language: locale } } as ExportRequest }),
  });
  return (
    <Space size={12} wrap data-testid={testId}>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button key={format} size="small" loading={start.isPending && start.variables === format} disabled={start.isPending} onClick={() => start.mutate(format)} data-testid={`${testId}-${format}`}>
          {t(`reports.export.${format}`)}
        </Button>
      ))}
      {start.error && <Typography.Text type="danger">{start.error.message}</Typography.Text>}
      {start.data && (
        <Suspense fallback={<Spin size="small" />}>
          <ExportProgress key={start.data.id} exportId={start.data.id} testId={testId} />
        </Suspense>
      )}
    </Space>
  );
}
