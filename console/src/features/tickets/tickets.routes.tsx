import { defineFeature, restrictTo } from '../../app/feature-registry';

export const ticketsFeature = defineFeature({
  id: 'tickets',
  routes: [
    { path: 'tickets', ...restrictTo('agent', 'supervisor', 'qa', 'admin'), lazy: async () => ({ Component: (await import('./TicketQueuePage')).TicketQueuePage }) },
    { path: 'tickets/:id', lazy: async () => ({ Component: (await import('./TicketPage')).TicketPage }) },
  ],
  menu: [{ path: '/tickets', labelKey: 'tickets.menu', roles: ['agent', 'supervisor', 'qa', 'admin'], order: 20 }],
});
