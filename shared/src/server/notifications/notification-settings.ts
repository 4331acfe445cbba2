/** Who receives careline's mail and how: users' own preferences, dealers' addresses, regions' contacts. */
import { eq } from 'drizzle-orm';
import { access } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import type {
  TUpdateDealerNotificationSettingsRequest,
  TUpdateMyPreferencesRequest,
  TUpdateRegionContactsRequest,
} from '../../notifications/notification-settings.schemas';
import type { Database } from '../db/client';
import { dealers, regions, users } from '../db/schema';
import { recordConfigChange } from '../audit/config-changes';

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
  await db.transaction(async (tx) => {
    const settings = { notificationEmails: dealers.notificationEmails, escalationContacts: dealers.escalationContacts };
    const [before] = await tx.select(settings).from(dealers).where(eq(dealers.id, dealerId)).for('update');
    if (!before) throw new AppError('NOT_FOUND');
    const [after] = await tx.update(dealers).set({ ...request, updatedAt: new Date() }).where(eq(dealers.id, dealerId)).returning(settings);
    await recordConfigChange(tx, actor, { entity: 'dealer_notification_settings', entityId: dealerId, action: 'update', before, after });
  });
  return getDealerNotificationSettings(db, actor, dealerId);
}

/** A region's escalation contacts are set by admins. */
export async function updateRegionContacts(db: Database, actor: Actor, regionId: string, request: TUpdateRegionContactsRequest) {
  if (!access.admin.allows(actor)) throw new AppError('FORBIDDEN');
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ escalationContacts: regions.escalationContacts }).from(regions).where(eq(regions.id, regionId)).for('update');
    if (!before) throw new AppError('NOT_FOUND');
    const [region] = await tx.update(regions).set({ escalationContacts: request.escalationContacts }).where(eq(regions.id, regionId)).returning();
    await recordConfigChange(tx, actor, { entity: 'region_contacts', entityId: regionId, action: 'update', before, after: { escalationContacts: region.escalationContacts } });
    return region;
  });
}
