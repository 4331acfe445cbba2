import { App } from 'antd';
import { useNavigate } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { useTicketEvents } from '../../lib/realtime';

/**
 * Tells the hotline live when no rescue provider accepted a roadside ticket (`ticket.changed` kind
 * `roadside_unassigned`, through the outbox): a warning that opens the ticket, which waits on the supervisor board.
 */
export function useRoadsideUnassignedAlert(): void {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  useTicketEvents((event) => {
    if (event.kind !== 'roadside_unassigned') return;
    const key = `roadside-unassigned-${event.ticketId}`;
    void message.open({
      key,
      type: 'warning',
      duration: 15,
      content: (
        <a
          data-testid="roadside-unassigned-alert"
          onClick={() => {
            message.destroy(key);
            navigate(`/tickets/${event.ticketId}`);
          }}
        >
          {t('roadside.unassignedAlert')}
        </a>
      ),
    });
  });
}
