import { CONFIG_ENTITIES, type ConfigEntity } from '@shared/audit/config-entities';
import { configHistoryContract } from '@shared/contracts/admin.contracts';
import type { ContractResponse } from '@shared/contracts/contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { type CallInput, callApi } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { type DiffLine, diffChange } from '../components/config-diff';

/** One entry as GET /api/admin/audit-log answers it: only the fields that changed, on each side. */
type ConfigChange = ContractResponse<typeof configHistoryContract>['items'][number];
interface Filters {
  entity?: ConfigEntity;
  entityId?: string;
  actorId?: string;
  range?: [Dayjs, Dayjs];
}

const PAGE_SIZE = 20;

/** The contract's query for one page of `filters`, older than `before` (null: the newest). */
function queryOf(filters: Filters, before: string | null): CallInput<typeof configHistoryContract>['query'] {
  return {
    limit: PAGE_SIZE,
    entity: filters.entity,
    entityId: filters.entityId,
    actorId: filters.actorId,
    from: filters.range?.[0].startOf('day').toISOString(),
    to: filters.range?.[1].endOf('day').toISOString(),
    before,
  };
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

const LINE_COLORS: Record<DiffLine['kind'], string | undefined> = { changed: '#fff7e6', added: '#f6ffed', removed: '#fff1f0', same: undefined };

/** Old → new per field; the fields that differ are marked, the unchanged ones inside a kept-whole list fold away. */
function ChangeDiff({ change }: { change: ConfigChange }) {
  const { t } = useLocale();
  const lines = useMemo(() => diffChange(change.before, change.after), [change]);
  const [showAll, setShowAll] = useState(false);
  const unchanged = lines.filter((line) => line.kind === 'same').length;
  const shown = showAll ? lines : lines.filter((line) => line.kind !== 'same');
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }} data-testid="history-diff">
      <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 12 }}>
        <tbody>
          {shown.map((line) => (
            // A removed list element is named by where it was, which may be where another one is now.
            <tr key={`${line.kind === 'removed' ? 'was ' : ''}${line.path}`} data-testid="history-diff-line" data-kind={line.kind} data-path={line.path} style={{ background: LINE_COLORS[line.kind] }}>
              <td style={{ padding: '2px 6px', whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                <Typography.Text code style={{ fontSize: 12 }}>
                  {line.path || '·'}
                </Typography.Text>
              </td>
              <td style={{ padding: '2px 6px', verticalAlign: 'top', wordBreak: 'break-word' }}>
                {line.kind === 'same' ? (
                  <Typography.Text type="secondary">{formatValue(line.after)}</Typography.Text>
                ) : (
                  <>
                    {line.kind !== 'added' && (
                      <Typography.Text delete={line.kind === 'changed' || line.kind === 'removed'} type="secondary" data-testid="history-before">
                        {formatValue(line.before)}
                      </Typography.Text>
                    )}
                    {line.kind === 'changed' && <span style={{ margin: '0 6px' }}>→</span>}
                    {line.kind !== 'removed' && (
                      <Typography.Text strong data-testid="history-after">
                        {formatValue(line.after)}
                      </Typography.Text>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {unchanged > 0 && (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setShowAll((value) => !value)}>
          {showAll ? t('admin.history.hideUnchanged') : t('admin.history.showUnchanged', { n: unchanged })}
        </Button>
      )}
    </Space>
  );
}

/**
 * Who changed the configuration, when, and from what to what (GET /api/admin/audit-log), newest first: filtered by
 * kind of object, one object, who and which days; older entries load page by page.
 */
export function ConfigHistoryPage() {
  const { t } = useLocale();
  const [filters, setFilters] = useState<Filters>({});
  const history = useInfiniteQuery({
    queryKey: ['admin', 'config-history', filters.entity ?? null, filters.entityId ?? null, filters.actorId ?? null, filters.range?.map((day) => day.format('YYYY-MM-DD')) ?? null],
    queryFn: ({ pageParam }) => callApi(configHistoryContract, { query: queryOf(filters, pageParam) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextBefore,
  });
  const items = useMemo(() => history.data?.pages.flatMap((page) => page.items) ?? [], [history.data]);
  // People who appear in what is loaded (QA and supervisors may not list users): enough to narrow to one of them.
  const [actors, setActors] = useState(new Map<string, string>());
  const knownActors = useMemo(() => {
    const known = new Map(actors);
    for (const item of items) if (item.actorId) known.set(item.actorId, item.actorName);
    return known;
  }, [actors, items]);
  const update = (next: Partial<Filters>) => {
    setActors(knownActors);
    setFilters((current) => ({ ...current, ...next }));
  };
  // A kind or action newer than this page's words reads as it is stored rather than as a message key.
  const label = (key: string, raw: string) => (t(key) === key ? raw : t(key));
  const entityLabel = (entity: string) => label(`admin.history.entity.${entity}`, entity);

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="admin-history">
      <Space wrap>
        <Select<ConfigEntity>
          allowClear
          placeholder={t('admin.history.allObjects')}
          style={{ width: 200 }}
          value={filters.entity}
          onChange={(entity) => update({ entity, entityId: undefined })}
          options={CONFIG_ENTITIES.map((entity) => ({ value: entity, label: entityLabel(entity) }))}
          data-testid="history-entity"
        />
        <Select<string>
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('admin.history.anyone')}
          style={{ width: 200 }}
          value={filters.actorId}
          onChange={(actorId) => update({ actorId })}
          options={[...knownActors].map(([id, name]) => ({ value: id, label: name }))}
          data-testid="history-actor"
        />
        <DatePicker.RangePicker value={filters.range ?? null} onChange={(range) => update({ range: range?.[0] && range[1] ? [range[0], range[1]] : undefined })} data-testid="history-range" />
        {filters.entityId && (
          <Tag closable onClose={() => update({ entityId: undefined })} data-testid="history-entity-id">
            {t('admin.history.oneObject', { id: filters.entityId })}
          </Tag>
        )}
      </Space>
      {history.error && <Alert type="error" showIcon title={(history.error as Error).message} />}
      <Table<ConfigChange>
        rowKey="id"
        size="small"
        loading={history.isLoading}
        dataSource={items}
        pagination={false}
        onRow={(change) => ({ 'data-testid': 'history-row', 'data-entity': change.entity, 'data-action': change.action }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.history.when'), dataIndex: 'occurredAt', width: 140, render: (value: string) => formatDateTime(value) },
          {
            title: t('admin.history.who'),
            width: 160,
            render: (_value, change) => (
              <Space direction="vertical" size={0}>
                <span data-testid="history-actor-name">{change.actorName}</span>
                {change.actorRole && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`role.${change.actorRole}`)}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('admin.history.what'),
            width: 220,
            render: (_value, change) => (
              <Space direction="vertical" size={0}>
                <span>
                  {entityLabel(change.entity)} · <Tag style={{ marginInlineEnd: 0 }}>{label(`admin.history.action.${change.action}`, change.action)}</Tag>
                </span>
                <Typography.Link style={{ fontSize: 12 }} title={t('admin.history.onlyThis')} onClick={() => update({ entity: change.entity as ConfigEntity, entityId: change.entityId })} data-testid="history-object">
                  {change.entityId.length > 20 ? `${change.entityId.slice(0, 8)}…${change.entityId.slice(-6)}` : change.entityId}
                </Typography.Link>
              </Space>
            ),
          },
          { title: t('admin.history.change'), render: (_value, change) => <ChangeDiff change={change} /> },
        ]}
      />
      {history.hasNextPage ? (
        <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage} data-testid="history-older">
          {t('admin.history.older')}
        </Button>
      ) : (
        items.length > 0 && <Typography.Text type="secondary" data-testid="history-end">{t('admin.history.end')}</Typography.Text>
      )}
    </Space>
  );
}
