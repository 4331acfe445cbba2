import {
  AppError,
  archiveKbArticleContract,
  createKbArticleContract,
  getKbArticleContract,
  getKbVersionContract,
  linkTicketKbContract,
  listKbVersionsContract,
  listTicketKbContract,
  publishKbArticleContract,
  searchKbContract,
  updateKbArticleContract,
  type Actor,
} from '@careline/shared';
import {
  createKbArticle,
  findKbArticle,
  findTicketView,
  getKbVersion,
  linkKbArticle,
  listKbVersions,
  listTicketKbLinks,
  moveKbArticle,
  searchKbArticles,
  ticketScopeOf,
  updateKbArticle,
} from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';
import { presentTicketRecordingRead } from '../tickets/ticket.presenter';
import { presentKbArticle, presentKbVersion, presentTicketKbLink } from './kb.presenter';

/** The knowledge base (知识库): search and read; editors write; articles used on tickets. */
export function kbRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  /** An article just written, read back as its writer reads it (with its counts). */
  const article = async (actor: Actor, id: string) => ({ article: presentKbArticle(await findKbArticle(db, actor, id)) });

  return [
    implement(searchKbContract, ({ actor, query }) => searchKbArticles(db, actor, query)),
    implement(getKbArticleContract, ({ actor, params }) => article(actor, params.id)),
    implement(createKbArticleContract, async ({ actor, body }) => article(actor, (await createKbArticle({ db, actor, input: body })).id)),
    implement(updateKbArticleContract, async ({ actor, params, body }) => {
      await updateKbArticle({ db, actor, articleId: params.id, version: body.version, input: body.article });
      return article(actor, params.id);
    }),
    implement(publishKbArticleContract, async ({ actor, params, body }) => {
      await moveKbArticle({ db, actor, articleId: params.id, version: body.version, move: 'publish' });
      return article(actor, params.id);
    }),
    implement(archiveKbArticleContract, async ({ actor, params, body }) => {
      await moveKbArticle({ db, actor, articleId: params.id, version: body.version, move: 'archive' });
      return article(actor, params.id);
    }),
    implement(listKbVersionsContract, async ({ params }) => ({ items: (await listKbVersions(db, params.id)).map(presentKbVersion) })),
    implement(getKbVersionContract, async ({ params }) => ({ version: presentKbVersion(await getKbVersion(db, params.id, params.version)) })),

    implement(listTicketKbContract, async ({ actor, params }) => {
      const links = await listTicketKbLinks(db, actor, params.id);
      if (!links) throw new AppError('NOT_FOUND');
      return { items: links.map(presentTicketKbLink) };
    }),
    implement(linkTicketKbContract, async ({ actor, params, body }) => {
      await linkKbArticle({ db, actor, ticketId: params.id, request: body });
      // Read back through the actor's scope, as every ticket command answers.
      const view = await findTicketView(db, ticketScopeOf(actor), params.id);
      return view ? { ticket: await presentTicketRecordingRead(db, view, actor) } : { ticket: null, id: params.id };
    }),
  ];
}
