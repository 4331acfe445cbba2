import {
  AppError,
  ZAddNoteRequest,
  ZContactAttemptRequest,
  ZCreateTicketRequest,
  ZDispatchTicketRequest,
  ZLeadConversionQuery,
  ZLeadFollowUpRequest,
  ZRejectTicketRequest,
  ZTicketListQuery,
  ZTicketParams,
  ZTransitionRequest,
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
  recordContactAttempt,
  listMilestones,
  recordLeadFollowUp,
  listTicketEvents,
  listTicketViews,
  pendTicket,
  rejectTicket,
  reopenTicket,
  resolveTicket,
  resumeTicket,
  startTicket,
  ticketScopeOf,
} from '@careline/shared/server';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';
import { presentEvents, presentMilestones, presentTicket, presentTicketRecordingRead } from './ticket.presenter';

const ZIdempotencyKey = z.string().trim().min(8).max(200).regex(/^[\x21-\x7e]+$/);

const SIMPLE_TRANSITIONS = {
  acknowledge: acknowledgeTicket,
  start: startTicket,
  pend: pendTicket,
  resume: resumeTicket,
  resolve: resolveTicket,
  reopen: reopenTicket,
  close: closeTicket,
  cancel: cancelTicket,
} as const;

export function ticketRoutes(context: AppContext): Router {
  const router = Router();
  const auth = requireActor(context);

  /** Re-reads through the actor's scope, so a response never shows more than a GET would. */
  const respondWithTicket = async (request: Request, response: Response, ticketId: string, status = 200) => {
    const actor = actorOf(request);
    const view = await findTicketView(context.db, ticketScopeOf(actor), ticketId);
    // The ticket left the actor's scope with this very change (a dealer rejecting it): say so without showing it.
    if (!view) return response.status(status).json({ ticket: null, id: ticketId });
    return response.status(status).json({ ticket: await presentTicketRecordingRead(context.db, view, actor) });
  };

  router.post('/tickets', requireActor(context, ['agent', 'supervisor']), async (request, response) => {
    const input = parse(ZCreateTicketRequest, request.body);
    const rawKey = request.headers['idempotency-key'];
    const idempotencyKey = rawKey === undefined ? undefined : parse(ZIdempotencyKey, rawKey);
    const result = await createTicket({ db: context.db, actor: actorOf(request), input, idempotencyKey });
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    await respondWithTicket(request, response, result.ticket.id, result.replayed ? 200 : 201);
  });

  router.get('/tickets', auth, async (request, response) => {
    const query = parse(ZTicketListQuery, request.query);
    const actor = actorOf(request);
    if (query.createdBy === 'me') query.createdBy = actor.id;
    const page = await listTicketViews(context.db, ticketScopeOf(actor), query);
    response.json({ items: page.items.map((view) => presentTicket(view, actor)), nextCursor: page.nextCursor });
  });

  router.get('/tickets/:id', auth, async (request, response) => {
    const { id } = parse(ZTicketParams, request.params);
    const actor = actorOf(request);
    const view = await findTicketView(context.db, ticketScopeOf(actor), id);
    if (!view) throw new AppError('NOT_FOUND');
    const ticket = await presentTicketRecordingRead(context.db, view, actor);
    const milestones = presentMilestones(await listMilestones(context.db, id), view.ticket, actor);
    response.json({ ticket: { ...ticket, sla: { ...ticket.sla, milestones } } });
  });

  router.get('/tickets/:id/events', auth, async (request, response) => {
    const { id } = parse(ZTicketParams, request.params);
    const actor = actorOf(request);
    const events = await listTicketEvents(context.db, ticketScopeOf(actor), id);
    if (!events) throw new AppError('NOT_FOUND');
    response.json({ items: presentEvents(events, actor) });
  });

  router.post('/tickets/:id/notes', auth, async (request, response) => {
    const { id } = parse(ZTicketParams, request.params);
    const body = parse(ZAddNoteRequest, request.body);
    await addNote({ db: context.db, actor: actorOf(request), ticketId: id, request: body });
    await respondWithTicket(request, response, id, 201);
  });

  router.post('/tickets/:id/dispatch', auth, async (request, response) => {
    const { id } = parse(ZTicketParams, request.params);
    const body = parse(ZDispatchTicketRequest, request.body);
    await dispatchTicket({ db: context.db, actor: actorOf(request), ticketId: id, request: body });
    await respondWithTicket(request, response, id);
  });

  router.post('/tickets/:id/reject', auth, async (request, response) => {
    const { id } = parse(ZTicketParams, request.params);
    const body = parse(ZRejectTicketRequest, request.body);
    await rejectTicket({ db: context.db, actor: actorOf(request), ticketId: id, request: body });
    await respondWithTicket(request, response, id);
  });

  router.post('/tickets/:id/contacts', auth, async (request, response) => {
    const { id } = parse(ZTicketParams, request.params);
    const body = parse(ZContactAttemptRequest, request.body);
    await recordContactAttempt({ db: context.db, actor: actorOf(request), ticketId: id, request: body });
    await respondWithTicket(request, response, id, 201);
  });

  router.post('/tickets/:id/lead-follow-ups', auth, async (request, response) => {
    const { id } = parse(ZTicketParams, request.params);
    const body = parse(ZLeadFollowUpRequest, request.body);
    await recordLeadFollowUp({ db: context.db, actor: actorOf(request), ticketId: id, request: body });
    await respondWithTicket(request, response, id, 201);
  });

  router.get('/leads/conversion', auth, async (request, response) => {
    const query = parse(ZLeadConversionQuery, request.query);
    response.json({ items: await leadConversion(context.db, ticketScopeOf(actorOf(request)), query) });
  });

  router.post('/tickets/:id/:action', auth, async (request, response) => {
    const { id } = parse(ZTicketParams, { id: request.params.id });
    const action = request.params.action as string;
    if (!Object.hasOwn(SIMPLE_TRANSITIONS, action)) throw new AppError('NOT_FOUND');
    const body = parse(ZTransitionRequest, request.body);
    const command = SIMPLE_TRANSITIONS[action as keyof typeof SIMPLE_TRANSITIONS];
    await command({ db: context.db, actor: actorOf(request), ticketId: id, request: body });
    await respondWithTicket(request, response, id);
  });

  return router;
}
