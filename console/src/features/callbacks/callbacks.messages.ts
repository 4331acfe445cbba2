import { defineMessages } from '../../i18n/messages';

// With the entry: the menu label, and the callback vocabulary the ticket timeline shows to everyone who opens a
// ticket (results, satisfaction 1–5, solved). The queue's own words load with its route (pages/callback-queue.messages.ts).
export const callbacksMessages = defineMessages({
  'zh-CN': {
    'callbacks.menu': '回访队列',
    'callbackResult.reached': '已接通',
    'callbackResult.no_answer': '无人接听',
    'callbackResult.busy': '占线',
    'callbackResult.wrong_number': '号码错误',
    'satisfaction.1': '非常不满意',
    'satisfaction.2': '不满意',
    'satisfaction.3': '一般',
    'satisfaction.4': '满意',
    'satisfaction.5': '非常满意',
    'callbacks.solved.true': '问题已解决',
    'callbacks.solved.false': '问题未解决',
  },
  en: {
    'callbacks.menu': 'Callbacks',
    'callbackResult.reached': 'Reached',
    'callbackResult.no_answer': 'No answer',
    'callbackResult.busy': 'Busy',
    'callbackResult.wrong_number': 'Wrong number',
    'satisfaction.1': 'Very dissatisfied',
    'satisfaction.2': 'Dissatisfied',
    'satisfaction.3': 'Neutral',
    'satisfaction.4': 'Satisfied',
    'satisfaction.5': 'Very satisfied',
    'callbacks.solved.true': 'solved',
    'callbacks.solved.false': 'not solved',
  },
});
