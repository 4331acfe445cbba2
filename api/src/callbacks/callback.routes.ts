import {
  createCallbackReasonContract,
  generateCampaignCallbacksContract,
  getCallbackContract,
  getCampaignCallbackContract,
  listAllCallbackReasonsContract,
  listCallbackReasonsContract,
  listCallbacksContract,
  listCampaignCallbacksContract,
  recordCallbackAttemptContract,
  recordCampaignAttemptContract,
  setDealerCampaignAssigneeContract,
  updateCallbackReasonContract,
} from '@careline/shared';
import {
  createCallbackReason,
  findCallbackTask,
  findCampaignTask,
  generateCampaignCallbacks,
  listCallbackReasons,
  listCallbackTasks,
  listCampaignTasks,
  recordCallbackAttempt,
  recordCampaignAttempt,
  setDealerCampaignAssignee,
  updateCallbackReason,
} from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** The hotline's callback queue (回访), the new-vehicle campaign calls (新车回访) and the unhappy-reason taxonomy. */
export function callbackRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(listCallbacksContract, ({ actor, query }) => listCallbackTasks(db, actor, query)),
    implement(getCallbackContract, async ({ actor, params }) => ({ task: await findCallbackTask(db, actor, params.id) })),
    implement(recordCallbackAttemptContract, ({ actor, params, body }) => recordCallbackAttempt({ db, actor, taskId: params.id, request: body })),
    implement(listCampaignCallbacksContract, ({ actor, query }) => listCampaignTasks(db, actor, query)),
    implement(getCampaignCallbackContract, async ({ actor, params }) => ({ task: await findCampaignTask(db, actor, params.id) })),
    implement(recordCampaignAttemptContract, ({ actor, params, body }) => recordCampaignAttempt({ db, actor, taskId: params.id, request: body })),
    implement(generateCampaignCallbacksContract, ({ actor }) => generateCampaignCallbacks(db, { actor })),
    implement(setDealerCampaignAssigneeContract, async ({ actor, params, body }) => ({ dealer: await setDealerCampaignAssignee(db, actor, params.id, body.assignee) })),
    implement(listCallbackReasonsContract, async () => ({ items: await listCallbackReasons(db) })),
    implement(listAllCallbackReasonsContract, async () => ({ items: await listCallbackReasons(db, { includeRetired: true }) })),
    implement(createCallbackReasonContract, async ({ actor, body }) => ({ reason: await createCallbackReason(db, actor, body) })),
    implement(updateCallbackReasonContract, async ({ actor, params, body }) => ({ reason: await updateCallbackReason(db, actor, params.code, body) })),
  ];
}
