import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import type { ContractBody } from '@shared/contracts/contract';
import { routeTicketContract } from '@shared/contracts/routing.contracts';
import {
  addNoteContract,
  dispatchTicketContract,
  leadFollowUpContract,
  recordContactContract,
  rejectTicketContract,
  transitionContracts,
} from '@shared/contracts/tickets.contracts';
import { isApiError } from '../../../lib/api-client';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';

const COMMAND_LABELS: Record<string, string> = { notes: 'tickets.compose.note', contacts: 'tickets.compose.contact', 'lead-follow-ups': 'tickets.compose.lead' };

/** The POSTs under `/api/tickets/:id/…`, by their last path segment. */
const TICKET_COMMANDS = {
  ...transitionContracts,
  notes: addNoteContract,
  contacts: recordContactContract,
  'lead-follow-ups': leadFollowUpContract,
  dispatch: dispatchTicketContract,
  reject: rejectTicketContract,
  route: routeTicketContract,
} as const;
type TicketCommands = typeof TICKET_COMMANDS;

/** An action (acknowledge, reject, …), a note, a contact or a lead follow-up, with the body its contract takes. */
export type TicketCommand = {
  [P in keyof TicketCommands]: { ticketId: string; path: P; body: ContractBody<TicketCommands[P]> };
}[keyof TicketCommands];

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
      callApi(TICKET_COMMANDS[command.path], { params: { id: command.ticketId }, body: command.body } as never),
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
