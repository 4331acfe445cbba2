import { ZUpdateDealerNotificationSettingsRequest, ZUpdateMyPreferencesRequest, ZUpdateRegionContactsRequest } from '@careline/shared';
import {
  getDealerNotificationSettings,
  getMyPreferences,
  updateDealerNotificationSettings,
  updateMyPreferences,
  updateRegionContacts,
} from '@careline/shared/server';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

const ZIdParams = z.strictObject({ id: z.uuid() });

/** Notification settings: each user's own, each dealer's addresses and contacts, each region's contacts. */
export function notificationSettingsRoutes(context: AppContext): Router {
  const router = Router();
  const anyone = requireActor(context);

  router.get('/me/preferences', anyone, async (request, response) => {
    response.json({ preferences: await getMyPreferences(context.db, actorOf(request)) });
  });

  router.patch('/me/preferences', anyone, async (request, response) => {
    const changes = parse(ZUpdateMyPreferencesRequest, request.body);
    response.json({ preferences: await updateMyPreferences(context.db, actorOf(request), changes) });
  });

  router.get('/dealers/:id/notification-settings', anyone, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    response.json({ settings: await getDealerNotificationSettings(context.db, actorOf(request), id) });
  });

  router.patch('/dealers/:id/notification-settings', anyone, async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    const changes = parse(ZUpdateDealerNotificationSettingsRequest, request.body);
    response.json({ settings: await updateDealerNotificationSettings(context.db, actorOf(request), id, changes) });
  });

  router.patch('/regions/:id/escalation-contacts', requireActor(context, ['admin']), async (request, response) => {
    const { id } = parse(ZIdParams, request.params);
    const changes = parse(ZUpdateRegionContactsRequest, request.body);
    response.json({ region: await updateRegionContacts(context.db, actorOf(request), id, changes) });
  });

  return router;
}
