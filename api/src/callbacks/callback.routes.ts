import {
  createCallbackReasonContract,
  getCallbackContract,
  listAllCallbackReasonsContract,
  listCallbackReasonsContract,
  listCallbacksContract,
  recordCallbackAttemptContract,
  updateCallbackReasonContract,
} from '@careline/shared';
import {
  createCallbackReason,
  findCallbackTask,
  listCallbackReasons,
  listCallbackTasks,
  recordCallbackAttempt,
  updateCallbackReason,
} from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** The hotline's callback queue (回访) and the unhappy-reason taxonomy. */
export function callbackRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(listCallbacksContract, ({ actor, query }) => listCallbackTasks(db, actor, query)),
    implement(getCallbackContract, async ({ actor, params }) => ({ task: await findCallbackTask(db, actor, params.id) })),
    implement(recordCallbackAttemptContract, ({ actor, params, body }) => recordCallbackAttempt({ db, actor, taskId: params.id, request: body })),
    implement(listCallbackReasonsContract, async () => ({ items: await listCallbackReasons(db) })),
    implement(listAllCallbackReasonsContract, async () => ({ items: await listCallbackReasons(db, { includeRetired: true }) })),
    implement(createCallbackReasonContract, async ({ actor, body }) => ({ reason: await createCallbackReason(db, actor, body) })),
    implement(updateCallbackReasonContract, async ({ actor, params, body }) => ({ reason: await updateCallbackReason(db, actor, params.code, body) })),
  ];
}
