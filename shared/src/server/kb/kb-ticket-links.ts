/**
 * Knowledge-base articles used on a ticket. Attaching one is a change of the ticket like any other (saveTicketChange):
 * a `kb_article_linked` event on its chain, the `ticket_kb_links` row recorded in that event's facts (so verification
 * vouches for the articles' used/solved counts), and with `resolve` the ticket resolved with the article in the same
 * change — an enquiry answered on the call is resolved at first contact from `new`, as the lifecycle allows.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import type { TKbLinkRequest } from '../../kb/kb.schemas';
import { readableAudiences, isKbEditor } from '../../kb/kb-search-rules';
import { canAddNote } from '../../tickets/ticket-policy';
import { visibleEvents } from '../../tickets/ticket-eras';
import { insertedFacts, KB_LINK_FIGURES, updatedFacts } from '../audit/derived-figures';
import type { Executor } from '../db/client';
import { kbArticles, ticketKbLinks, users } from '../db/schema';
import { assertVersion, authorizeAction, type CommandContext, lockTicket, saveTicketChange, type TicketRow, toPolicyTicket } from '../tickets/ticket-command';
import type { NewTicketEvent } from '../tickets/ticket-events';
import { listTicketEvents, ticketScopeOf } from '../tickets/ticket-queries';
import { endPause } from '../tickets/ticket-status.commands';

/**
 * Attaches a published article the actor may read to a ticket it may work on (may write a note on: open, in its
 * scope), and with `resolve: true` resolves the ticket with it. 404 for a ticket or an article the actor may not see,
 * 409 VERSION_CONFLICT for a stale ticket version, 409 KB_INVALID_STATUS for an article not published, 409 DUPLICATE
 * for an article attached already (unless it now resolves the ticket), 409 INVALID_TRANSITION / 403 from the
 * lifecycle and policy of `resolve`.
 */
export async function linkKbArticle({ request, ticketId, ...ctx }: CommandContext & { ticketId: string; request: TKbLinkRequest }): Promise<TicketRow> {
  const { db, actor } = ctx;
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, actor, ticketId);
    assertVersion(ticket, request.version);
    if (!canAddNote(actor, toPolicyTicket(ticket), 'dealer')) throw new AppError('FORBIDDEN', { action: 'link_article' });
    const [article] = await tx
      .select({ id: kbArticles.id, title: kbArticles.title, version: kbArticles.version, audience: kbArticles.audience, status: kbArticles.status })
      .from(kbArticles)
      .where(and(eq(kbArticles.id, request.articleId), isKbEditor(actor.role) ? undefined : inArray(kbArticles.audience, readableAudiences(actor.role))));
    // An article the actor may not read is not found; a draft only an editor (an admin) can see is not usable yet.
    if (!article || (article.status !== 'published' && !isKbEditor(actor.role))) throw new AppError('NOT_FOUND');
    if (article.status !== 'published') throw new AppError('KB_INVALID_STATUS', { status: article.status, action: 'link' });
    const [existing] = await tx
      .select()
      .from(ticketKbLinks)
      .where(and(eq(ticketKbLinks.ticketId, ticket.id), eq(ticketKbLinks.articleId, article.id)));
    if (existing && !request.resolve) throw new AppError('DUPLICATE', { existingId: article.id });

    const at = ctx.now ?? new Date();
    const to = request.resolve ? authorizeAction(actor, ticket, 'resolve') : null;
    const comment = request.comment ? { comment: request.comment } : {};
    const events: NewTicketEvent[] = [
      {
        type: 'kb_article_linked',
        payload: { articleId: article.id, title: article.title, articleVersion: article.version, audience: article.audience, resolve: request.resolve, ...comment },
      },
    ];
    if (to) events.push({ type: 'resolved', payload: { from: ticket.status, to, kbArticleId: article.id, ...comment } });
    const link = {
      ticketId: ticket.id,
      articleId: article.id,
      articleVersion: article.version,
      linkedBy: actor.kind === 'user' ? actor.id : null,
      linkedAt: at,
      resolvedWith: request.resolve,
    };
    const facts = existing
      ? updatedFacts(KB_LINK_FIGURES, [article.id], { resolvedWith: true })
      : insertedFacts(KB_LINK_FIGURES, [{ id: article.id, ...link }]);
    if (existing) await tx.update(ticketKbLinks).set({ resolvedWith: true }).where(and(eq(ticketKbLinks.ticketId, ticket.id), eq(ticketKbLinks.articleId, article.id)));
    else await tx.insert(ticketKbLinks).values(link);
    return saveTicketChange({
      tx,
      actor,
      ticket,
      at,
      changes: to ? { status: to, ...endPause(ticket, at), resolvedAt: at } : {},
      events,
      kind: to ? 'resolved' : 'kb_article_linked',
      // Like a resolve: the copied departments and the agent who opened it hear of it.
      outbox: to ? [{ topic: 'ticket.resolved', payload: { resolution: request.comment ?? article.title } }] : [],
      facts,
    });
  });
}

export interface TicketKbLinkView {
  articleId: string;
  title: string;
  articleVersion: number;
  linkedAt: Date;
  linkedByName: string | null;
  resolvedWith: boolean;
}

/**
 * The articles used on a ticket the actor may read, scoped like its timeline: those whose `kb_article_linked` event
 * the actor may read (a dealer its own era's links to articles for everyone). Null when the ticket is not visible.
 */
export async function listTicketKbLinks(db: Executor, actor: Actor, ticketId: string): Promise<TicketKbLinkView[] | null> {
  const events = await listTicketEvents(db, ticketScopeOf(actor), ticketId);
  if (!events) return null;
  const linked = new Set(
    visibleEvents(actor, events)
      .filter((event) => event.type === 'kb_article_linked')
      .map((event) => String(event.payload.articleId)),
  );
  if (linked.size === 0) return [];
  return db
    .select({
      articleId: ticketKbLinks.articleId,
      title: kbArticles.title,
      articleVersion: ticketKbLinks.articleVersion,
      linkedAt: ticketKbLinks.linkedAt,
      linkedByName: users.displayName,
      resolvedWith: ticketKbLinks.resolvedWith,
    })
    .from(ticketKbLinks)
    .innerJoin(kbArticles, eq(kbArticles.id, ticketKbLinks.articleId))
    .leftJoin(users, eq(users.id, ticketKbLinks.linkedBy))
    .where(and(eq(ticketKbLinks.ticketId, ticketId), inArray(ticketKbLinks.articleId, [...linked])))
    .orderBy(asc(ticketKbLinks.linkedAt), asc(ticketKbLinks.articleId));
}
