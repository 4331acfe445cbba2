/**
 * A rescue's progress after a provider accepted: the transitions allowed (pure). `arrived` only after `en_route`;
 * `towing` only after `arrived`; `completed`, `cancelled` and `gone_on_arrival` end the job.
 */
import type { RoadsideJobStatus, RoadsideProgressStatus } from './roadside-vocabulary';

const NEXT: Record<RoadsideJobStatus, readonly RoadsideProgressStatus[]> = {
  offering: [],
  unassigned: [],
  accepted: ['en_route', 'cancelled'],
  en_route: ['en_route', 'arrived', 'gone_on_arrival', 'cancelled'],
  arrived: ['towing', 'completed', 'gone_on_arrival', 'cancelled'],
  towing: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
  gone_on_arrival: [],
};

/** Whether a job in `from` may move to `to` (`en_route` again updates the ETA). */
export function canMoveRoadside(from: RoadsideJobStatus, to: RoadsideProgressStatus): boolean {
  return NEXT[from].includes(to);
}

/** The moves a job's provider may make now (the console's buttons). */
export function roadsideNextSteps(from: RoadsideJobStatus): readonly RoadsideProgressStatus[] {
  return NEXT[from];
}

/** A job still in the provider's hands (its load). */
export const ACTIVE_JOB_STATUSES: readonly RoadsideJobStatus[] = ['accepted', 'en_route', 'arrived', 'towing'];

export function isFinishedRoadside(status: RoadsideJobStatus): boolean {
  return status === 'completed' || status === 'cancelled' || status === 'gone_on_arrival';
}
