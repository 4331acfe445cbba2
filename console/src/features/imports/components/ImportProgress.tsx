import { Alert, App, Button, Popconfirm, Progress, Space, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { useEffect } from 'react';
import { isRunning, rejectionsUrl, useImport, useRefreshImports, useUndoImport } from '../import-api';
import { ImportCounts, ImportStatusTag } from './ImportStatus';

/**
 * A started import: the progress bar (polled every second while it is queued or running), then its counts, the
 * rejected rows as CSV and, for the data team, undo.
 */
export function ImportProgress({ importId, canUndo }: { importId: string; canUndo: boolean }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const query = useImport(importId);
  const undo = useUndoImport();
  const record = query.data;
  const refreshImports = useRefreshImports();
  const finished = record !== undefined && !isRunning(record);
  // The list below shows the end as soon as this import's own poll sees it.
  useEffect(() => {
    if (finished) refreshImports();
  }, [finished]); // eslint-disable-line react-hooks/exhaustive-deps
  if (query.error) return <Alert type="error" showIcon title={query.error.message} />;
  if (!record) return <Progress percent={0} data-testid="import-progress" data-status="queued" data-percent={0} />;
  const percent = Math.round(record.progress);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="import-result" data-import-id={record.id}>
      <Space wrap>
        <Typography.Text strong>{record.fileName}</Typography.Text>
        <ImportStatusTag status={record.status} />
      </Space>
      <Progress
        percent={percent}
        status={record.status === 'failed' ? 'exception' : record.status === 'done' ? 'success' : isRunning(record) ? 'active' : 'normal'}
        data-testid="import-progress"
        data-status={record.status}
        data-percent={percent}
      />
      <Typography.Text type="secondary" data-testid="import-rows">
        {record.totalRows === null
          ? t('imports.rowsUnknown', { processed: record.processedRows })
          : t('imports.rows', { processed: record.processedRows, total: record.totalRows })}
      </Typography.Text>
      {record.status === 'failed' && <Alert type="error" showIcon title={t('imports.failed', { error: record.error ?? '' })} />}
      {(record.status === 'done' || record.status === 'undone') && <ImportCounts record={record} />}
      <Space wrap>
        {record.rejectedRows > 0 && !isRunning(record) && (
          <a href={rejectionsUrl(record.id)} download data-testid="import-rejections">
            {t('imports.rejections.download')}
          </a>
        )}
        {canUndo && record.status === 'done' && (
          <Popconfirm
            title={t('imports.undo')}
            description={<div style={{ maxWidth: 360 }}>{t('imports.undo.confirm')}</div>}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() =>
              undo.mutateAsync(record.id).then(
                () => void message.success(t('imports.undo.done')),
                (error: Error) => void message.error(error.message),
              )
            }
          >
            <Button danger loading={undo.isPending} data-testid="import-undo">
              {t('imports.undo')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Space>
  );
}
