import { REPORT_DIMENSIONS, type ReportDimension, TIME_BASES } from '@shared/reports/report-vocabulary';
import { TICKET_TYPES } from '@shared/tickets/ticket-vocabulary';
import { Button, Input, Segmented, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useLocale } from '../../../i18n/useLocale';
import { nameOf } from '../../../lib/format';
import { useCategories, useDealers, useDepartments, useRegions } from '../../tickets/hooks/useReference';
import { readReportView, type ReportFilters as Filters, type ReportView } from '../report-view';

const DATE = 'YYYY-MM-DD';

/**
 * The period's last day as the reader picks it: whole days, both ends included. The API's period is [from, to), so the
 * last day picked is sent as the next day's start and shown back as the day before `to`.
 */
const lastDayOf = (to: string | undefined) => (to ? dayjs(to).subtract(1, 'day').format(DATE) : '');
const toOf = (lastDay: string) => (lastDay ? dayjs(lastDay).add(1, 'day').format(DATE) : undefined);

/**
 * The report's filters, grouping and time basis. `oversight` readers (QA, supervisors, admins) filter by any party;
 * a dealer's or department's user reads its own figures, so the party filters are not offered to them.
 */
export function ReportFilters({ view, onChange, oversight }: { view: ReportView; onChange: (view: ReportView) => void; oversight: boolean }) {
  const { t, locale } = useLocale();
  const dealers = useDealers(oversight);
  const departments = useDepartments(oversight);
  const regions = useRegions(oversight);
  const categories = useCategories();
  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K] | undefined) => onChange({ ...view, filters: { ...view.filters, [key]: value || undefined } });
  const named = (items: Array<{ id: string; code: string; nameZh: string; nameEn: string }> | undefined) =>
    (items ?? []).map((item) => ({ value: item.id, label: `${item.code} ${nameOf(item, locale)}`, title: item.code }));
  const selectProps = { allowClear: true, showSearch: { optionFilterProp: 'label' as const }, style: { minWidth: 180 } };

  return (
    <Space wrap size={[12, 8]} data-testid="report-filters">
      <Segmented<Filters['basis']>
        value={view.filters.basis}
        onChange={(basis) => setFilter('basis', basis)}
        options={(['created', 'resolved'] as const).map((basis) => ({ value: basis, label: t(`reports.filter.basis.${basis}`) }))}
        data-testid="report-basis"
      />
      {/* The browser's own date fields: antd's range picker alone would put QA's first page over its budget. */}
      <Space.Compact>
        <Input type="date" value={view.filters.from ?? ''} onChange={(event) => setFilter('from', event.target.value)} aria-label={t('reports.filter.from')} style={{ width: 150 }} data-testid="report-from" />
        <Input type="date" value={lastDayOf(view.filters.to)} onChange={(event) => setFilter('to', toOf(event.target.value))} aria-label={t('reports.filter.to')} style={{ width: 150 }} data-testid="report-to" />
      </Space.Compact>
      <Select
        {...selectProps}
        value={view.filters.type}
        onChange={(type) => setFilter('type', type)}
        placeholder={t('reports.filter.anyType')}
        options={TICKET_TYPES.map((type) => ({ value: type, label: t(`ticketType.${type}`), title: type }))}
        data-testid="report-type"
      />
      {oversight && (
        <>
          <Select {...selectProps} value={view.filters.regionId} onChange={(id) => setFilter('regionId', id)} placeholder={t('reports.filter.anyRegion')} options={named(regions.data)} data-testid="report-region" />
          <Select {...selectProps} value={view.filters.dealerId} onChange={(id) => setFilter('dealerId', id)} placeholder={t('reports.filter.anyDealer')} options={named(dealers.data)} data-testid="report-dealer" style={{ minWidth: 240 }} />
          <Select {...selectProps} value={view.filters.departmentId} onChange={(id) => setFilter('departmentId', id)} placeholder={t('reports.filter.anyDepartment')} options={named(departments.data)} data-testid="report-department" />
        </>
      )}
      <Select
        {...selectProps}
        value={view.filters.categoryId}
        onChange={(id) => setFilter('categoryId', id)}
        placeholder={t('reports.filter.anyCategory')}
        // The path shows where a category sits in the tree; the report takes a category with its whole subtree.
        options={(categories.data ?? []).map((category) => ({ value: category.id, label: `${nameOf(category, locale)} (${category.path})`, title: category.path }))}
        data-testid="report-category"
        style={{ minWidth: 240 }}
      />
      <Input.Search
        // Typed freely, sent on Enter: remounted when the URL's model changes (reset, a link) to show that one.
        key={view.filters.vehicleModel ?? ''}
        allowClear
        defaultValue={view.filters.vehicleModel}
        placeholder={t('reports.filter.vehicleModel')}
        onSearch={(model) => setFilter('vehicleModel', model.trim())}
        style={{ width: 220 }}
        data-testid="report-vehicle-model"
      />
      <Select<ReportDimension[]>
        mode="multiple"
        value={view.groupBy}
        // One or two dimensions: a third choice replaces the older of the two, an empty choice keeps the last one.
        onChange={(groupBy) => groupBy.length > 0 && onChange({ ...view, groupBy: groupBy.slice(-2) })}
        options={REPORT_DIMENSIONS.map((dimension) => ({ value: dimension, label: t(`reports.dimension.${dimension}`), title: dimension }))}
        aria-label={t('reports.filter.groupBy')}
        style={{ minWidth: 220 }}
        data-testid="report-group-by"
      />
      <Segmented
        value={view.timeBasis}
        onChange={(timeBasis) => onChange({ ...view, timeBasis })}
        options={TIME_BASES.map((basis) => ({ value: basis, label: t(`reports.filter.timeBasis.${basis}`) }))}
        data-testid="report-time-basis"
      />
      <Button onClick={() => onChange(readReportView(new URLSearchParams()))} data-testid="report-reset">
        {t('reports.filter.reset')}
      </Button>
    </Space>
  );
}
