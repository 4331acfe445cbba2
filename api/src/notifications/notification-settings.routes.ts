import {
  getDealerNotificationSettingsContract,
  getMyPreferencesContract,
  updateDealerNotificationSettingsContract,
  updateMyPreferencesContract,
  updateRegionContactsContract,
} from '@careline/shared';
import {
  getDealerNotificationSettings,
  getMyPreferences,
  updateDealerNotificationSettings,
  updateMyPreferences,
  updateRegionContacts,
} from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** Notification settings: each user's own, each dealer's addresses and contacts, each region's contacts. */
export function notificationSettingsRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(getMyPreferencesContract, async ({ actor }) => ({ preferences: await getMyPreferences(db, actor) })),
    implement(updateMyPreferencesContract, async ({ actor, body }) => ({ preferences: await updateMyPreferences(db, actor, body) })),
    implement(getDealerNotificationSettingsContract, async ({ actor, params }) => ({ settings: await getDealerNotificationSettings(db, actor, params.id) })),
    implement(updateDealerNotificationSettingsContract, async ({ actor, params, body }) => ({
      settings: await updateDealerNotificationSettings(db, actor, params.id, body),
    })),
    implement(updateRegionContactsContract, async ({ actor, params, body }) => ({ region: await updateRegionContacts(db, actor, params.id, body) })),
  ];
}
