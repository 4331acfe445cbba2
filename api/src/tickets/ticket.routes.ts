import {
  AppError,
  addNoteContract,
  createTicketContract,
  dispatchTicketContract,
  getTicketContract,
  leadConversionContract,
  leadFollowUpContract,
  listTicketEventsContract,
  listTicketsContract,
  recordContactContract,
  rejectTicketContract,
  transitionContracts,
  type Actor,
} from '@careline/shared';
import {
  acknowledgeTicket,
  addNote,
  cancelTicket,
  closeTicket,
  createTicket,
  dispatchTicket,
  findTicketView,
  leadConversion,
  listMilestones,
  listTicketEvents,
  listTicketViews,
  pendTicket,
  recordContactAttempt,
  recordLeadFollowUp,
  rejectTicket,
  reopenTicket,
  resolveTicket,
  resumeTicket,
  startTicket,
  ticketScopeOf,
} from '@careline/shared/server';
import type { Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { implement, type Implementation, Reply } from '../http/mount-contracts';
import { parse } from '../http/validate';
import { presentEvents, presentMilestones, presentTicket, presentTicketRecordingRead } from './ticket.presenter';

const ZIdempotencyKey = z.string().trim().min(8).max(200).regex(/^[\x21-\x7e]+$/);

const TRANSITION_COMMANDS = {
  acknowledge: acknowledgeTicket,
  start: startTicket,
  pend: pendTicket,
  resume: resumeTicket,
  resolve: resolveTicket,
  reopen: reopenTicket,
  close: closeTicket,
  cancel: cancelTicket,
} as const satisfies Record<keyof typeof transitionContracts, unknown>;

function idempotencyKeyOf(request: Request): string | undefined {
  const raw = request.headers['idempotency-key'];
  return raw === undefined ? undefined : parse(ZIdempotencyKey, raw);
}

export function ticketRoutes(context: AppContext): Implementation[] {
  const { db } = context;

  /** Re-reads through the actor's scope, so an answer never shows more than a GET would. */
  const ticketAfterCommand = async (actor: Actor, ticketId: string) => {
    const view = await findTicketView(db, ticketScopeOf(actor), ticketId);
    // The ticket left the actor's scope with this very change (a dealer rejecting it): say so without showing it.
    if (!view) return { ticket: null, id: ticketId };
    return { ticket: await presentTicketRecordingRead(db, view, actor) };
  };

  return [
    implement(createTicketContract, async ({ actor, body, request }) => {
      const result = await createTicket({ db, actor, input: body, idempotencyKey: idempotencyKeyOf(request) });
      const answer = await ticketAfterCommand(actor, result.ticket.id);
      return result.replayed ? new Reply(answer, { status: 200, headers: { 'Idempotent-Replayed': 'true' } }) : answer;
    }),

    implement(listTicketsContract, async ({ actor, query }) => {
      if (query.createdBy === 'me') query.createdBy = actor.id;
      const page = await listTicketViews(db, ticketScopeOf(actor), query);
      return { items: page.items.map((view) => presentTicket(view, actor)), nextCursor: page.nextCursor };
    }),

    implement(getTicketContract, async ({ actor, params }) => {
      const view = await findTicketView(db, ticketScopeOf(actor), params.id);
      if (!view) throw new AppError('NOT_FOUND');
      const ticket = await presentTicketRecordingRead(db, view, actor);
      const milestones = presentMilestones(await listMilestones(db, params.id), view.ticket, actor);
      return { ticket: { ...ticket, sla: { ...ticket.sla, milestones } } };
    }),

    implement(listTicketEventsContract, async ({ actor, params }) => {
      const events = await listTicketEvents(db, ticketScopeOf(actor), params.id);
      if (!events) throw new AppError('NOT_FOUND');
      return { items: presentEvents(events, actor) };
    }),

    implement(addNoteContract, async ({ actor, params, body }) => {
      await addNote({ db, actor, ticketId: params.id, request: body });
      return ticketAfterCommand(actor, params.id);
    }),
    implement(dispatchTicketContract, async ({ actor, params, body }) => {
      await dispatchTicket({ db, actor, ticketId: params.id, request: body });
      return ticketAfterCommand(actor, params.id);
    }),
    implement(rejectTicketContract, async ({ actor, params, body }) => {
      await rejectTicket({ db, actor, ticketId: params.id, request: body });
      return ticketAfterCommand(actor, params.id);
    }),
    implement(recordContactContract, async ({ actor, params, body }) => {
      await recordContactAttempt({ db, actor, ticketId: params.id, request: body });
      return ticketAfterCommand(actor, params.id);
    }),
    implement(leadFollowUpContract, async ({ actor, params, body }) => {
      await recordLeadFollowUp({ db, actor, ticketId: params.id, request: body });
      return ticketAfterCommand(actor, params.id);
    }),

    ...Object.entries(transitionContracts).map(([action, contract]) =>
      implement(contract, async ({ actor, params, body }) => {
        await TRANSITION_COMMANDS[action as keyof typeof TRANSITION_COMMANDS]({ db, actor, ticketId: params.id, request: body });
        return ticketAfterCommand(actor, params.id);
      }),
    ),

    implement(leadConversionContract, async ({ actor, query }) => ({ items: await leadConversion(db, ticketScopeOf(actor), query) })),
  ];
}
