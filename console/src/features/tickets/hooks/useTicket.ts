import { useQuery } from '@tanstack/react-query';
import { getTicketContract, listTicketEventsContract } from '@shared/contracts/tickets.contracts';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';

/** One ticket with its SLA clocks (`GET /api/tickets/:id`); refetched on every `ticket.changed` for it. */
export function useTicket(ticketId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.ticket(ticketId ?? ''),
    queryFn: async () => (await callApi(getTicketContract, { params: { id: ticketId ?? '' } })).ticket,
    enabled: Boolean(ticketId),
  });
}

/** The ticket's history, oldest first (`GET /api/tickets/:id/events`). */
export function useTicketTimeline(ticketId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.ticketEvents(ticketId ?? ''),
    queryFn: async () => (await callApi(listTicketEventsContract, { params: { id: ticketId ?? '' } })).items,
    enabled: Boolean(ticketId),
  });
}
