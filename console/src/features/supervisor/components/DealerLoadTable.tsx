import type { ContractResponse } from '@shared/contracts/contract';
import { useQuery } from '@tanstack/react-query';
import { Progress, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { formatDuration, nameOf } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { listRegionsContract } from '@shared/contracts/reference.contracts';
import { dealerLoadContract } from '@shared/contracts/stats.contracts';
import { callApi } from '../../../lib/api';


type DealerLoad = ContractResponse<typeof dealerLoadContract>['items'][number];

/** `GET /api/stats/dealer-load`: open tickets against capacity, warnings, breaches, oldest open ticket. */
export function DealerLoadTable() {
  const { t, locale } = useLocale();
  const [regionId, setRegionId] = useState<string | undefined>();
  const regions = useQuery({
    queryKey: queryKeys.regions,
    queryFn: async () => (await callApi(listRegionsContract, {})).items,
    staleTime: 10 * 60_000,
  });
  // Starts with 'tickets' so a ticket change refreshes the load too.
  const load = useQuery({
    queryKey: ['tickets', 'dealer-load', regionId ?? 'all'],
    queryFn: async () => (await callApi(dealerLoadContract, { query: { regionId } })).items,
  });
  const columns: ColumnsType<DealerLoad> = [
    {
      title: t('supervisor.load.dealer'),
      render: (_value, row) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{nameOf(row, locale)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.code} · {row.city}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('supervisor.load.open'),
      dataIndex: 'openTickets',
      width: 200,
      sorter: (a, b) => a.openTickets / a.capacity - b.openTickets / b.capacity,
      render: (_value, row) => {
        const percent = Math.round((row.openTickets / Math.max(1, row.capacity)) * 100);
        return (
          <Space size={6}>
            <Progress percent={Math.min(100, percent)} size="small" style={{ width: 90, margin: 0 }} showInfo={false} status={percent >= 100 ? 'exception' : 'normal'} />
            <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
              {row.openTickets} / {row.capacity}
            </Typography.Text>
          </Space>
        );
      },
    },
    {
      title: t('supervisor.load.warning'),
      dataIndex: 'warning',
      width: 90,
      sorter: (a, b) => a.warning - b.warning,
      render: (value: number) => (value > 0 ? <Tag color="orange">{value}</Tag> : <Typography.Text type="secondary">0</Typography.Text>),
    },
    {
      title: t('supervisor.load.breached'),
      dataIndex: 'breached',
      width: 90,
      sorter: (a, b) => a.breached - b.breached,
      render: (value: number) => (value > 0 ? <Tag color="red">{value}</Tag> : <Typography.Text type="secondary">0</Typography.Text>),
    },
    {
      title: t('supervisor.load.oldest'),
      dataIndex: 'oldestOpenMinutes',
      width: 120,
      sorter: (a, b) => (a.oldestOpenMinutes ?? -1) - (b.oldestOpenMinutes ?? -1),
      render: (value: number | null) => (value === null ? '—' : formatDuration(value * 60_000, locale)),
    },
  ];
  return (
    <div data-testid="dealer-load">
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={t('supervisor.load.allRegions')}
        value={regionId}
        onChange={setRegionId}
        style={{ width: 220, marginBottom: 8 }}
        options={(regions.data ?? []).map((region) => ({ value: region.id, label: nameOf(region, locale) }))}
        data-testid="dealer-load-region"
      />
      <Table<DealerLoad>
        rowKey="dealerId"
        size="small"
        columns={columns}
        dataSource={load.data ?? []}
        loading={load.isLoading}
        pagination={{ pageSize: 10, showSizeChanger: false, size: 'small' }}
        onRow={(row) => ({ 'data-testid': 'dealer-load-row', 'data-dealer-code': row.code }) as React.HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}
