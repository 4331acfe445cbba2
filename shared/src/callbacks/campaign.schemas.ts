import { z } from 'zod';
import { CALLBACK_TASK_STATUSES } from './callback-rules';
import { queuePaging } from './callback.schemas';
import { CAMPAIGN_KINDS } from './campaign-rules';

/** The campaign calls list (新车回访): by status, kind, who calls, and due time. */
export const ZCampaignQueueQuery = z.strictObject({
  status: z.enum(CALLBACK_TASK_STATUSES).default('open'),
  kind: z.enum(CAMPAIGN_KINDS).optional(),
  /** The hotline's calls or the dealers' (a dealer user always gets its own dealer's). */
  assignee: z.enum(['hotline', 'dealer']).optional(),
  /** One selling dealer's calls (hotline users; a dealer user's own dealer is implied). */
  dealerId: z.uuid().optional(),
  /** Only calls whose next attempt is due by this instant (default: no limit). */
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  ...queuePaging,
});
export type TCampaignQueueQuery = z.infer<typeof ZCampaignQueueQuery>;

/** Who makes a dealer's new-vehicle calls (admins). */
export const ZCampaignAssigneeRequest = z.strictObject({ assignee: z.enum(['dealer', 'hotline']) });
export type TCampaignAssigneeRequest = z.infer<typeof ZCampaignAssigneeRequest>;
