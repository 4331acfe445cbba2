import { resolutionDistributionContract } from '@shared/contracts/reports.contracts';
import type { TimeBasis } from '@shared/reports/report-vocabulary';
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Spin, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';
import { useReport } from '../hooks/useReport';
import type { ReportView } from '../report-view';
import { cellLabel, type ReportCell } from '../reports.types';
import { type ChartOption, EChart } from './EChart';

const HOUR = 3600;
const hours = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / HOUR) * 10) / 10);
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
const medianResolve = (cell: ReportCell, timeBasis: TimeBasis) => cell.clocks.resolve[timeBasis].p50.seconds;
const allBreaches = (cell: ReportCell) => cell.clocks.acknowledge.breaches + cell.clocks.first_contact.breaches + cell.clocks.resolve.breaches;

/** A chart's frame: loading, the API's error, or "nothing to draw". */
function ChartFrame({ loading, error, empty, children }: { loading: boolean; error: Error | null; empty: boolean; children: React.ReactNode }) {
  const { t } = useLocale();
  if (error) return <Alert type="error" showIcon title={error.message} />;
  if (loading) return <Spin style={{ display: 'block', padding: 48 }} />;
  if (empty) return <Empty description={t('reports.chart.empty')} />;
  return <>{children}</>;
}

/** Month by month: the median time to resolve and the share of resolve deadlines met. */
function TrendsChart({ view }: { view: ReportView }) {
  const { t } = useLocale();
  const report = useReport(view, ['month']);
  const option = useMemo<ChartOption>(() => {
    const cells = [...(report.data?.cells ?? [])].sort((a, b) => (a.keys.month ?? '').localeCompare(b.keys.month ?? ''));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 56, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: cells.map((cell) => cell.keys.month) },
      yAxis: [
        { type: 'value', name: t('reports.chart.hours') },
        { type: 'value', name: '%', min: 0, max: 100 },
      ],
      series: [
        { name: t('reports.chart.median'), type: 'bar', data: cells.map((cell) => hours(medianResolve(cell, view.timeBasis))) },
        { name: t('reports.chart.compliance'), type: 'line', yAxisIndex: 1, data: cells.map((cell) => percent(cell.clocks.resolve.sla.compliance)) },
      ],
    };
  }, [report.data, view.timeBasis, t]);
  return (
    <ChartFrame loading={report.isLoading} error={report.error} empty={(report.data?.cells.length ?? 0) === 0}>
      <EChart option={option} testId="chart-trends" />
    </ChartFrame>
  );
}

/** Dealers by median time to resolve, fastest first; dealers with no estimate (nothing resolved yet) are left out. */
function RankingChart({ view }: { view: ReportView }) {
  const { t, locale } = useLocale();
  const report = useReport(view, ['dealer']);
  const ranked = useMemo(
    () =>
      (report.data?.cells ?? [])
        .filter((cell) => medianResolve(cell, view.timeBasis) !== null)
        .sort((a, b) => (medianResolve(a, view.timeBasis) ?? 0) - (medianResolve(b, view.timeBasis) ?? 0)),
    [report.data, view.timeBasis],
  );
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 200, right: 32, top: 16, bottom: 32 },
      // Fastest at the top: a category axis draws its first entry at the bottom.
      yAxis: { type: 'category', inverse: true, data: ranked.map((cell) => cellLabel('dealer', cell, locale, t)) },
      xAxis: { type: 'value', name: t('reports.chart.hours') },
      series: [{ name: t('reports.chart.median'), type: 'bar', data: ranked.map((cell) => hours(medianResolve(cell, view.timeBasis))) }],
    }),
    [ranked, view.timeBasis, locale, t],
  );
  return (
    <ChartFrame loading={report.isLoading} error={report.error} empty={ranked.length === 0}>
      <EChart option={option} height={Math.max(240, ranked.length * 22 + 60)} testId="chart-ranking" />
    </ChartFrame>
  );
}

/** Breaches (every milestone) per region and month. */
function HeatmapChart({ view }: { view: ReportView }) {
  const { t, locale } = useLocale();
  const report = useReport(view, ['region', 'month']);
  const option = useMemo<ChartOption>(() => {
    const cells = report.data?.cells ?? [];
    const months = [...new Set(cells.map((cell) => cell.keys.month ?? ''))].sort();
    const regions = [...new Map(cells.map((cell) => [cell.keys.region, cellLabel('region', cell, locale, t)])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
    const regionIndex = new Map(regions.map(([key], index) => [key, index]));
    const data = cells.map((cell) => [months.indexOf(cell.keys.month ?? ''), regionIndex.get(cell.keys.region), allBreaches(cell)]);
    return {
      tooltip: { position: 'top' },
      grid: { left: 160, right: 32, top: 16, bottom: 72 },
      xAxis: { type: 'category', data: months, splitArea: { show: true } },
      yAxis: { type: 'category', data: regions.map(([, label]) => label), splitArea: { show: true } },
      visualMap: { min: 0, max: Math.max(1, ...cells.map(allBreaches)), calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#f6ffed', '#ffd666', '#cf1322'] } },
      series: [{ name: t('reports.chart.breaches'), type: 'heatmap', data, label: { show: true } }],
    };
  }, [report.data, locale, t]);
  return (
    <ChartFrame loading={report.isLoading} error={report.error} empty={(report.data?.cells.length ?? 0) === 0}>
      <EChart option={option} height={Math.max(240, (report.data?.cells.length ?? 0) * 8 + 160)} testId="chart-heatmap" />
    </ChartFrame>
  );
}

/**
 * The distribution of times to resolve in the selection, every observation the percentiles count: resolved stretches
 * by their time, running clocks by their age so far, and stretches that ended otherwise (handed over, rerouted) —
 * the last two censored — from the API's bins (GET /api/reports/resolution/distribution), whatever the selection's size.
 */
function DistributionChart({ view }: { view: ReportView }) {
  const { t, locale } = useLocale();
  const query = { ...view.filters, clock: 'resolve' as const, timeBasis: view.timeBasis };
  const distribution = useQuery({
    queryKey: queryKeys.reportDistribution(query),
    queryFn: () => callApi(resolutionDistributionContract, { query }),
  });
  const option = useMemo<ChartOption>(() => {
    const bins = distribution.data?.bins ?? [];
    const unit = locale === 'en' ? 'h' : '小时';
    const hoursOf = (seconds: number) => seconds / HOUR;
    const labels = bins.map((bin) => (bin.toSeconds === null ? `≥${hoursOf(bin.fromSeconds)}${unit}` : `${hoursOf(bin.fromSeconds)}–${hoursOf(bin.toSeconds)}${unit}`));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('reports.chart.resolved'), type: 'bar', stack: 'tickets', data: bins.map((bin) => bin.met) },
        { name: t('reports.chart.stillOpen'), type: 'bar', stack: 'tickets', data: bins.map((bin) => bin.open), itemStyle: { color: '#bfbfbf' } },
        { name: t('reports.chart.endedOtherwise'), type: 'bar', stack: 'tickets', data: bins.map((bin) => bin.endedOtherwise), itemStyle: { color: '#e8e8e8' } },
      ],
    };
  }, [distribution.data, locale, t]);
  const totals = distribution.data?.totals;
  const count = totals ? totals.met + totals.open + totals.endedOtherwise : 0;
  return (
    <ChartFrame loading={distribution.isLoading} error={distribution.error} empty={count === 0}>
      <Typography.Text type="secondary" data-testid="chart-distribution-note">
        {t('reports.chart.all', { met: totals?.met ?? 0, open: totals?.open ?? 0, ended: totals?.endedOtherwise ?? 0 })}
      </Typography.Text>
      <EChart option={option} testId="chart-distribution" />
    </ChartFrame>
  );
}

/**
 * The report's charts (ECharts, loaded with this module only: see ReportPage). Each tab asks for its own grouping of
 * the same filters when it is first opened. A dealer's user has no ranking of others: its page shows its own standing.
 */
export function ReportCharts({ view, oversight }: { view: ReportView; oversight: boolean }) {
  const { t } = useLocale();
  const items = [
    { key: 'trends', label: t('reports.chart.trends'), children: <TrendsChart view={view} /> },
    { key: 'distribution', label: t('reports.chart.distribution'), children: <DistributionChart view={view} /> },
    ...(oversight ? [{ key: 'ranking', label: t('reports.chart.ranking'), children: <RankingChart view={view} /> }] : []),
    { key: 'heatmap', label: t('reports.chart.heatmap'), children: <HeatmapChart view={view} /> },
  ];
  return (
    <Tabs
      size="small"
      items={items.map((item) => ({ ...item, label: <span data-testid={`chart-tab-${item.key}`}>{item.label}</span> }))}
      data-testid="report-charts"
    />
  );
}
