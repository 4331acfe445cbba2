import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select, Skeleton, Space } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Problem } from '../../../app/ErrorPage';
import { useLocale } from '../../../i18n/useLocale';
import { isApiError } from '../../../lib/api-client';
import { showValidationIssues } from '../../../lib/form-errors';
import { KB_AUDIENCE_LIST, type KbArticle, type KbArticleInput, useCreateKbArticle, useKbArticle, useUpdateKbArticle } from '../kb-api';

interface EditorValues {
  title: string;
  body: string;
  models: string[];
  yearFrom: number | null;
  yearTo: number | null;
  symptoms: string[];
  audience: KbArticleInput['audience'];
}

const EMPTY: EditorValues = { title: '', body: '', models: [], yearFrom: null, yearTo: null, symptoms: [], audience: 'agents' };

const valuesOf = (article: KbArticle): EditorValues => ({
  title: article.title,
  body: article.body,
  models: article.models,
  yearFrom: article.yearFrom,
  yearTo: article.yearTo,
  symptoms: article.symptoms,
  audience: article.audience,
});

/** The fields of an article; on save, the API's validation issues land on their fields. */
function ArticleForm({ initial, saving, submitLabel, onSubmit }: { initial: EditorValues; saving: boolean; submitLabel: string; onSubmit: (values: EditorValues, form: ReturnType<typeof Form.useForm<EditorValues>>[0]) => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<EditorValues>();
  useEffect(() => form.setFieldsValue(initial), [form, initial]);
  const required = [{ required: true, whitespace: true, message: t('kb.field.required') }];
  return (
    <Form<EditorValues> form={form} layout="vertical" initialValues={initial} onFinish={(values) => onSubmit(values, form)} data-testid="kb-editor-form">
      <Form.Item name="title" label={t('kb.field.title')} rules={required}>
        <Input maxLength={200} data-testid="kb-editor-title" />
      </Form.Item>
      <Form.Item name="body" label={t('kb.field.body')} extra={t('kb.field.bodyHelp')} rules={required}>
        <Input.TextArea autoSize={{ minRows: 10, maxRows: 30 }} maxLength={50_000} style={{ fontFamily: 'monospace' }} data-testid="kb-editor-body" />
      </Form.Item>
      <Space wrap size={16} align="start">
        <Form.Item name="models" label={t('kb.field.models')} extra={t('kb.field.modelsHelp')} style={{ minWidth: 280 }}>
          <Select mode="tags" tokenSeparators={[',', '，']} open={false} data-testid="kb-editor-models" />
        </Form.Item>
        <Form.Item name="yearFrom" label={t('kb.field.yearFrom')}>
          <InputNumber<number> min={1980} max={2100} precision={0} data-testid="kb-editor-year-from" />
        </Form.Item>
        <Form.Item name="yearTo" label={t('kb.field.yearTo')}>
          <InputNumber<number> min={1980} max={2100} precision={0} data-testid="kb-editor-year-to" />
        </Form.Item>
      </Space>
      <Form.Item name="symptoms" label={t('kb.field.symptoms')}>
        <Select mode="tags" tokenSeparators={[',', '，']} open={false} data-testid="kb-editor-symptoms" />
      </Form.Item>
      <Form.Item name="audience" label={t('kb.field.audience')}>
        <Radio.Group data-testid="kb-editor-audience">
          {KB_AUDIENCE_LIST.map((audience) => (
            <Radio key={audience} value={audience} data-testid={`kb-editor-audience-${audience}`}>
              {t(`kb.audience.${audience}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="kb-editor-save">
        {submitLabel}
      </Button>
    </Form>
  );
}

const inputOf = (values: EditorValues): KbArticleInput => ({
  title: values.title,
  body: values.body,
  models: values.models ?? [],
  yearFrom: values.yearFrom ?? null,
  yearTo: values.yearTo ?? null,
  symptoms: values.symptoms ?? [],
  audience: values.audience,
});

/** `/kb/new`: a new article, saved as a draft (version 1). */
export function KbNewArticlePage() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useCreateKbArticle();
  return (
    <Card title={t('kb.editor.newTitle')} extra={<Link to="/kb">{t('kb.back')}</Link>} style={{ maxWidth: 1000 }} data-testid="kb-editor">
      <ArticleForm
        initial={EMPTY}
        saving={create.isPending}
        submitLabel={t('kb.editor.create')}
        onSubmit={(values, form) =>
          create.mutate(inputOf(values), {
            onSuccess: (article) => {
              void message.success(t('kb.created'));
              navigate(`/kb/${article.id}`);
            },
            onError: (error) => {
              if (!showValidationIssues(form, error)) void message.error(error.message);
            },
          })
        }
      />
    </Card>
  );
}

/**
 * `/kb/:id/edit`: saving writes a new version from the one the editor opened. When someone saved in between, the API
 * answers 409: the page says so, keeps the editor's text, and offers to load the latest version instead.
 */
export function KbEditArticlePage({ id }: { id: string }) {
  const { t } = useLocale();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const article = useKbArticle(id);
  const update = useUpdateKbArticle(id);
  // The version and content the editor started from: a refetch in the background must not move them.
  const [base, setBase] = useState<{ version: number; values: EditorValues } | null>(null);
  const [conflict, setConflict] = useState(false);
  useEffect(() => {
    if (article.data && base === null) setBase({ version: article.data.version, values: valuesOf(article.data) });
  }, [article.data, base]);

  if (article.isLoading || (article.data && !base)) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (article.error || !article.data || !base) return <Problem title={article.error?.message ?? t('common.error')} extra={<Link to="/kb">{t('kb.back')}</Link>} />;

  const reload = async () => {
    const latest = await article.refetch();
    if (latest.data) setBase({ version: latest.data.version, values: valuesOf(latest.data) });
    setConflict(false);
  };
  return (
    <Card
      title={t('kb.editor.editTitle', { title: article.data.title })}
      extra={<Link to={`/kb/${id}`}>{t('common.cancel')}</Link>}
      style={{ maxWidth: 1000 }}
      data-testid="kb-editor"
      data-version={base.version}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('kb.editor.conflict')}
          data-testid="kb-editor-conflict"
          action={
            <Button size="small" onClick={() => void reload()} data-testid="kb-editor-reload">
              {t('kb.editor.reload')}
            </Button>
          }
        />
      )}
      <ArticleForm
        initial={base.values}
        saving={update.isPending}
        submitLabel={t('kb.editor.save')}
        onSubmit={(values, form) =>
          update.mutate(
            { version: base.version, article: inputOf(values) },
            {
              onSuccess: (saved) => {
                void message.success(t('kb.saved', { version: saved.version }));
                navigate(`/kb/${saved.id}`);
              },
              onError: (error) => {
                if (isApiError(error, 'VERSION_CONFLICT')) setConflict(true);
                else if (!showValidationIssues(form, error, (path) => (path[0] === 'article' ? path.slice(1) : path))) void message.error(error.message);
              },
            },
          )
        }
      />
    </Card>
  );
}
