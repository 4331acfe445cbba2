import { listCategoriesContract, listDealersContract, listDepartmentsContract, listRegionsContract } from '@careline/shared';
import { listCategories, listDealers, listDepartments, listRegions } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** Regions, dealers, departments and categories: what every form needs to offer choices. */
export function referenceRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(listRegionsContract, async () => ({ items: await listRegions(db) })),
    implement(listDealersContract, async ({ query }) => ({ items: await listDealers(db, query) })),
    implement(listDepartmentsContract, async () => ({ items: await listDepartments(db) })),
    implement(listCategoriesContract, async () => ({ items: await listCategories(db) })),
  ];
}
