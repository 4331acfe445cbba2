import { Space, Tag, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import type { ImportRecord } from '../import-api';

const STATUS_COLORS: Record<ImportRecord['status'], string> = {
  uploaded: 'default',
  queued: 'processing',
  running: 'processing',
  done: 'success',
  failed: 'error',
  undone: 'warning',
};

export function ImportStatusTag({ status }: { status: ImportRecord['status'] }) {
  const { t } = useLocale();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="import-status" data-status={status}>
      {t(`imports.status.${status}`)}
    </Tag>
  );
}

const COUNTS = [
  ['accepted', 'acceptedRows'],
  ['rejected', 'rejectedRows'],
  ['created', 'createdRecords'],
  ['updated', 'updatedRecords'],
  ['unchanged', 'unchangedRecords'],
] as const;

/** A finished import's figures: rows accepted and rejected, records created, updated and left as they were. */
export function ImportCounts({ record }: { record: ImportRecord }) {
  const { t } = useLocale();
  return (
    <Space size={16} wrap data-testid="import-counts">
      {COUNTS.map(([name, field]) => (
        <Typography.Text key={name} type={name === 'rejected' && record[field] > 0 ? 'danger' : undefined}>
          {t(`imports.count.${name}`)} <strong data-testid={`import-count-${name}`}>{record[field]}</strong>
        </Typography.Text>
      ))}
    </Space>
  );
}
