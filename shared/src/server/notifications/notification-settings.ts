/** Who receives careline's mail and how: users' own preferences, dealers' addresses, regions' contacts. */
import { eq } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import type {
  TUpdateDealerNotificationSettingsRequest,
  TUpdateMyPreferencesRequest,
  TUpdateRegionContactsRequest,
} from '../../notifications/notification-settings.schemas';
import type { Database } from '../db/client';
import { dealers, regions, users } from '../db/schema';

export async function getMyPreferences(db: Database, actor: Actor) {
  const [user] = await db.select({ locale: users.locale, preferences: users.notificationPreferences, email: users.email }).from(users).where(eq(users.id, actor.id));
  if (!user) throw new AppError('NOT_FOUND');
  return { locale: user.locale, nonUrgent: user.preferences.nonUrgent, email: user.email };
}

export async function updateMyPreferences(db: Database, actor: Actor, request: TUpdateMyPreferencesRequest) {
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN');
  const current = await getMyPreferences(db, actor);
  await db
    .update(users)
    .set({ locale: request.locale ?? current.locale, notificationPreferences: { nonUrgent: request.nonUrgent ?? current.nonUrgent } })
    .where(eq(users.id, actor.id));
  return getMyPreferences(db, actor);
}

/** Admins manage every dealer; a dealer manager only their own (others are not found, as for tickets). */
function assertMayManageDealer(actor: Actor, dealerId: string, write: boolean) {
  if (actor.role === 'admin' || (!write && actor.role === 'supervisor')) return;
  if ((actor.role === 'dealer_manager' || (!write && actor.role === 'dealer_user')) && actor.dealerId === dealerId) return;
  if (actor.role === 'dealer_user' && actor.dealerId === dealerId) throw new AppError('FORBIDDEN');
  throw new AppError('NOT_FOUND');
}

export async function getDealerNotificationSettings(db: Database, actor: Actor, dealerId: string) {
  assertMayManageDealer(actor, dealerId, false);
  const [dealer] = await db
    .select({ id: dealers.id, code: dealers.code, notificationEmails: dealers.notificationEmails, escalationContacts: dealers.escalationContacts })
    .from(dealers)
    .where(eq(dealers.id, dealerId));
  if (!dealer) throw new AppError('NOT_FOUND');
  return dealer;
}

export async function updateDealerNotificationSettings(db: Database, actor: Actor, dealerId: string, request: TUpdateDealerNotificationSettingsRequest) {
  assertMayManageDealer(actor, dealerId, true);
  const updated = await db
    .update(dealers)
    .set({ ...request, updatedAt: new Date() })
    .where(eq(dealers.id, dealerId))
    .returning({ id: dealers.id });
  if (updated.length === 0) throw new AppError('NOT_FOUND');
  return getDealerNotificationSettings(db, actor, dealerId);
}

export async function updateRegionContacts(db: Database, regionId: string, request: TUpdateRegionContactsRequest) {
  const [region] = await db.update(regions).set({ escalationContacts: request.escalationContacts }).where(eq(regions.id, regionId)).returning();
  if (!region) throw new AppError('NOT_FOUND');
  return region;
}
