import type { SlaClock } from '../sla/sla-policy';

/** One dealer's row of `GET /api/stats/dealer-load`. */
export interface DealerLoad {
  dealerId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  regionId: string;
  city: string;
  capacity: number;
  openTickets: number;
  /** Open tickets whose worst clock is in its warning window. */
  warning: number;
  /** Open tickets with at least one missed deadline. */
  breached: number;
  /** When the oldest open ticket was created (null: none open), and its age in whole minutes at `at`. */
  oldestOpenAt: string | null;
  oldestOpenMinutes: number | null;
}

/** `GET /api/stats/sla-standing`: how a dealer kept its deadlines over the last `days`. */
export interface SlaStanding {
  dealerId: string;
  days: number;
  /** Per clock: deadlines that fell in the period, met in time, and missed (met late or not at all). */
  clocks: Record<SlaClock, { due: number; onTime: number; late: number }>;
  /** Met in time over all three clocks, 0–1; null when nothing fell due. */
  metRate: number | null;
}
