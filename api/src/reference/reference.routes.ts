import {
  access,
  createCategoryContract,
  deactivateCategoryContract,
  listCategoriesContract,
  listDealersContract,
  listDepartmentsContract,
  listRegionsContract,
  moveCategoryContract,
  reactivateCategoryContract,
  updateCategoryContract,
} from '@careline/shared';
import { createCategory, listCategories, listDealers, listDepartments, listRegions, moveCategory, setCategoryActive, updateCategory } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** Regions, dealers, departments and categories: what every form needs to offer choices; admins edit the category tree. */
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

    implement(createCategoryContract, async ({ actor, body }) => ({ category: await createCategory(db, actor, body) })),
    implement(updateCategoryContract, async ({ actor, params, body }) => ({ category: await updateCategory(db, actor, params.id, body) })),
    implement(moveCategoryContract, async ({ actor, params, body }) => ({ category: await moveCategory(db, actor, params.id, body.parentId) })),
    implement(deactivateCategoryContract, async ({ actor, params }) => ({ category: await setCategoryActive(db, actor, params.id, false) })),
    implement(reactivateCategoryContract, async ({ actor, params, body }) => ({
      category: await setCategoryActive(db, actor, params.id, true, { subtree: body.subtree }),
    })),
  ];
}
