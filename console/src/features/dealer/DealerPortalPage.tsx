import { Badge, Card, Empty, List, Space, Tabs } from 'antd';
import { Suspense, useMemo } from 'react';
import { LazyProviderOffers } from '../roadside/lazy-roadside';
import { useProviderOffers } from '../roadside/offers-query';
import { useNavigate, useSearchParams } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { useRealtimeStatus } from '../../lib/realtime';
import { nearestDue } from '../tickets/components/SlaBadge';
import { useRecentlyChanged } from '../tickets/hooks/useRecentlyChanged';
import { useTicketList } from '../tickets/hooks/useTicketList';
import type { Ticket } from '../tickets/ticket.types';
import { AlertControls } from './components/AlertControls';
import { InboxTicketCard } from './components/InboxTicketCard';
import { LazyCampaignCallsPanel, LazyDealerQaScores, LazyImportsPage, LazyKbSearch, LazyLeadConversion } from './lazy-dealer-tabs';
import { SlaStanding } from './components/SlaStanding';
import { beep, notify, useAlertPreference, useArrivals } from './useArrivalAlert';

const WORKING = ['acknowledged', 'in_progress', 'pending_customer', 'reopened'];
type DealerTab = 'inbox' | 'roadside' | 'working' | 'leads' | 'done' | 'qa' | 'imports' | 'kb';

/** Most urgent first: roadside help heads the list, then the nearest open deadline, then priority. */
function byUrgency(tickets: Ticket[] | undefined): Ticket[] {
  const due = (ticket: Ticket) => nearestDue(ticket.sla)?.dueAt ?? Number.POSITIVE_INFINITY;
  const roadside = (ticket: Ticket) => (ticket.type === 'roadside' ? 0 : 1);
  return [...(tickets ?? [])].sort((a, b) => roadside(a) - roadside(b) || due(a) - due(b) || a.priority.localeCompare(b.priority));
}

function TicketCards({ tickets, loading, empty, flash, leads = false }: { tickets: Ticket[]; loading: boolean; empty: string; flash: Set<string>; leads?: boolean }) {
  return (
    <List
      loading={loading}
      dataSource={tickets}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      renderItem={(ticket) => (
        <List.Item style={{ paddingInline: 0, borderBlockEnd: 'none', paddingBlock: 6 }}>
          <div style={{ width: '100%' }}>
            <InboxTicketCard ticket={ticket} flash={flash.has(ticket.id)} showLeadFollowUp={leads} />
          </div>
        </List.Item>
      )}
    />
  );
}

/**
 * The 4S store's screen: dispatched tickets to acknowledge (with a beep and a notification when one arrives),
 * work in progress, leads with their follow-up, and the store's own SLA standing. Works at phone width.
 */
export function DealerPortalPage() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const tab = (search.get('tab') as DealerTab | null) ?? 'inbox';
  const connected = useRealtimeStatus();
  const flash = useRecentlyChanged();
  const alerts = useAlertPreference();
  // Without the live socket, poll the inbox so a new dispatch still shows up within half a minute.
  const poll = connected ? undefined : 30_000;

  const inbox = useTicketList({ status: ['dispatched'], sort: 'createdAt', order: 'desc', limit: 100 }, { refetchInterval: poll });
  const working = useTicketList({ status: WORKING, sort: 'updatedAt', order: 'desc', limit: 100 }, { refetchInterval: poll });
  const leads = useTicketList({ type: ['lead'], status: ['dispatched', ...WORKING, 'resolved'], sort: 'updatedAt', order: 'desc', limit: 100 });
  const done = useTicketList({ status: ['resolved', 'closed'], sort: 'updatedAt', order: 'desc', limit: 100 });

  const inboxIds = useMemo(() => inbox.data?.items.map((ticket) => ticket.id), [inbox.data]);
  useArrivals(inboxIds, (id) => {
    if (!alerts.enabled) return;
    const ticket = inbox.data?.items.find((item) => item.id === id);
    beep();
    if (ticket) notify(t('dealer.alerts.newTicket', { number: ticket.number }), t('dealer.alerts.newTicketBody', { subject: ticket.subject }), () => navigate(`/tickets/${ticket.id}`));
  });

  // Rescue offers: a pending one beeps like a new dispatch; pending offers and jobs in hand show above the tabs.
  const offers = useProviderOffers();
  const pendingOfferIds = useMemo(() => offers.data?.items.filter((offer) => offer.status === 'pending').map((offer) => offer.id), [offers.data]);
  useArrivals(pendingOfferIds, (id) => {
    if (!alerts.enabled) return;
    const offer = offers.data?.items.find((item) => item.id === id);
    beep();
    if (offer) notify(t('roadside.alert.offer', { number: offer.ticket.number }), offer.ticket.subject, () => setSearch({ tab: 'roadside' }));
  });
  const urgentOffers = (offers.data?.items ?? []).filter((offer) => offer.status === 'pending' || (offer.job && offer.job.nextSteps.length > 0));

  const open = [...(inbox.data?.items ?? []), ...(working.data?.items ?? [])];
  const alertControls = <AlertControls alerts={alerts} />;
  const items = [
    {
      key: 'inbox',
      label: (
        <Space size={6} data-testid="dealer-tab-inbox">
          {t('dealer.tab.inbox')}
          <Badge count={inbox.data?.items.length ?? 0} overflowCount={99} />
        </Space>
      ),
      children: <TicketCards tickets={byUrgency(inbox.data?.items)} loading={inbox.isLoading} empty={t('dealer.inbox.empty')} flash={flash} />,
    },
    {
      key: 'roadside',
      label: (
        <Space size={6} data-testid="dealer-tab-roadside">
          {t('roadside.title')}
          <Badge count={pendingOfferIds?.length ?? 0} overflowCount={99} />
        </Space>
      ),
      children: (
        <Suspense fallback={null}>
          <LazyProviderOffers />
        </Suspense>
      ),
    },
    {
      key: 'working',
      label: (
        <Space size={6} data-testid="dealer-tab-working">
          {t('dealer.tab.working')}
          <Badge count={working.data?.items.length ?? 0} color="#1f4e8c" overflowCount={99} />
        </Space>
      ),
      children: <TicketCards tickets={byUrgency(working.data?.items)} loading={working.isLoading} empty={t('dealer.working.empty')} flash={flash} />,
    },
    {
      key: 'leads',
      label: <span data-testid="dealer-tab-leads">{t('dealer.tab.leads')}</span>,
      children: (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Suspense fallback={null}>
            <LazyLeadConversion />
          </Suspense>
          <TicketCards tickets={leads.data?.items ?? []} loading={leads.isLoading} empty={t('dealer.leads.empty')} flash={flash} leads />
        </Space>
      ),
    },
    {
      key: 'done',
      label: <span data-testid="dealer-tab-done">{t('dealer.tab.done')}</span>,
      children: <TicketCards tickets={done.data?.items ?? []} loading={done.isLoading} empty={t('dealer.done.empty')} flash={flash} />,
    },
    {
      key: 'campaign',
      label: <span data-testid="dealer-tab-campaign">{t('campaign.title')}</span>,
      children: (
        <Suspense fallback={null}>
          <LazyCampaignCallsPanel canCall ownOnly />
        </Suspense>
      ),
    },
    {
      key: 'qa',
      label: <span data-testid="dealer-tab-qa">{t('qa.dealer.tab')}</span>,
      children: (
        <Suspense fallback={null}>
          <LazyDealerQaScores />
        </Suspense>
      ),
    },
    {
      // The dealer's own customer and vehicle files: upload, map, follow, download its rejected rows.
      key: 'imports',
      label: <span data-testid="dealer-tab-imports">{t('imports.menu')}</span>,
      children: (
        <Suspense fallback={null}>
          <LazyImportsPage />
        </Suspense>
      ),
    },
    {
      // The articles meant for dealers and their technicians (the API gives a dealer only those).
      key: 'kb',
      label: <span data-testid="dealer-tab-kb">{t('kb.menu')}</span>,
      children: (
        <Suspense fallback={null}>
          <LazyKbSearch />
        </Suspense>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={12} style={{ width: '100%', maxWidth: 1100 }}>
      <SlaStanding open={open} extra={alertControls} />
      {tab !== 'roadside' && urgentOffers.length > 0 && (
        <Card size="small" title={t('roadside.offers.title')} data-testid="roadside-urgent" styles={{ body: { padding: 8 } }}>
          <Suspense fallback={null}>
            <LazyProviderOffers onlyUrgent />
          </Suspense>
        </Card>
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'inbox' ? {} : { tab: key }, { replace: true })}
        items={items}
        tabBarGutter={20}
      />
    </Space>
  );
}
