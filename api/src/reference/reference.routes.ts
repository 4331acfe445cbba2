import { access, listCategoriesContract, listDealersContract, listDepartmentsContract, listRegionsContract } from '@careline/shared';
import { listCategories, listDealers, listDepartments, listRegions } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** Regions, dealers, departments and categories: what every form needs to offer choices. */
export function referenceRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    // Regions are everyone's reference data; their escalation contacts (names, mail addresses) are not.
    implement(listRegionsContract, async ({ actor }) => {
      const regions = await listRegions(db);
      return { items: access.configReaders.allows(actor) ? regions : regions.map(({ escalationContacts: _contacts, ...region }) => region) };
    }),
    implement(listDealersContract, async ({ query }) => ({ items: await listDealers(db, query) })),
    implement(listDepartmentsContract, async () => ({ items: await listDepartments(db) })),
    implement(listCategoriesContract, async () => ({ items: await listCategories(db) })),
  ];
}
