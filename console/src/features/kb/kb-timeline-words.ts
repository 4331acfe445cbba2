import { defineMessages } from '../../i18n/messages';

/**
 * The ticket history's words for an article used on a ticket: registered by the routes that show a ticket's events
 * (the ticket page, QA's evidence pack), not in the entry, whose every byte counts against each first page's budget.
 */
export const kbTimelineMessages = defineMessages({
  'zh-CN': { 'tickets.event.kb_article_linked': '引用知识库文章', 'tickets.event.kbResolved': '据此解决' },
  en: { 'tickets.event.kb_article_linked': 'Knowledge-base article used', 'tickets.event.kbResolved': 'resolved with it' },
});
