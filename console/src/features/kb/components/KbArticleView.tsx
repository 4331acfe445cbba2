import { Descriptions, Space, Tag, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import type { KbArticle } from '../kb-api';
import { KbAudienceTag, KbStatusTag, yearRange } from './KbTags';

/** One article: title, what it applies to, who it is for, its version and how often it solved a ticket, and the body. */
export function KbArticleView({ article }: { article: KbArticle }) {
  const { t } = useLocale();
  const updated = formatDateTime(article.updatedAt);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="kb-article" data-article-id={article.id} data-version={article.version} data-status={article.status}>
      <Space wrap size={8} align="center">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="kb-article-title">
          {article.title}
        </Typography.Title>
        <KbStatusTag status={article.status} />
        <KbAudienceTag audience={article.audience} />
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('kb.meta.models')}>
          <span data-testid="kb-article-models">{article.models.length > 0 ? article.models.map((model) => <Tag key={model}>{model}</Tag>) : t('kb.meta.allModels')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('kb.meta.years')}>{yearRange(article, t('kb.meta.allYears'))}</Descriptions.Item>
        <Descriptions.Item label={t('kb.meta.symptoms')}>
          {article.symptoms.length > 0 ? article.symptoms.map((symptom) => <Tag key={symptom} color="volcano" bordered={false}>{symptom}</Tag>) : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('kb.meta.version')}>
          <span data-testid="kb-article-version">v{article.version}</span>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
            {article.updatedByName ? t('kb.meta.updatedBy', { name: article.updatedByName, at: updated }) : t('kb.meta.updated', { at: updated })}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('kb.meta.audience')}>{t(`kb.audience.${article.audience}`)}</Descriptions.Item>
        <Descriptions.Item label={t('kb.meta.usage')}>
          <Space size={12}>
            <span data-testid="kb-article-used" data-count={article.usedCount}>
              {t('kb.meta.used', { n: article.usedCount })}
            </span>
            <span data-testid="kb-article-solved" data-count={article.solvedCount}>
              {t('kb.meta.solved', { n: article.solvedCount })}
            </span>
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {/* The only HTML the console injects: the server renders the Markdown safely (raw HTML escaped, links checked). */}
      <div className="careline-kb-body" data-testid="kb-article-body" dangerouslySetInnerHTML={{ __html: article.bodyHtml }} />
    </Space>
  );
}
