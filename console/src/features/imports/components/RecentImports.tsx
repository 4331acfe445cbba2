import { Card, Progress, Table, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import { type ImportRecord, rejectionsUrl, useImports } from '../import-api';
import { useSourceName } from '../useImportSources';
import { ImportStatusTag } from './ImportStatus';

/** The latest imports (the data team sees all, a dealer its own), newest first; polled while one of them runs. */
export function RecentImports({ extra }: { extra?: React.ReactNode }) {
  const { t } = useLocale();
  const imports = useImports();
  const sourceName = useSourceName();
  return (
    <Card size="small" title={t('imports.recent')} extra={extra}>
      <Table<ImportRecord>
        size="small"
        rowKey="id"
        loading={imports.isLoading}
        dataSource={imports.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('imports.recent.empty') }}
        data-testid="import-list"
        columns={[
          { title: t('imports.col.time'), key: 'time', render: (_, record) => formatDateTime(record.createdAt) },
          { title: t('imports.kind'), key: 'kind', render: (_, record) => t(`imports.kind.${record.kind}`) },
          { title: t('imports.source'), key: 'source', render: (_, record) => sourceName(record.source) },
          { title: t('imports.col.file'), dataIndex: 'fileName' },
          { title: t('imports.col.status'), key: 'status', render: (_, record) => <ImportStatusTag status={record.status} /> },
          { title: t('imports.col.progress'), key: 'progress', render: (_, record) => <Progress percent={Math.round(record.progress)} size="small" style={{ width: 120 }} /> },
          {
            title: t('imports.col.counts'),
            key: 'counts',
            render: (_, record) => (
              <span>
                {record.acceptedRows} / <Typography.Text type={record.rejectedRows > 0 ? 'danger' : undefined}>{record.rejectedRows}</Typography.Text>
                {record.rejectedRows > 0 && (
                  <>
                    {' · '}
                    <a href={rejectionsUrl(record.id)} download>
                      CSV
                    </a>
                  </>
                )}
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}
