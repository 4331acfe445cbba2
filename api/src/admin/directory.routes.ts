import {
  AppError,
  createUserContract,
  deactivateUserContract,
  listDepartmentsAdminContract,
  listUsersContract,
  reactivateUserContract,
  resetUserMfaContract,
  resetUserPasswordContract,
  updateDepartmentContract,
  updateUserContract,
} from '@careline/shared';
import {
  createUser,
  findDirectoryUser,
  listDirectoryDepartments,
  listDirectoryUsers,
  resetMfa,
  resetUserPassword,
  setUserActive,
  updateDepartment,
  updateUser,
} from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** Users and departments: admins only (the list shows who may see what, so not even supervisors read it). */
export function directoryRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  const production = context.config.production;
  return [
    implement(listUsersContract, ({ query }) => listDirectoryUsers(db, query)),

    implement(createUserContract, async ({ actor, body }) => ({ user: await createUser(db, actor, body, { production }) })),

    implement(updateUserContract, async ({ actor, params, body }) => ({ user: await updateUser(db, actor, params.id, body) })),

    implement(deactivateUserContract, async ({ actor, params }) => ({ user: await setUserActive(db, actor, params.id, false) })),

    implement(reactivateUserContract, async ({ actor, params }) => ({ user: await setUserActive(db, actor, params.id, true) })),

    implement(resetUserPasswordContract, async ({ actor, params, body }) => {
      await resetUserPassword(db, actor, params.id, body.password, { production });
    }),

    // A user lost their authenticator: TOTP is cleared and their sessions end; they enrol again at the next sign-in.
    implement(resetUserMfaContract, async ({ actor, params }) => {
      await resetMfa(db, actor, params.id);
      context.logger.info({ adminId: actor.id, userId: params.id }, 'two-factor sign-in reset by an admin');
      const user = await findDirectoryUser(db, params.id);
      if (!user) throw new AppError('NOT_FOUND');
      return { user };
    }),

    implement(listDepartmentsAdminContract, async () => ({ items: await listDirectoryDepartments(db) })),

    implement(updateDepartmentContract, async ({ actor, params, body }) => ({ department: await updateDepartment(db, actor, params.id, body) })),
  ];
}
