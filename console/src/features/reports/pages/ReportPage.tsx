import { Alert, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import { useSession } from '../../auth/useSession';
import { ExportButtons } from '../components/ExportButtons';
import { ReportFilters } from '../components/ReportFilters';
import { ReportTable } from '../components/ReportTable';
import { useReport } from '../hooks/useReport';
import { readReportView, reportQuery, type ReportView, writeReportView } from '../report-view';
import { REPORT_OVERSIGHT } from '../reports-access';
import { cellName, type ReportCell, type ResolutionReport } from '../reports.types';

// The charts (ECharts) and a cell's tickets load after the table, so QA's first page stays within its budget.
const ReportCharts = lazy(async () => ({ default: (await import('../report-extras')).ReportCharts }));
const CellTicketsDrawer = lazy(async () => ({ default: (await import('../report-extras')).CellTicketsDrawer }));

/** A dealer's standing among all dealers (the API names no other dealer). */
function Standing({ rank }: { rank: NonNullable<ResolutionReport['rank']> }) {
  const { t } = useLocale();
  return (
    <Alert
      type="info"
      showIcon
      title={rank.position === null ? t('reports.rankNone', { of: rank.of }) : t('reports.rank', { position: rank.position, of: rank.of })}
      data-testid="report-standing"
      data-position={rank.position ?? ''}
      data-of={rank.of}
    />
  );
}

/**
 * The resolution-time report (QA's landing page): filters and grouping in the URL query (a report is shared as a
 * link), the cells as a table, a cell's tickets in a drawer, CSV/XLSX export with progress, and the charts. A dealer's
 * or a department's user sees its own figures (the API scopes them), a dealer with its rank.
 */
export function ReportPage() {
  const { t, locale } = useLocale();
  const { user } = useSession();
  const oversight = user !== null && REPORT_OVERSIGHT.includes(user.role);
  const [search, setSearch] = useSearchParams();
  const view = readReportView(search);
  const setView = (next: ReportView) => setSearch(writeReportView(next), { replace: true });
  const report = useReport(view);
  const [opened, setOpened] = useState<ReportCell | null>(null);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="report-page">
      <ReportFilters view={view} onChange={setView} oversight={oversight} />
      {report.data?.rank && <Standing rank={report.data.rank} />}
      <Space wrap size={16} style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">{t('reports.explained')}</Typography.Text>
        <ExportButtons target={{ kind: 'report', query: reportQuery(view) }} testId="report-export" />
      </Space>
      {report.error && <Alert type="error" showIcon title={report.error.message} data-testid="report-error" />}
      <ReportTable report={report.data} timeBasis={view.timeBasis} loading={report.isFetching} onOpenCell={setOpened} />
      {report.data && (
        <Typography.Text type="secondary" data-testid="report-at" data-at={report.data.at}>
          {t('reports.at', { time: formatDateTime(report.data.at) })}
        </Typography.Text>
      )}
      <Suspense fallback={<Spin />}>
        <ReportCharts view={view} oversight={oversight} />
        <CellTicketsDrawer
          filters={view.filters}
          keys={opened?.keys ?? null}
          title={opened && report.data ? cellName(report.data.groupBy, opened, locale, t) : ''}
          timeBasis={view.timeBasis}
          onClose={() => setOpened(null)}
        />
      </Suspense>
    </Space>
  );
}
