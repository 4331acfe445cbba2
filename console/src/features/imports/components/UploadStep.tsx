import { uploadImportContract } from '@shared/contracts/imports.contracts';
import { IMPORT_KINDS, type ImportKind } from '@shared/import/import-columns';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Radio, Select, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { nameOf } from '../../../lib/format';
import { uploadFile } from '../../../lib/api';
import { type ImportPreview, useRefreshImports } from '../import-api';
import { useImportSources } from '../useImportSources';

/** A dealer's staff always import as this source (the API enforces it; the select is not shown to them). */
const DEALER_SOURCE = 'dealer';
/** Labelled complaint history teaches the hotline's category suggestions: the hotline's import admins only (the API enforces it). */
const HOTLINE_ONLY_KINDS: readonly ImportKind[] = ['complaint_history'];

interface UploadValues {
  kind: ImportKind;
  source: string;
}

/**
 * Step 1: what the file holds, where it comes from, the file itself. The browser's file input only picks the file; the
 * bytes go as the request body through `uploadFile`, and the answer is the mapping step's preview. (antd's Upload
 * brings its list icons, which regrouped the shared chunks and put QA's first route 0.5 KB over its 400 KB budget.)
 */
export function UploadStep({ chooseSource, onUploaded }: { chooseSource: boolean; onUploaded: (preview: ImportPreview) => void }) {
  const { t, locale } = useLocale();
  const [form] = Form.useForm<UploadValues>();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const sources = useImportSources(chooseSource);
  const refreshImports = useRefreshImports();
  const upload = useMutation({
    mutationFn: ({ values, picked }: { values: UploadValues; picked: File }) =>
      uploadFile(uploadImportContract, { query: { kind: values.kind, source: chooseSource ? values.source : DEALER_SOURCE, fileName: picked.name } }, picked),
    onSuccess: (preview) => {
      refreshImports();
      onUploaded(preview);
    },
  });
  const submit = (values: UploadValues) => {
    const picked = file;
    setFileMissing(!picked);
    if (picked) upload.mutate({ values, picked });
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ kind: 'customer', source: 'invoice' }} onFinish={submit} style={{ maxWidth: 560 }} data-testid="import-upload">
      <Form.Item name="kind" label={t('imports.kind')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" options={IMPORT_KINDS.filter((kind) => chooseSource || !HOTLINE_ONLY_KINDS.includes(kind)).map((kind) => ({ value: kind, label: t(`imports.kind.${kind}`) }))} data-testid="import-kind" />
      </Form.Item>
      {chooseSource && (
        <Form.Item name="source" label={t('imports.source')} rules={[{ required: true }]}>
          <Select
            loading={sources.isLoading}
            options={(sources.data?.items ?? []).filter((source) => source.active).map((source) => ({ value: source.code, label: nameOf(source, locale) }))}
            style={{ maxWidth: 280 }}
            data-testid="import-source"
          />
        </Form.Item>
      )}
      <Form.Item label={t('imports.file')} required validateStatus={fileMissing ? 'error' : undefined} help={fileMissing ? t('imports.file.required') : undefined}>
        <input
          ref={input}
          type="file"
          style={{ display: 'none' }}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setFileMissing(false);
          }}
          data-testid="import-file"
        />
        <Space>
          <Button onClick={() => input.current?.click()}>{t('imports.file.choose')}</Button>
          {file && <Typography.Text data-testid="import-file-name">{file.name}</Typography.Text>}
        </Space>
      </Form.Item>
      {upload.error && <Alert type="error" showIcon title={upload.error.message} style={{ marginBottom: 12 }} data-testid="import-upload-error" />}
      <Button type="primary" htmlType="submit" loading={upload.isPending} data-testid="import-upload-submit">
        {t('imports.upload')}
      </Button>
    </Form>
  );
}
