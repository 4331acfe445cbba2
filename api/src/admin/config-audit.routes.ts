import { configChangeCursor, configHistoryContract } from '@careline/shared';
import { listConfigChanges } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** Who changed the configuration, when, from what to what: for admins and QA (and supervisors, who read the settings). */
export function configAuditRoutes(context: AppContext): Implementation[] {
  return [
    implement(configHistoryContract, async ({ query }) => {
      const items = await listConfigChanges(context.db, query);
      const last = items.at(-1);
      return { items, nextBefore: items.length === query.limit && last ? configChangeCursor(last) : null };
    }),
  ];
}
