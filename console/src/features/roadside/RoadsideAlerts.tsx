import { isOpenRoadside } from '@shared/tickets/ticket-vocabulary';
import { useMemo, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { useTicketEvents } from '../../lib/realtime';
import { AlertControls } from '../dealer/components/AlertControls';
import { beep, notify, useAlertPreference, useArrivals } from '../dealer/useArrivalAlert';
import type { Ticket } from '../tickets/ticket.types';

/**
 * The hotline's rescue alerts, with the dealer portal's switch, beep and browser notification: a roadside ticket new
 * in the live queue shown (`tickets`, the rows on screen; those of the first load are not news), and on the
 * supervisor board (`unassigned`) a rescue nobody accepted. Each ticket sounds once here.
 */
export function RoadsideAlerts({ tickets, unassigned = false }: { tickets?: Ticket[]; unassigned?: boolean }) {
  const { t } = useLocale();
  const navigate = useNavigate();
  const alerts = useAlertPreference();
  const told = useRef(new Set<string>());
  const tell = (ticketId: string, title: string, body: string) => {
    if (!alerts.enabled || told.current.has(ticketId)) return;
    told.current.add(ticketId);
    beep();
    notify(title, body, () => navigate(`/tickets/${ticketId}`));
  };

  const rescueIds = useMemo(() => tickets?.filter(isOpenRoadside).map((ticket) => ticket.id), [tickets]);
  useArrivals(rescueIds, (id) => {
    const ticket = tickets?.find((item) => item.id === id);
    if (ticket) tell(id, t('roadside.alert.new', { number: ticket.number }), ticket.subject);
  });
  useTicketEvents((event) => {
    if (unassigned && event.kind === 'roadside_unassigned') tell(event.ticketId, t('roadside.alert.unassigned'), t('roadside.unassignedAlert'));
  });
  return (
    <span data-testid="roadside-alerts">
      <AlertControls alerts={alerts} />
    </span>
  );
}
