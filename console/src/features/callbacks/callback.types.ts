import type { ContractResponse } from '@shared/contracts/contract';
import type {
  getCallbackContract,
  listCallbackReasonsContract,
  listCallbacksContract,
  listCampaignCallbacksContract,
  recordCallbackAttemptContract,
} from '@shared/contracts/callbacks.contracts';

/** The console's names for what the callback endpoints return, read off their contracts. */
export type CallbackQueue = ContractResponse<typeof listCallbacksContract>;
export type CallbackTask = CallbackQueue['items'][number];
export type CallbackTaskDetail = ContractResponse<typeof getCallbackContract>['task'];
export type CallbackAttempt = CallbackTaskDetail['attempts'][number];
export type CallbackReason = ContractResponse<typeof listCallbackReasonsContract>['items'][number];
export type RecordedCallback = ContractResponse<typeof recordCallbackAttemptContract>;
export type CallbackTaskStatus = CallbackTask['status'];

/** The responsible dealer's or department's name in the reader's language. */
export const responsibleOf = (task: CallbackTask, locale: string) =>
  (locale === 'en' ? task.ticket?.responsibleNameEn : null) ?? task.ticket?.responsibleName ?? null;

export type CampaignQueue = ContractResponse<typeof listCampaignCallbacksContract>;
export type CampaignTask = CampaignQueue['items'][number];
