import type { Role } from '@careline/shared';

// The API's access groups for the report endpoints (shared/src/auth/access.ts), spelled out here so the console's
// entry does not carry the API's error table with it; test/unit/report-view.test.ts keeps the two equal.

/** Who reads the report, its drill-down and exports (`access.reportReaders`): a dealer or department its own. */
export const REPORT_READERS: readonly Role[] = ['supervisor', 'qa', 'admin', 'dealer_user', 'dealer_manager', 'dept_user'];
/** Who reads every party's figures and the checkpoints (`access.oversight`). */
export const REPORT_OVERSIGHT: readonly Role[] = ['supervisor', 'qa', 'admin'];
/** Who takes a checkpoint by hand (`access.qa`). */
export const CHECKPOINT_TAKERS: readonly Role[] = ['qa', 'admin'];
/** Who reads the roadside figures (`access.standingReaders`): oversight every provider, a dealer its own. */
export const ROADSIDE_FIGURE_READERS: readonly Role[] = ['dealer_user', 'dealer_manager', 'supervisor', 'admin', 'qa'];
