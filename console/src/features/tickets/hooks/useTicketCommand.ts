import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { apiRequest, isApiError } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { Ticket } from '../ticket.types';

const COMMAND_LABELS: Record<string, string> = { notes: 'tickets.compose.note', contacts: 'tickets.compose.contact', 'lead-follow-ups': 'tickets.compose.lead' };

/** A POST under `/api/tickets/:id/…`: an action (acknowledge, reject, …), a note, a contact or a lead follow-up. */
export interface TicketCommand {
  ticketId: string;
  /** `acknowledge`, `reject`, `dispatch`, `route`, `notes`, `contacts`, `lead-follow-ups`, … */
  path: string;
  body: Record<string, unknown>;
}

/**
 * Sends a ticket command and refreshes what it changed. A stale version (409 VERSION_CONFLICT) says "updated by
 * someone else" and refetches, so the user acts again on what is really there.
 */
export function useTicketCommand(options: { successMessage?: string | false } = {}) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useLocale();
  const refresh = (ticketId: string) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(ticketId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.ticketEvents(ticketId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.tickets() });
  };
  return useMutation({
    mutationFn: (command: TicketCommand) =>
      apiRequest<{ ticket?: Ticket | null }>('POST', `/api/tickets/${command.ticketId}/${command.path}`, command.body),
    onSuccess: (_result, command) => {
      if (options.successMessage !== false) void message.success(options.successMessage ?? `${t(COMMAND_LABELS[command.path] ?? `tickets.action.${command.path}`)} · ${t('common.done')}`);
      refresh(command.ticketId);
    },
    onError: (error, command) => {
      if (isApiError(error, 'VERSION_CONFLICT')) {
        void message.warning({ content: t('common.versionConflict'), key: 'version-conflict' });
        refresh(command.ticketId);
        return;
      }
      if (isApiError(error, 'INVALID_TRANSITION') || isApiError(error, 'NOT_FOUND')) refresh(command.ticketId);
      void message.error(error.message);
    },
  });
}
