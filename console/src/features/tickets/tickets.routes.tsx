import { defineFeature } from '../../app/feature-registry';

export const ticketsFeature = defineFeature({
  id: 'tickets',
  routes: [
    { path: 'tickets', lazy: async () => ({ Component: (await import('./TicketQueuePage')).TicketQueuePage }) },
    { path: 'tickets/:id', lazy: async () => ({ Component: (await import('./TicketPage')).TicketPage }) },
  ],
  menu: [{ path: '/tickets', labelKey: 'tickets.menu', roles: ['agent', 'supervisor', 'qa', 'admin'], order: 20 }],
});
