import { registerMessages } from '../../i18n/registry';

/** The knowledge base's chunk (kb-pages.ts) with its words registered: every route, panel and tab of it opens it so. */
export async function loadKb() {
  const kb = await import('./kb-pages');
  registerMessages(kb.kbPageMessages);
  return kb;
}
