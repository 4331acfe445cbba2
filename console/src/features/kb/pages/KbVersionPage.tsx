import { Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { Problem } from '../../../app/ErrorPage';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import { KbAudienceTag, KbStatusTag, yearRange } from '../components/KbTags';
import { useKbVersion } from '../kb-api';

/** `/kb/:id/versions/:version` (editors): an old version as it was written, its Markdown shown as text. */
export function KbVersionPage({ id, version }: { id: string; version: number }) {
  const { t } = useLocale();
  const saved = useKbVersion(id, version);
  if (saved.isLoading) return <Card><Skeleton active paragraph={{ rows: 6 }} /></Card>;
  if (saved.error || !saved.data) return <Problem title={saved.error?.message ?? t('common.notFound')} extra={<Link to={`/kb/${id}`}>{t('kb.back')}</Link>} />;
  const data = saved.data;
  return (
    <Card size="small" title={<Link to={`/kb/${id}`}>← {t('kb.version.title', { version: data.version })}</Link>} style={{ maxWidth: 1000 }} data-testid="kb-version" data-version={data.version}>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap size={8}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="kb-version-title">
            {data.title}
          </Typography.Title>
          <KbStatusTag status={data.status} />
          <KbAudienceTag audience={data.audience} />
        </Space>
        <Typography.Text type="secondary">{t('kb.version.editedBy', { name: data.editedByName ?? t('common.none'), at: formatDateTime(data.editedAt) })}</Typography.Text>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
          <Descriptions.Item label={t('kb.meta.models')}>{data.models.length > 0 ? data.models.map((model) => <Tag key={model}>{model}</Tag>) : t('kb.meta.allModels')}</Descriptions.Item>
          <Descriptions.Item label={t('kb.meta.years')}>{yearRange(data, t('kb.meta.allYears'))}</Descriptions.Item>
          <Descriptions.Item label={t('kb.meta.symptoms')}>{data.symptoms.join('、') || t('common.none')}</Descriptions.Item>
        </Descriptions>
        <Typography.Text strong>{t('kb.version.bodyAsWritten')}</Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, margin: 0 }} data-testid="kb-version-body">
          {data.body}
        </Typography.Paragraph>
      </Space>
    </Card>
  );
}
