import MarkdownIt from 'markdown-it';

/**
 * Articles' Markdown as HTML the console may insert as is: raw HTML in the Markdown is shown as text (`html: false`),
 * markdown-it's own link check refuses javascript:, vbscript:, file: and data: (other than images) targets, and links
 * open in a new tab without handing it the console's window (rel="noopener noreferrer").
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

const renderLink = markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index]!.attrSet('target', '_blank');
  tokens[index]!.attrSet('rel', 'noopener noreferrer');
  return renderLink(tokens, index, options, env, self);
};

/** An article's body (Markdown) as safe HTML. */
export function renderArticleMarkdown(body: string): string {
  return markdown.render(body);
}
