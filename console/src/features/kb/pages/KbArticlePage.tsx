import { App, Button, Card, List, Popconfirm, Skeleton, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { Problem } from '../../../app/ErrorPage';
import { useLocale } from '../../../i18n/useLocale';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useSession } from '../../auth/useSession';
import { KbArticleView } from '../components/KbArticleView';
import { KbStatusTag } from '../components/KbTags';
import { type KbArticle, isKbEditor, useKbArticle, useKbStatusChange, useKbVersions } from '../kb-api';

/** Publish and archive, for editors; a version conflict refetches the article so the editor acts on what is there. */
function EditorActions({ article }: { article: KbArticle }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const change = useKbStatusChange(article.id);
  const { refetch } = useKbArticle(article.id);
  const run = (to: 'publish' | 'archive') =>
    change.mutate(
      { to, version: article.version },
      {
        onSuccess: () => void message.success(t(to === 'publish' ? 'kb.published' : 'kb.archived')),
        onError: (error) => {
          if (isApiError(error) && error.status === 409) void refetch();
          void message.error(error.message);
        },
      },
    );
  return (
    <Space wrap>
      <Link to={`/kb/${article.id}/edit`}>
        <Button data-testid="kb-edit">{t('kb.edit')}</Button>
      </Link>
      {article.status !== 'published' && (
        <Button type="primary" loading={change.isPending && change.variables?.to === 'publish'} onClick={() => run('publish')} data-testid="kb-publish">
          {t('kb.publish')}
        </Button>
      )}
      {article.status !== 'archived' && (
        <Popconfirm title={t('kb.archive.confirm')} onConfirm={() => run('archive')} okButtonProps={{ 'data-testid': 'kb-archive-confirm' } as Record<`data-${string}`, string>}>
          <Button danger loading={change.isPending && change.variables?.to === 'archive'} data-testid="kb-archive">
            {t('kb.archive')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

/** Every saved version, newest first; each opens as it was written. */
function VersionList({ article }: { article: KbArticle }) {
  const { t } = useLocale();
  const versions = useKbVersions(article.id);
  return (
    <Card size="small" title={t('kb.versions')} data-testid="kb-versions">
      <List
        size="small"
        loading={versions.isLoading}
        dataSource={versions.data ?? []}
        renderItem={(version) => (
          <List.Item
            data-testid="kb-version-row"
            data-version={version.version}
            actions={[
              <Link key="open" to={`/kb/${article.id}/versions/${version.version}`} data-testid="kb-version-open">
                {version.version === article.version ? t('kb.versions.current') : t('kb.versions.open')}
              </Link>,
            ]}
          >
            <Space direction="vertical" size={0}>
              <Space size={4}>
                <Typography.Text strong>v{version.version}</Typography.Text>
                <KbStatusTag status={version.status} />
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {version.editedByName ?? t('common.none')} · {formatDateTime(version.editedAt)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** `/kb/:id`: the article for every reader; editors and admins also get its actions and its versions. */
export function KbArticlePage({ id }: { id: string }) {
  const { t } = useLocale();
  const { user } = useSession();
  const article = useKbArticle(id);
  const editor = isKbEditor(user?.role);
  if (article.isLoading) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  if (article.error || !article.data) {
    return <Problem title={isApiError(article.error, 'NOT_FOUND') ? t('kb.notFound') : (article.error?.message ?? t('common.error'))} extra={<Link to="/kb">{t('kb.back')}</Link>} />;
  }
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 1000 }}>
      <Card
        size="small"
        title={<Link to="/kb">← {t('kb.back')}</Link>}
        extra={editor && <EditorActions article={article.data} />}
      >
        <KbArticleView article={article.data} />
      </Card>
      {editor && <VersionList article={article.data} />}
    </Space>
  );
}
