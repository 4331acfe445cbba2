import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { Ticket, TicketEvent } from '../ticket.types';

/** One ticket with its SLA clocks (`GET /api/tickets/:id`); refetched on every `ticket.changed` for it. */
export function useTicket(ticketId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.ticket(ticketId ?? ''),
    queryFn: async () => (await apiRequest<{ ticket: Ticket }>('GET', `/api/tickets/${ticketId}`)).ticket,
    enabled: Boolean(ticketId),
  });
}

/** The ticket's history, oldest first (`GET /api/tickets/:id/events`). */
export function useTicketTimeline(ticketId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.ticketEvents(ticketId ?? ''),
    queryFn: async () => (await apiRequest<{ items: TicketEvent[] }>('GET', `/api/tickets/${ticketId}/events`)).items,
    enabled: Boolean(ticketId),
  });
}
