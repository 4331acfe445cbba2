/**
 * Roadside settings an admin changes (Admin → 道路救援): the time a provider has to answer an offer. Stored in one row
 * of roadside_settings; without it, the environment's ROADSIDE_OFFER_SECONDS (default 300). A change is recorded in
 * the configuration history in its transaction. New offers read the setting when they are made; offers already out
 * keep their due time.
 */
import { eq } from 'drizzle-orm';
import { access, requireAccess } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import type { TRoadsideSettingsRequest } from '../../roadside/roadside-settings.schemas';
import { recordConfigChange } from '../audit/config-changes';
import type { Database, Executor } from '../db/client';
import { roadsideSettings } from '../db/schema';

const SETTINGS_ID = 'roadside';

/** The time a provider has to answer an offer by the environment: ROADSIDE_OFFER_SECONDS, default 5 minutes. */
export function roadsideOfferSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.ROADSIDE_OFFER_SECONDS ?? 300);
  return Number.isFinite(seconds) && seconds >= 1 ? Math.floor(seconds) : 300;
}

/** The settings as they apply now: the stored value, else the environment's default (`source` says which). */
export async function getRoadsideSettings(db: Executor) {
  const [row] = await db.select().from(roadsideSettings).where(eq(roadsideSettings.id, SETTINGS_ID));
  const stored = row?.offerSeconds ?? null;
  return {
    offerSeconds: stored ?? roadsideOfferSeconds(),
    source: stored === null ? ('environment' as const) : ('setting' as const),
    environmentOfferSeconds: roadsideOfferSeconds(),
    updatedAt: row && stored !== null ? row.updatedAt : null,
  };
}

/** The time limit a new offer gets now. */
export async function currentOfferSeconds(db: Executor): Promise<number> {
  return (await getRoadsideSettings(db)).offerSeconds;
}

/** An admin sets the offer time limit (30–3600 s, validated by the request schema) or clears it (null: the environment's). */
export async function updateRoadsideSettings(db: Database, actor: Actor, request: TRoadsideSettingsRequest) {
  requireAccess(actor, access.admin);
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ offerSeconds: roadsideSettings.offerSeconds }).from(roadsideSettings).where(eq(roadsideSettings.id, SETTINGS_ID)).for('update');
    const at = new Date();
    await tx
      .insert(roadsideSettings)
      .values({ id: SETTINGS_ID, offerSeconds: request.offerSeconds, updatedAt: at })
      .onConflictDoUpdate({ target: roadsideSettings.id, set: { offerSeconds: request.offerSeconds, updatedAt: at } });
    await recordConfigChange(tx, actor, {
      entity: 'roadside_settings',
      entityId: SETTINGS_ID,
      action: 'update',
      before: { offerSeconds: before?.offerSeconds ?? null },
      after: { offerSeconds: request.offerSeconds },
      at,
    });
  });
  return getRoadsideSettings(db);
}
