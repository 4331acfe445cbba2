/**
 * The roadside settings an admin changes (Admin → 道路救援): how long a rescue provider has to answer an offer. Apart
 * from roadside.schemas.ts so the admin pages load only this.
 */
import { z } from 'zod';

/** The time a provider has to answer a rescue offer, in seconds: at least half a minute, at most an hour. */
export const OFFER_SECONDS_MIN = 30;
export const OFFER_SECONDS_MAX = 3600;

/** An admin's roadside settings: the offer time limit (null: back to the environment's default). */
export const ZRoadsideSettingsRequest = z.strictObject({ offerSeconds: z.int().min(OFFER_SECONDS_MIN).max(OFFER_SECONDS_MAX).nullable() });
export type TRoadsideSettingsRequest = z.infer<typeof ZRoadsideSettingsRequest>;
