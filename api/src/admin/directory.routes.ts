import {
  ZCreateUserRequest,
  ZResetPasswordRequest,
  ZUpdateDepartmentRequest,
  ZUpdateUserRequest,
  ZUserListQuery,
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
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

const ZIdParams = z.strictObject({ id: z.uuid() });

/** Users and departments: admins only (the list shows who may see what, so not even supervisors read it). */
export function directoryRoutes(context: AppContext): Router {
  const router = Router();
  const admin = requireActor(context, ['admin']);

  router.get('/admin/users', admin, async (request, response) => {
    const query = parse(ZUserListQuery, request.query);
    response.json(await listDirectoryUsers(context.db, query));
  });

  router.post('/admin/users', admin, async (request, response) => {
    const body = parse(ZCreateUserRequest, request.body);
    response.status(201).json({ user: await createUser(context.db, actorOf(request), body, { production: context.config.production }) });
  });

  router.patch('/admin/users/:id', admin, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    const changes = parse(ZUpdateUserRequest, request.body);
    response.json({ user: await updateUser(context.db, actorOf(request), id, changes) });
  });

  router.post('/admin/users/:id/deactivate', admin, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    response.json({ user: await setUserActive(context.db, actorOf(request), id, false) });
  });

  router.post('/admin/users/:id/reactivate', admin, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    response.json({ user: await setUserActive(context.db, actorOf(request), id, true) });
  });

  router.post('/admin/users/:id/reset-password', admin, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    const { password } = parse(ZResetPasswordRequest, request.body);
    await resetUserPassword(context.db, actorOf(request), id, password, { production: context.config.production });
    response.status(204).end();
  });

  // A user lost their authenticator: TOTP is cleared and their sessions end; they enrol again at the next sign-in.
  router.post('/admin/users/:id/mfa/reset', admin, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    await resetMfa(context.db, actorOf(request), id);
    context.logger.info({ adminId: actorOf(request).id, userId: id }, 'two-factor sign-in reset by an admin');
    response.json({ user: await findDirectoryUser(context.db, id) });
  });

  router.get('/admin/departments', admin, async (_request, response) => {
    response.json({ items: await listDirectoryDepartments(context.db) });
  });

  router.patch('/admin/departments/:id', admin, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    const changes = parse(ZUpdateDepartmentRequest, request.body);
    response.json({ department: await updateDepartment(context.db, actorOf(request), id, changes) });
  });

  return router;
}
