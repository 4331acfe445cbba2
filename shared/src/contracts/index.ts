import type { Contract } from './contract';
import * as docs from './docs.contracts';
import * as tickets from './tickets.contracts';
import * as auth from './auth.contracts';
import * as customers from './customers.contracts';
import * as reference from './reference.contracts';
import * as audit from './audit.contracts';
import * as stats from './stats.contracts';
import * as notificationSettings from './notification-settings.contracts';
import * as admin from './admin.contracts';
import * as sla from './sla.contracts';
import * as routing from './routing.contracts';
import * as callbacks from './callbacks.contracts';
import * as qa from './qa.contracts';
import * as reports from './reports.contracts';
import * as tracking from './tracking.contracts';
import * as geo from './geo.contracts';
import * as roadside from './roadside.contracts';
import * as imports from './imports.contracts';
import * as assist from './assist.contracts';

export * from './contract';
export * from './wire';
export * from './tickets.contracts';
export * from './auth.contracts';
export * from './customers.contracts';
export * from './reference.contracts';
export * from './audit.contracts';
export * from './stats.contracts';
export * from './notification-settings.contracts';
export * from './admin.contracts';
export * from './sla.contracts';
export * from './routing.contracts';
export * from './callbacks.contracts';
export * from './qa.contracts';
export * from './reports.contracts';
export * from './tracking.contracts';
export * from './roadside.contracts';
export * from './imports.contracts';
export * from './kb.contracts';
export * from './assist.contracts';
export * from './docs.contracts';
export * from './geo.contracts';

const contractsIn = (module: Record<string, unknown>): Contract[] =>
  Object.values(module).flatMap((value) => {
    if (isContract(value)) return [value];
    // Families of contracts (the ticket transitions) are records of contracts.
    if (value && typeof value === 'object' && !('parse' in value)) return Object.values(value).filter(isContract);
    return [];
  });

function isContract(value: unknown): value is Contract {
  return typeof value === 'object' && value !== null && 'method' in value && 'path' in value && 'success' in value && 'access' in value;
}

/** Every endpoint of the API, in one list: the API mounts exactly these and /api/openapi.json documents exactly these. */
export const CONTRACTS: readonly Contract[] = [
  ...contractsIn(tickets),
  ...contractsIn(auth),
  ...contractsIn(customers),
  ...contractsIn(reference),
  ...contractsIn(geo),
  ...contractsIn(audit),
  ...contractsIn(stats),
  ...contractsIn(notificationSettings),
  ...contractsIn(admin),
  ...contractsIn(sla),
  ...contractsIn(callbacks),
  ...contractsIn(qa),
  ...contractsIn(routing),
  ...contractsIn(reports),
  ...contractsIn(tracking),
  ...contractsIn(roadside),
  ...contractsIn(imports),
  ...contractsIn(assist),
  ...contractsIn(docs),
];
