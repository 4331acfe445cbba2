import { Button, Empty, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { KB_STATUS_LIST, type KbSearchFilters, type KbSearchHit, type KbStatus, useKbSearch } from '../kb-api';
import { HighlightedText } from './HighlightedText';
import { KbAudienceTag, KbStatusTag, yearRange } from './KbTags';

interface KbSearchProps {
  /** The text the box starts with (the ticket's subject on the ticket page); searched at once. */
  initialText?: string;
  /** Editors may list drafts and archived articles. */
  statusFilter?: boolean;
  /** Buttons beside a hit (attach, resolve with it on the ticket page). */
  actions?: (hit: KbSearchHit) => ReactNode;
  /** Opens a hit in place (a drawer); without it the title links to the article's page. */
  onOpen?: (hit: KbSearchHit) => void;
  compact?: boolean;
}

/**
 * The knowledge-base search: Chinese phrases or English words, model and year filters, hits ranked by the API with
 * their highlighted title and snippet. Used by the /kb page, the ticket page's panel and the portals' tabs.
 */
export function KbSearch({ initialText = '', statusFilter = false, actions, onOpen, compact = false }: KbSearchProps) {
  const { t } = useLocale();
  const [text, setText] = useState(initialText);
  const [modelText, setModelText] = useState('');
  const [filters, setFilters] = useState<KbSearchFilters>({ q: initialText.trim() || undefined });
  const search = useKbSearch(filters);
  const hits = search.data?.pages.flatMap((page) => page.items) ?? [];
  const commit = (next: Partial<KbSearchFilters>) => setFilters((current) => ({ ...current, ...next }));

  return (
    <Space direction="vertical" size={compact ? 8 : 12} style={{ width: '100%' }} data-testid="kb-search">
      <Input.Search
        value={text}
        allowClear
        enterButton={t('common.search')}
        placeholder={t('kb.search.placeholder')}
        onChange={(event) => setText(event.target.value)}
        onSearch={(value) => commit({ q: value.trim() || undefined, model: modelText.trim() || undefined })}
        loading={search.isFetching}
        data-testid="kb-search-input"
      />
      <Space wrap size={8}>
        <Input
          value={modelText}
          allowClear
          placeholder={t('kb.search.model')}
          onChange={(event) => {
            setModelText(event.target.value);
            if (!event.target.value) commit({ model: undefined });
          }}
          onPressEnter={() => commit({ model: modelText.trim() || undefined })}
          onBlur={() => commit({ model: modelText.trim() || undefined })}
          style={{ width: compact ? 140 : 180 }}
          data-testid="kb-filter-model"
        />
        <InputNumber<number>
          min={1980}
          max={2100}
          precision={0}
          placeholder={t('kb.search.year')}
          value={filters.year ?? null}
          onChange={(value) => commit({ year: value ?? undefined })}
          style={{ width: 110 }}
          data-testid="kb-filter-year"
        />
        {statusFilter && (
          <Select<KbStatus | 'all'>
            value={filters.status ?? 'all'}
            onChange={(value) => commit({ status: value === 'all' ? undefined : value })}
            options={[{ value: 'all', label: t('common.all') }, ...KB_STATUS_LIST.map((status) => ({ value: status, label: t(`kb.status.${status}`) }))]}
            style={{ width: 120 }}
            data-testid="kb-filter-status"
          />
        )}
      </Space>
      {search.error && <Typography.Text type="danger">{search.error.message}</Typography.Text>}
      <List
        size="small"
        loading={search.isLoading}
        header={<Typography.Text type="secondary">{filters.q ? t('kb.search.results') : t('kb.search.newest')}</Typography.Text>}
        dataSource={hits}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.search.empty')} /> }}
        data-testid="kb-results"
        data-query={filters.q ?? ''}
        data-loaded={search.isFetched && !search.isFetching ? 'true' : 'false'}
        renderItem={(hit) => (
          <List.Item key={hit.id} data-testid="kb-result" data-article-id={hit.id} actions={actions ? [actions(hit)] : undefined} style={{ alignItems: 'flex-start' }}>
            <Space direction="vertical" size={2} style={{ width: '100%', minWidth: 0 }}>
              <Space wrap size={4}>
                {onOpen ? (
                  <Typography.Link strong onClick={() => onOpen(hit)} data-testid="kb-result-title">
                    <HighlightedText segments={hit.titleSegments} />
                  </Typography.Link>
                ) : (
                  <Link to={`/kb/${hit.id}`} data-testid="kb-result-title" style={{ fontWeight: 600 }}>
                    <HighlightedText segments={hit.titleSegments} />
                  </Link>
                )}
                {hit.status !== 'published' && <KbStatusTag status={hit.status} />}
                <KbAudienceTag audience={hit.audience} />
              </Space>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }} ellipsis={compact ? { rows: 3 } : false} data-testid="kb-result-snippet">
                <HighlightedText segments={hit.snippet} />
              </Typography.Paragraph>
              <Space wrap size={4} style={{ fontSize: 12 }}>
                {hit.models.length > 0 ? hit.models.map((model) => <Tag key={model}>{model}</Tag>) : <Tag>{t('kb.meta.allModels')}</Tag>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {yearRange(hit, t('kb.meta.allYears'))} · {t('kb.meta.solved', { n: hit.solvedCount })}
                </Typography.Text>
              </Space>
            </Space>
          </List.Item>
        )}
      />
      {search.hasNextPage && (
        <Button block onClick={() => void search.fetchNextPage()} loading={search.isFetchingNextPage} data-testid="kb-more">
          {t('kb.search.more')}
        </Button>
      )}
    </Space>
  );
}
