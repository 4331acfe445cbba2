import type { KbArticleView, KbVersionView, TicketKbLinkView } from '@careline/shared/server';
import { renderArticleMarkdown } from '@careline/shared/server';

/** One article as readers get it: its Markdown as written and as safe HTML (kb-markdown.ts). */
export function presentKbArticle(article: KbArticleView) {
  const { search: _search, createdBy: _createdBy, updatedBy: _updatedBy, ...fields } = article;
  return { ...fields, bodyHtml: renderArticleMarkdown(article.body) };
}

export function presentKbVersion(version: KbVersionView) {
  const { articleId: _articleId, editedBy: _editedBy, ...fields } = version;
  return fields;
}

export const presentTicketKbLink = (link: TicketKbLinkView) => link;
