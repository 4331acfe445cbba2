import { ROLES } from '@shared/tickets/ticket-vocabulary';
import { defineFeature } from '../../app/feature-registry';

/**
 * The knowledge base (知识库): every role reads it (the API gives each the articles meant for it), editors and admins
 * write it; the editor role has no other page, so /kb is its home (its first menu entry). This file loads with every
 * first page: one route, whose pages and their role guard are chosen inside the KB chunk (KbRoutes.tsx), reached
 * through its small loader chunk (so the KB chunk's list of files to preload is not in the entry either).
 */
export const kbFeature = defineFeature({
  id: 'kb',
  routes: [{ path: 'kb/*', lazy: async () => ({ Component: (await (await import('./load-kb')).loadKb()).KbRoutes }) }],
  menu: [{ path: '/kb', labelKey: 'kb.menu', roles: ROLES, order: 70 }],
});
