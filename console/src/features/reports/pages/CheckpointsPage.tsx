import { listReportCheckpointsContract, takeCheckpointContract } from '@shared/contracts/reports.contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { useSession } from '../../auth/useSession';
import { CHECKPOINT_TAKERS } from '../reports-access';
import type { CheckpointSummary } from '../reports.types';

/** The dimensions a checkpoint's report was grouped by, by name. */
function groupByOf(checkpoint: CheckpointSummary, t: (key: string) => string): string {
  const groupBy = checkpoint.query.groupBy;
  const dimensions = Array.isArray(groupBy) ? groupBy : typeof groupBy === 'string' ? groupBy.split(',') : [];
  return dimensions.map((dimension) => t(`reports.dimension.${String(dimension)}`)).join(' / ');
}

/** QA and admins take a checkpoint by hand: the default report (per dealer, this month) as it stands now. */
function TakeCheckpoint() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const take = useMutation({
    mutationFn: () => callApi(takeCheckpointContract, { body: { label: label.trim() || undefined } }),
    onSuccess: (checkpoint) => {
      setLabel('');
      void message.success(t('reports.checkpoints.taken', { label: checkpoint.label }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.reportCheckpoints });
    },
  });
  return (
    <Space wrap>
      <Input value={label} onChange={(event) => setLabel(event.target.value)} maxLength={100} placeholder={t('reports.checkpoints.takeLabel')} style={{ width: 240 }} data-testid="checkpoint-label" />
      <Button type="primary" loading={take.isPending} onClick={() => take.mutate()} data-testid="checkpoint-take">
        {t('reports.checkpoints.take')}
      </Button>
      {take.error && <Typography.Text type="danger">{take.error.message}</Typography.Text>}
    </Space>
  );
}

/** The report's checkpoints (the 10th, the 20th, month ends, and those taken by hand), newest first. */
export function CheckpointsPage() {
  const { t } = useLocale();
  const { user } = useSession();
  const checkpoints = useQuery({ queryKey: queryKeys.reportCheckpoints, queryFn: async () => (await callApi(listReportCheckpointsContract, {})).items });
  const columns: ColumnsType<CheckpointSummary> = [
    { key: 'label', title: t('reports.checkpoints.label'), dataIndex: 'label' },
    { key: 'kind', title: t('reports.checkpoints.kind'), render: (_, row) => <Tag color={row.kind === 'manual' ? 'blue' : undefined}>{t(`reports.checkpoints.kind.${row.kind}`)}</Tag> },
    { key: 'cutoffAt', title: t('reports.checkpoints.cutoffAt'), render: (_, row) => formatDateTime(row.cutoffAt) },
    { key: 'takenAt', title: t('reports.checkpoints.takenAt'), render: (_, row) => formatDateTime(row.takenAt) },
    { key: 'groupBy', title: t('reports.checkpoints.groupBy'), render: (_, row) => groupByOf(row, t) },
    {
      key: 'open',
      title: '',
      render: (_, row) => (
        <Link to={`/reports/checkpoints/${row.id}`} data-testid="checkpoint-open">
          {t('reports.checkpoints.open')}
        </Link>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="checkpoints-page">
      <Typography.Text type="secondary">{t('reports.checkpoints.explained')}</Typography.Text>
      {user && CHECKPOINT_TAKERS.includes(user.role) && <TakeCheckpoint />}
      {checkpoints.error && <Alert type="error" showIcon title={checkpoints.error.message} />}
      <Table<CheckpointSummary>
        size="small"
        rowKey="id"
        loading={checkpoints.isLoading}
        dataSource={checkpoints.data ?? []}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('reports.checkpoints.empty') }}
        onRow={(row) => ({ 'data-testid': 'checkpoint-row', 'data-checkpoint-id': row.id }) as HTMLAttributes<HTMLElement>}
      />
    </Space>
  );
}
