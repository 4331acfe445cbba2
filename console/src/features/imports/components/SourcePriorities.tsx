import { updateImportSourcesContract } from '@shared/contracts/imports.contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, InputNumber, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { nameOf } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { type ImportSource } from '../import-api';
import { useImportSources } from '../useImportSources';

/**
 * The source systems ranked: a field takes the value of the highest-priority source that gave one. Admins change the
 * numbers (later imports merge by them); supervisors read them.
 */
export function SourcePriorities({ canEdit }: { canEdit: boolean }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sources = useImportSources();
  const [priorities, setPriorities] = useState<Record<string, number>>({});
  useEffect(() => {
    if (sources.data) setPriorities(Object.fromEntries(sources.data.items.map((source) => [source.code, source.priority])));
  }, [sources.data]);
  const save = useMutation({
    mutationFn: () => callApi(updateImportSourcesContract, { body: { sources: Object.entries(priorities).map(([code, priority]) => ({ code, priority })) } }),
    onSuccess: (answer) => {
      queryClient.setQueryData(queryKeys.importSources, answer);
      void message.success(t('common.saved'));
    },
    onError: (error: Error) => void message.error(error.message),
  });
  return (
    <Card
      size="small"
      title={t('imports.sources.title')}
      data-testid="import-sources"
      extra={
        canEdit && (
          <Button type="primary" size="small" loading={save.isPending} onClick={() => save.mutate()} data-testid="import-sources-save">
            {t('common.save')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('imports.sources.hint')}</Typography.Paragraph>
      <Table<ImportSource>
        size="small"
        rowKey="code"
        pagination={false}
        loading={sources.isLoading}
        dataSource={[...(sources.data?.items ?? [])].sort((a, b) => b.priority - a.priority)}
        style={{ maxWidth: 560 }}
        columns={[
          { title: t('imports.sources.code'), dataIndex: 'code' },
          {
            title: t('imports.sources.name'),
            key: 'name',
            render: (_, source) => (
              <>
                {nameOf(source, locale)} {!source.active && <Tag>{t('imports.sources.inactive')}</Tag>}
              </>
            ),
          },
          {
            title: t('imports.sources.priority'),
            key: 'priority',
            render: (_, source) =>
              canEdit ? (
                <InputNumber
                  min={0}
                  max={1000}
                  precision={0}
                  value={priorities[source.code]}
                  onChange={(value) => setPriorities((current) => ({ ...current, [source.code]: value ?? 0 }))}
                  data-testid={`import-source-priority-${source.code}`}
                />
              ) : (
                source.priority
              ),
          },
        ]}
      />
    </Card>
  );
}
