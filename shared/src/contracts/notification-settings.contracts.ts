import { z } from 'zod';
import { access } from '../auth/access';
import {
  ZUpdateDealerNotificationSettingsRequest,
  ZUpdateMyPreferencesRequest,
  ZUpdateRegionContactsRequest,
} from '../notifications/notification-settings.schemas';
import { defineContract } from './contract';
import { ZEscalationContact, ZRegion } from './reference.contracts';
import { ZUuidParams } from './wire';

/** A user's own mail settings; `email` is where their mail goes (set by an admin). */
export const ZMyPreferences = z.object({ locale: z.string(), nonUrgent: z.enum(['immediate', 'digest']), email: z.string().nullable() });

export const ZDealerNotificationSettings = z.object({
  id: z.string(),
  code: z.string(),
  notificationEmails: z.array(z.string()),
  escalationContacts: z.array(ZEscalationContact),
});

const tag = 'notifications';

export const getMyPreferencesContract = defineContract({
  method: 'get',
  path: '/me/preferences',
  tag,
  summary: 'My mail language and digest preference',
  access: access.users,
  success: { status: 200, body: z.object({ preferences: ZMyPreferences }) },
});

export const updateMyPreferencesContract = defineContract({
  method: 'patch',
  path: '/me/preferences',
  tag,
  summary: 'Change my mail language (zh-CN, en) or non-urgent delivery (immediate, digest)',
  access: access.users,
  body: ZUpdateMyPreferencesRequest,
  success: { status: 200, body: z.object({ preferences: ZMyPreferences }) },
});

export const getDealerNotificationSettingsContract = defineContract({
  method: 'get',
  path: '/dealers/:id/notification-settings',
  tag,
  summary: "A dealer's notification addresses and escalation contacts (a dealer: its own)",
  access: access.dealerSettingsReaders,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ settings: ZDealerNotificationSettings }) },
});

export const updateDealerNotificationSettingsContract = defineContract({
  method: 'patch',
  path: '/dealers/:id/notification-settings',
  tag,
  summary: "Change a dealer's notification addresses or escalation contacts (a dealer manager: its own)",
  access: access.dealerSettingsEditors,
  params: ZUuidParams,
  body: ZUpdateDealerNotificationSettingsRequest,
  success: { status: 200, body: z.object({ settings: ZDealerNotificationSettings }) },
});

export const updateRegionContactsContract = defineContract({
  method: 'patch',
  path: '/regions/:id/escalation-contacts',
  tag,
  summary: "Change a region's escalation contacts (regional manager)",
  access: access.admin,
  params: ZUuidParams,
  body: ZUpdateRegionContactsRequest,
  success: { status: 200, body: z.object({ region: ZRegion }) },
});
