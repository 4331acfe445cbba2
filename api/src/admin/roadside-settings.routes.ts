import { getRoadsideSettingsContract, updateRoadsideSettingsContract } from '@careline/shared';
import { getRoadsideSettings, updateRoadsideSettings } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** Roadside settings (the offer time limit): admins change them, supervisors read them. */
export function roadsideSettingsRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(getRoadsideSettingsContract, () => getRoadsideSettings(db)),
    implement(updateRoadsideSettingsContract, ({ actor, body }) => updateRoadsideSettings(db, actor, body)),
  ];
}
