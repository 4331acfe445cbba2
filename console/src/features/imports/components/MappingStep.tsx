import { startImportContract } from '@shared/contracts/imports.contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { type ImportPreview, type ImportRecord, useRefreshImports } from '../import-api';

type Field = ImportPreview['fields'][number];
type Column = ImportPreview['columns'][number];

const MAPPED_BACKGROUND = '#e6f4ff';

/** A column as the mapping shows it: under its merged group header, if the file has one ("客户信息 / 姓名"). */
const columnLabel = (column: Column) => (column.group ? `${column.group} / ${column.name}` : column.name);

/**
 * Step 2: which column fills each target field (the saved or suggested mapping to start from), with the file's first
 * rows below and the mapped columns highlighted. Starting needs every required field mapped.
 */
export function MappingStep({ preview, onStarted }: { preview: ImportPreview; onStarted: (record: ImportRecord) => void }) {
  const { t, locale } = useLocale();
  const [mapping, setMapping] = useState<Record<string, string>>(() => ({ ...preview.mapping }));
  const label = (field: Field) => (locale === 'en' ? field.labelEn : field.labelZh);
  const refreshImports = useRefreshImports();
  const start = useMutation({
    mutationFn: () => callApi(startImportContract, { params: { id: preview.import.id }, body: { mapping } }),
    onSuccess: (record) => {
      refreshImports();
      onStarted(record);
    },
  });
  const missing = preview.fields.filter((field) => field.required && !mapping[field.key]);
  // Column name → the field it fills, for the preview's header and highlight.
  const fieldOfColumn = useMemo(() => {
    const byColumn = new Map<string, Field>();
    for (const field of preview.fields) if (mapping[field.key]) byColumn.set(mapping[field.key], field);
    return byColumn;
  }, [mapping, preview.fields]);
  const columnOptions = preview.columns.map((column) => ({ value: column.name, label: columnLabel(column) }));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="import-mapping" data-mapping-from={preview.mappingFrom}>
      <Space wrap>
        <Typography.Text strong>{t('imports.mapping.title', { file: preview.import.fileName })}</Typography.Text>
        <Tag color={preview.mappingFrom === 'saved' ? 'green' : 'blue'} data-testid="import-mapping-from">
          {t(`imports.mapping.${preview.mappingFrom}`)}
        </Tag>
      </Space>
      <Table<Field>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={preview.fields}
        style={{ maxWidth: 640 }}
        columns={[
          {
            title: t('imports.mapping.field'),
            key: 'field',
            render: (_, field) => (
              <Space size={6}>
                {label(field)}
                {field.required && <Tag color="red">{t('imports.mapping.required')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('imports.mapping.column'),
            key: 'column',
            render: (_, field) => (
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={t('imports.mapping.none')}
                value={mapping[field.key]}
                onChange={(column: string | undefined) =>
                  setMapping((current) => {
                    const next = { ...current };
                    if (column) next[field.key] = column;
                    else delete next[field.key];
                    return next;
                  })
                }
                options={columnOptions}
                status={field.required && !mapping[field.key] ? 'error' : undefined}
                style={{ width: 280 }}
                data-testid={`import-map-${field.key}`}
                data-value={mapping[field.key] ?? ''}
              />
            ),
          },
        ]}
      />
      <Typography.Text type="secondary">{t('imports.mapping.preview', { n: preview.sample.length })}</Typography.Text>
      <Table<string[]>
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowKey={(_, index) => String(index)}
        dataSource={preview.sample}
        data-testid="import-sample"
        columns={preview.columns.map((column) => {
          const field = fieldOfColumn.get(column.name);
          const style = field ? { background: MAPPED_BACKGROUND } : undefined;
          return {
            key: String(column.index),
            title: (
              <Space direction="vertical" size={0} data-testid="import-sample-column" data-mapped={field ? field.key : ''}>
                {column.group && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{column.group}</Typography.Text>}
                <span>{column.name}</span>
                {field && <Typography.Text type="success" style={{ fontSize: 12 }}>→ {label(field)}</Typography.Text>}
              </Space>
            ),
            onHeaderCell: () => ({ style }),
            onCell: () => ({ style }),
            render: (_: unknown, row: string[]) => row[column.index] ?? '',
          };
        })}
      />
      {missing.length > 0 && <Alert type="warning" showIcon title={t('imports.mapping.missing', { fields: missing.map(label).join('、') })} data-testid="import-mapping-missing" />}
      {start.error && <Alert type="error" showIcon title={start.error.message} data-testid="import-start-error" />}
      <Button type="primary" disabled={missing.length > 0} loading={start.isPending} onClick={() => start.mutate()} data-testid="import-start">
        {t('imports.start')}
      </Button>
    </Space>
  );
}
