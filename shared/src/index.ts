/** Browser-safe part of shared: vocabulary, schemas, pure domain rules. No node: imports below this file. */
export * from './tickets/ticket-vocabulary';
export * from './tickets/ticket-lifecycle';
export * from './tickets/ticket-policy';
export * from './tickets/ticket.schemas';
export * from './errors/app-error';
export * from './auth/actor';
export * from './customers/phone';
export * from './customers/vin';
export * from './customers/customer-name';
export * from './customers/lifecycle-stage';
export * from './routing/routing-rules';
export * from './routing/route-ticket';
export * from './routing/business-hours';
export * from './routing/routing-rules.schemas';
export * from './sla/business-calendar';
export * from './sla/china-holidays';
export * from './sla/sla-policy';
