import { App, Button, Drawer, Empty, Input, List, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import type { Ticket } from '../../tickets/ticket.types';
import { type KbSearchHit, useKbArticle, useLinkTicketKb, useTicketKbArticles } from '../kb-api';
import { KbArticleView } from './KbArticleView';
import { KbSearch } from './KbSearch';

/** An article opened from the ticket, beside it: the agent reads it without leaving the call. */
function ArticleDrawer({ articleId, onClose }: { articleId: string | null; onClose: () => void }) {
  const article = useKbArticle(articleId ?? undefined);
  return (
    <Drawer open={articleId !== null} onClose={onClose} width={720} destroyOnHidden data-testid="kb-drawer">
      {article.isLoading ? <Skeleton active /> : article.data ? <KbArticleView article={article.data} /> : <Typography.Text type="danger">{article.error?.message}</Typography.Text>}
    </Drawer>
  );
}

/**
 * The knowledge base on the ticket page: search from the ticket (its subject to start with), open an article beside
 * it, attach the one used, and — when the caller may resolve the ticket — resolve it with the article at first
 * contact. The articles already attached head the panel. Who may do neither (QA, a closed ticket) searches and reads.
 */
export function TicketKbPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const attached = useTicketKbArticles(ticket.id);
  const link = useLinkTicketKb(ticket.id);
  const [open, setOpen] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const attachedIds = new Set((attached.data ?? []).map((item) => item.articleId));
  // Attaching is like writing a note the dealer sees (the API's rule); resolving follows the ticket's own abilities.
  const mayAttach = ticket.abilities.noteDealer;

  const send = (hit: KbSearchHit, resolve: boolean) =>
    link.mutate(
      { articleId: hit.id, version: ticket.version, resolve, comment: resolve && comment.trim() ? comment.trim() : undefined },
      {
        onSuccess: () => {
          setComment('');
          void message.success(t(resolve ? 'kb.ticket.resolvedDone' : 'kb.ticket.linkedDone'));
        },
        onError: (error) => {
          if (isApiError(error, 'VERSION_CONFLICT')) void message.warning({ content: t('common.versionConflict'), key: 'version-conflict' });
          else void message.error(error.message);
        },
      },
    );
  const pending = (hit: KbSearchHit, resolve: boolean) => link.isPending && link.variables?.articleId === hit.id && link.variables.resolve === resolve;

  const actions = (hit: KbSearchHit) => (
    <Space direction="vertical" size={4}>
      {!mayAttach ? null : attachedIds.has(hit.id) ? (
        <Tag bordered={false} color="blue" data-testid="kb-attached-tag">
          {t('kb.ticket.attachedTag')}
        </Tag>
      ) : (
        <Button size="small" loading={pending(hit, false)} disabled={link.isPending} onClick={() => send(hit, false)} data-testid="kb-attach">
          {t('kb.ticket.attach')}
        </Button>
      )}
      {ticket.abilities.resolve && (
        <Popconfirm
          title={t('kb.ticket.resolveConfirm')}
          description={<Input.TextArea value={comment} onChange={(event) => setComment(event.target.value)} placeholder={t('kb.ticket.resolveComment')} autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} data-testid="kb-resolve-comment" />}
          onConfirm={() => send(hit, true)}
          okButtonProps={{ 'data-testid': 'kb-resolve-confirm' } as Record<`data-${string}`, string>}
        >
          <Button size="small" type="primary" loading={pending(hit, true)} disabled={link.isPending} data-testid="kb-resolve">
            {t('kb.ticket.resolve')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="ticket-kb-panel">
      <div>
        <Typography.Text strong>{t('kb.ticket.attached')}</Typography.Text>
        <List
          size="small"
          loading={attached.isLoading}
          dataSource={attached.data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.ticket.none')} /> }}
          data-testid="ticket-kb-attached"
          renderItem={(item) => (
            <List.Item data-testid="ticket-kb-link" data-article-id={item.articleId} data-resolved={item.resolvedWith ? 'true' : 'false'} style={{ paddingInline: 0 }}>
              <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                <Space wrap size={4}>
                  <Typography.Link onClick={() => setOpen(item.articleId)}>{item.title}</Typography.Link>
                  {item.resolvedWith && (
                    <Tag color="green" bordered={false}>
                      {t('kb.ticket.resolvedWith')}
                    </Tag>
                  )}
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('kb.ticket.version', { version: item.articleVersion })} · {item.linkedByName ?? t('common.none')} · {formatDateTime(item.linkedAt)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </div>
      <KbSearch
        compact
        initialText={ticket.subject}
        onOpen={(hit) => setOpen(hit.id)}
        actions={mayAttach || ticket.abilities.resolve ? actions : undefined}
      />
      <Link to="/kb" style={{ fontSize: 12 }}>
        {t('kb.title')} →
      </Link>
      <ArticleDrawer articleId={open} onClose={() => setOpen(null)} />
    </Space>
  );
}
