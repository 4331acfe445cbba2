/** Server-only part of shared: database, commands, queries. The console must never import this path. */
export * from './db/client';
export * as schema from './db/schema';
export * from './config';
export * from './audit/audit-chain';
export * from './audit/verify-audit';
export * from './auth/password';
export * from './auth/sessions';
export * from './tickets/ticket-command';
export * from './tickets/ticket-events';
export * from './tickets/ticket-queries';
export * from './tickets/create-ticket.command';
export * from './tickets/dispatch-ticket.command';
export * from './tickets/ticket-status.commands';
export * from './tickets/add-note.command';
export * from './customers/customer-queries';
export * from './demo/seed-demo';
export * from './jobs';
export * from './housekeeping/purge-expired.command';
