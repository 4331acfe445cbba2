import { TICKET_STATUSES } from '@shared/tickets/ticket-vocabulary';
import { Alert, Button, Card, Input, Segmented, Space } from 'antd';
import { Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { useSession } from '../auth/useSession';
import { useTicket } from '../tickets/hooks/useTicket';
import type { Ticket } from '../tickets/ticket.types';
import { PagedTicketTable } from '../supervisor/components/PagedTicketTable';
import { FindingModal } from './components/FindingModal';
import { InternalClock } from './components/InternalClock';
import { LazyKbSearch } from '../kb/lazy-kb';

const CLOSED = ['resolved', 'closed', 'cancelled'];
const OPEN_STATUSES = TICKET_STATUSES.filter((status) => !CLOSED.includes(status));

type View = 'open' | 'all';

/**
 * The department's tickets (assigned to it or copying it: the API scopes the list for department users), its own
 * internal clock on each, and the finding it writes back. `?finding=<ticketId>` opens the finding form directly, so a
 * mail or the ticket page can link to it.
 */
export function DepartmentPage() {
  const { t } = useLocale();
  const { user } = useSession();
  const [search, setSearch] = useSearchParams();
  const [view, setView] = useState<View>('open');
  const [text, setText] = useState('');
  const [q, setQ] = useState<string | undefined>();
  const [writing, setWriting] = useState<Pick<Ticket, 'id' | 'number' | 'subject'> | null>(null);
  const linked = useTicket(search.get('finding') ?? undefined);
  const departmentId = user?.departmentId;
  if (!departmentId) return <Alert type="warning" title={t('department.noDepartment')} />;
  const linkedTicket = search.get('finding') && linked.data ? linked.data : null;
  // `?tab=kb`: the knowledge base's articles meant for departments (its own chunk, loaded when opened).
  const tab = search.get('tab') === 'kb' ? 'kb' : 'tickets';
  const closeFinding = () => {
    setWriting(null);
    if (search.get('finding')) {
      search.delete('finding');
      setSearch(search, { replace: true });
    }
  };
  const filters = (
    <Space wrap>
      <Segmented<View>
        value={view}
        onChange={setView}
        options={[
          { value: 'open', label: t('department.view.open') },
          { value: 'all', label: t('department.view.all') },
        ]}
        data-testid="department-view"
      />
      <Input.Search
        allowClear
        value={text}
        placeholder={t('department.search')}
        onChange={(event) => setText(event.target.value)}
        onSearch={(value) => setQ(value.trim() || undefined)}
        style={{ width: 240 }}
        data-testid="department-search"
      />
    </Space>
  );
  return (
    <Card
      activeTabKey={tab}
      onTabChange={(key) => setSearch(key === 'kb' ? { tab: 'kb' } : {}, { replace: true })}
      tabList={[
        { key: 'tickets', label: <span data-testid="department-tab-tickets">{t('department.title')}</span> },
        { key: 'kb', label: <span data-testid="department-tab-kb">{t('kb.menu')}</span> },
      ]}
      extra={tab === 'tickets' ? filters : undefined}
    >
      {tab === 'kb' ? (
        <Suspense fallback={null}>
          <LazyKbSearch />
        </Suspense>
      ) : (
        <PagedTicketTable
          key={`${view}:${q ?? ''}`}
          testId="department-tickets"
          pageSize={10}
          query={{ status: view === 'open' ? OPEN_STATUSES : undefined, q, sort: 'updatedAt', order: 'desc' }}
          emptyText={t('department.empty')}
          extraColumns={[
            { title: t('department.col.clock'), width: 150, render: (_value, ticket) => <InternalClock ticketId={ticket.id} departmentId={departmentId} /> },
            {
              title: '',
              width: 110,
              render: (_value, ticket) => (
                <Button size="small" onClick={() => setWriting(ticket)} data-testid="write-finding">
                  {t('department.finding.write')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <FindingModal ticket={writing ?? linkedTicket} onClose={closeFinding} />
    </Card>
  );
}
