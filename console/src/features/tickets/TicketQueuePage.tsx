import { isHotlineRole } from '@shared/auth/actor';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '@shared/tickets/ticket-vocabulary';
import { useInfiniteQuery } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Input, Select, Space, Tabs, Tag, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { LazyRoadsideAlerts } from '../roadside/lazy-roadside-alerts';
import { nameOf } from '../../lib/format';
import { queryKeys } from '../../lib/query-keys';
import { useSession } from '../auth/useSession';
import { TicketTable } from './components/TicketTable';
import { useRecentlyChanged } from './hooks/useRecentlyChanged';
import { useDealers } from './hooks/useReference';
import { useSavedFilters } from './hooks/useSavedFilters';
import type { TicketListParams } from './hooks/useTicketList';
import { listTicketsContract } from '@shared/contracts/tickets.contracts';
import { callApi } from '../../lib/api';

const OPEN_STATUSES = ['new', 'dispatched', 'acknowledged', 'in_progress', 'pending_customer', 'rerouted', 'reopened'];

type QueueView = 'mine' | 'opened' | 'team' | 'supervisor' | 'all';

/** What each view asks the API for. "Mine" for the hotline: tickets waiting on the hotline itself (held new ones to
 * dispatch or answer, resolved ones to close). Dealers and departments see only their own tickets anyway. */
function viewParams(view: QueueView): TicketListParams {
  switch (view) {
    case 'mine':
      return { status: ['new', 'resolved'] };
    case 'opened':
      return { createdBy: 'me' };
    case 'team':
      return { status: OPEN_STATUSES };
    case 'supervisor':
      return { queue: 'supervisor' };
    case 'all':
      return {};
  }
}

const csv = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

/** Ticket queues with filters in the URL (shareable, back-button friendly), saved filters and live rows. */
export function TicketQueuePage() {
  const { t, locale } = useLocale();
  const { message, modal } = App.useApp();
  const { user } = useSession();
  const [search, setSearch] = useSearchParams();
  const flash = useRecentlyChanged();
  const saved = useSavedFilters();
  const hotline = user ? isHotlineRole(user.role) : false;
  const dealers = useDealers(hotline);
  const view = (search.get('view') as QueueView | null) ?? (user?.role === 'supervisor' ? 'supervisor' : 'team');
  const [text, setText] = useState(search.get('q') ?? '');

  const filters = {
    status: csv(search.get('status')),
    type: csv(search.get('type')),
    priority: csv(search.get('priority')),
    dealerId: search.get('dealerId') ?? undefined,
    customerId: search.get('customerId') ?? undefined,
    q: search.get('q') ?? undefined,
    sort: (search.get('sort') as TicketListParams['sort']) ?? 'updatedAt',
  };
  const params: TicketListParams = useMemo(() => {
    const base = viewParams(view);
    return {
      ...base,
      ...(filters.status.length ? { status: filters.status } : {}),
      ...(filters.type.length ? { type: filters.type } : {}),
      ...(filters.priority.length ? { priority: filters.priority } : {}),
      dealerId: filters.dealerId,
      customerId: filters.customerId,
      q: filters.q,
      sort: filters.sort,
      order: 'desc',
      limit: 50,
    };
  }, [search.toString()]); // eslint-disable-line react-hooks/exhaustive-deps

  const list = useInfiniteQuery({
    queryKey: queryKeys.tickets({ ...params, infinite: true }),
    queryFn: ({ pageParam }) => callApi(listTicketsContract, { query: { ...params, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];

  const update = (changes: Record<string, string | string[] | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      const text = Array.isArray(value) ? value.join(',') : value;
      if (text) next.set(key, text);
      else next.delete(key);
    }
    setSearch(next, { replace: true });
  };

  const views: Array<{ key: QueueView; label: string }> = hotline
    ? [
        { key: 'mine', label: t('tickets.view.mine') },
        { key: 'opened', label: t('tickets.view.opened') },
        { key: 'team', label: t('tickets.view.team') },
        ...(user?.role !== 'qa' ? [{ key: 'supervisor' as const, label: t('tickets.view.supervisor') }] : []),
        { key: 'all', label: t('tickets.view.all') },
      ]
    : [
        { key: 'team', label: t('tickets.view.open') },
        { key: 'all', label: t('tickets.view.all') },
      ];

  const saveCurrent = () => {
    let name = '';
    modal.confirm({
      title: t('tickets.saved.name'),
      content: <Input autoFocus onChange={(event) => (name = event.target.value)} data-testid="saved-filter-name" />,
      onOk: () => {
        if (!name.trim()) return;
        saved.save({ name: name.trim(), query: search.toString() });
        void message.success(t('common.saved'));
      },
    });
  };

  return (
    <Card
      size="small"
      title={
        <Tabs
          activeKey={view}
          onChange={(key) => update({ view: key })}
          items={views.map((item) => ({ key: item.key, label: <span data-testid={`queue-view-${item.key}`}>{item.label}</span> }))}
          style={{ marginBottom: -13 }}
        />
      }
      extra={
        <Space>
          {/* The hotline hears a new rescue in the queue shown; a new view or filter starts afresh (not news). */}
          {hotline && (
            <Suspense fallback={null}>
              <LazyRoadsideAlerts key={search.toString()} tickets={list.data ? tickets : undefined} />
            </Suspense>
          )}
          <Dropdown
            menu={{
              items: saved.filters.length
                ? saved.filters.map((filter) => ({
                    key: filter.name,
                    label: (
                      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                        <span onClick={() => setSearch(new URLSearchParams(filter.query), { replace: true })}>{filter.name}</span>
                        {/* A confirm dialog, not a Popconfirm: the queues are the admins' first screen, and the modal is
                            in the first bundle already (console budget, bench/RESULTS.md). */}
                        <Typography.Link
                          type="danger"
                          onClick={(event) => {
                            event.stopPropagation();
                            modal.confirm({ title: t('tickets.saved.remove'), onOk: () => saved.remove(filter.name) });
                          }}
                        >
                          ×
                        </Typography.Link>
                      </Space>
                    ),
                  }))
                : [{ key: 'none', label: t('tickets.saved.none'), disabled: true }],
            }}
          >
            <Button data-testid="saved-filters">{t('tickets.saved.title')}</Button>
          </Dropdown>
          <Button onClick={saveCurrent} data-testid="save-filter">
            {t('tickets.saved.save')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {filters.customerId && (
          <Tag closable color="blue" onClose={() => update({ customerId: undefined })} data-testid="filter-customer">
            {t('tickets.filter.customer')}
          </Tag>
        )}
        <Input.Search
          allowClear
          value={text}
          onChange={(event) => setText(event.target.value)}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          placeholder={t('tickets.filter.text')}
          style={{ width: 240 }}
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('tickets.filter.status')}
          value={filters.status}
          onChange={(value: string[]) => update({ status: value })}
          options={TICKET_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          style={{ minWidth: 180 }}
          data-testid="filter-status"
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('tickets.filter.type')}
          value={filters.type}
          onChange={(value: string[]) => update({ type: value })}
          options={TICKET_TYPES.map((type) => ({ value: type, label: t(`ticketType.${type}`) }))}
          style={{ minWidth: 150 }}
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('tickets.filter.priority')}
          value={filters.priority}
          onChange={(value: string[]) => update({ priority: value })}
          options={PRIORITIES.map((priority) => ({ value: priority, label: priority }))}
          style={{ minWidth: 120 }}
        />
        {hotline && (
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            allowClear
            placeholder={t('tickets.filter.dealer')}
            value={filters.dealerId}
            onChange={(value?: string) => update({ dealerId: value })}
            options={(dealers.data ?? []).map((dealer) => ({ value: dealer.id, label: `${dealer.code} ${nameOf(dealer, locale)}` }))}
            style={{ width: 260 }}
            popupMatchSelectWidth={false}
          />
        )}
        <Select
          value={filters.sort}
          onChange={(value: string) => update({ sort: value })}
          options={[
            { value: 'updatedAt', label: t('tickets.sort.updatedAt') },
            { value: 'createdAt', label: t('tickets.sort.createdAt') },
            { value: 'priority', label: t('tickets.sort.priority') },
          ]}
          style={{ width: 130 }}
        />
        <Button
          onClick={() => {
            setText('');
            setSearch(new URLSearchParams(view ? { view } : {}), { replace: true });
          }}
        >
          {t('common.reset')}
        </Button>
      </Space>
      <TicketTable
        tickets={tickets}
        loading={list.isLoading}
        flash={flash}
        footer={
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary">{t('tickets.count', { n: tickets.length })}</Typography.Text>
            {list.hasNextPage && (
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {t('tickets.loadMore')}
              </Button>
            )}
          </Space>
        }
      />
    </Card>
  );
}
