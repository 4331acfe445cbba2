import { defineFeature, restrictTo } from '../../app/feature-registry';
import { registerMessages } from '../../i18n/registry';

export const ticketsFeature = defineFeature({
  id: 'tickets',
  routes: [
    { path: 'tickets', ...restrictTo('agent', 'supervisor', 'qa', 'admin'), lazy: async () => ({ Component: (await import('./TicketQueuePage')).TicketQueuePage }) },
    {
      path: 'tickets/:id',
      lazy: async () => {
        // The timeline names roadside steps with the rescue panels' words (registered before the page renders).
        const [{ TicketPage }, { roadsidePanelMessages }] = await Promise.all([import('./TicketPage'), import('../roadside/roadside-panel-words')]);
        registerMessages(roadsidePanelMessages);
        return { Component: TicketPage };
      },
    },
  ],
  menu: [{ path: '/tickets', labelKey: 'tickets.menu', roles: ['agent', 'supervisor', 'qa', 'admin'], order: 20 }],
});
