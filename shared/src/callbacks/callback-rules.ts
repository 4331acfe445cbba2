import { addBusinessMinutes, type BusinessCalendar, nextWorkingInstant } from '../sla/business-calendar';

/**
 * Callbacks (回访): after a resolution the hotline calls the customer back. Pure rules: what an attempt's answer
 * means for the task and the ticket, when to try again, when to give up. The commands in
 * shared/src/server/callbacks/ load the inputs and write what these return.
 */
export const CALLBACK_KINDS = ['resolution', 'new_vehicle_3d', 'new_vehicle_7d', 'new_vehicle_1m'] as const;
export type CallbackKind = (typeof CALLBACK_KINDS)[number];

export const CALLBACK_RESULTS = ['reached', 'no_answer', 'busy', 'wrong_number'] as const;
export type CallbackResult = (typeof CALLBACK_RESULTS)[number];

/**
 * How a task ends. A resolution callback: satisfied (the ticket closed), reopened (unhappy), unreachable, cancelled.
 * A campaign call (no ticket to close or reopen): done (reached, no complaint), follow_up (reached and unhappy or with
 * a problem: flagged for the hotline to follow up), unreachable.
 */
export const CALLBACK_TASK_STATUSES = ['open', 'satisfied', 'reopened', 'unreachable', 'cancelled', 'done', 'follow_up'] as const;
export type CallbackTaskStatus = (typeof CALLBACK_TASK_STATUSES)[number];
/** The statuses a resolution callback passes through (the callback queue's tabs) … */
export const RESOLUTION_TASK_STATUSES = ['open', 'satisfied', 'reopened', 'unreachable', 'cancelled'] as const satisfies readonly CallbackTaskStatus[];
/** … and those of a campaign call. */
export const CAMPAIGN_TASK_STATUSES = ['open', 'follow_up', 'done', 'unreachable'] as const satisfies readonly CallbackTaskStatus[];

/** Satisfaction is asked on a 1–5 scale (非常不满意 … 非常满意); at most this is "unhappy" and reopens the ticket. */
export const UNHAPPY_AT_MOST = 2;
/** … and at least this is "satisfied": what the satisfaction rate (投诉处理满意度) counts; in between is neutral. */
export const SATISFIED_AT_LEAST = 4;
/** Failed attempts (not reached) after which a task may be closed as unreachable … */
export const UNREACHABLE_AFTER_ATTEMPTS = 3;
/** … once they were made on at least this many different working days. */
export const UNREACHABLE_AFTER_WORKING_DAYS = 2;
/** After a failed attempt, the next one is due this many business minutes later (the same day allows two tries). */
export const RETRY_AFTER_MINUTES = 120;
/** Failed attempts on one local day after which the next attempt waits for the next working day. */
export const ATTEMPTS_PER_DAY = 2;

/** The answer of one attempt, as the agent records it. */
export interface CallbackAnswer {
  result: CallbackResult;
  /** 1–5, when reached. */
  satisfaction?: number | null;
  /** Whether the customer says the problem is really solved, when reached. */
  solved?: boolean | null;
}

/** What came of an attempt. */
export type CallbackVerdict =
  /** Not reached, tries left: the task stays open and is next due at `nextAttemptAt`. */
  | { outcome: 'retry'; nextAttemptAt: Date }
  /** Not reached for the last time: the task and (for a resolution) the ticket close as unreachable. */
  | { outcome: 'unreachable' }
  /** Reached, satisfied and solved: the ticket closes. */
  | { outcome: 'satisfied' }
  /** Reached, unhappy or not solved: the ticket reopens to the same responsible party. */
  | { outcome: 'unhappy' };

/** Whether a reached customer's answer reopens the case. */
export function isUnhappy(answer: Pick<CallbackAnswer, 'satisfaction' | 'solved'>): boolean {
  return answer.solved === false || (answer.satisfaction ?? 5) <= UNHAPPY_AT_MOST;
}

/** How a 1–5 satisfaction score reads: unhappy (reopens), neutral, or satisfied (counts for the satisfaction rate). */
export function satisfactionLevel(satisfaction: number): 'unhappy' | 'neutral' | 'satisfied' {
  if (satisfaction <= UNHAPPY_AT_MOST) return 'unhappy';
  return satisfaction >= SATISFIED_AT_LEAST ? 'satisfied' : 'neutral';
}

/**
 * Decides an attempt. `failedBefore` are the instants of the task's earlier attempts that did not reach the customer;
 * `calendar` is the one the callback target counts in (its working days decide "at least two working days").
 */
export function decideCallbackAttempt(options: {
  answer: CallbackAnswer;
  failedBefore: readonly Date[];
  at: Date;
  calendar: BusinessCalendar;
}): CallbackVerdict {
  const { answer, at, calendar } = options;
  if (answer.result === 'reached') return isUnhappy(answer) ? { outcome: 'unhappy' } : { outcome: 'satisfied' };
  const failed = [...options.failedBefore, at];
  const days = new Set(failed.map((instant) => calendar.localDayOf(nextWorkingInstant(calendar, instant))));
  if (failed.length >= UNREACHABLE_AFTER_ATTEMPTS && days.size >= UNREACHABLE_AFTER_WORKING_DAYS) return { outcome: 'unreachable' };
  return { outcome: 'retry', nextAttemptAt: nextAttemptAfterFailure(calendar, failed, at) };
}

/**
 * When to call again after a failed attempt: two business hours later, unless this day already had its tries (or
 * three tries so far all fell on one day): then at the start of the next working day, so that the attempts spread
 * over working days as the unreachable rule needs.
 */
function nextAttemptAfterFailure(calendar: BusinessCalendar, failed: readonly Date[], at: Date): Date {
  const today = calendar.localDayOf(nextWorkingInstant(calendar, at));
  const triesToday = failed.filter((instant) => calendar.localDayOf(nextWorkingInstant(calendar, instant)) === today).length;
  const later = addBusinessMinutes(calendar, at, RETRY_AFTER_MINUTES);
  if (triesToday < ATTEMPTS_PER_DAY && calendar.localDayOf(later) === today) return later;
  return nextWorkingDayStart(calendar, today);
}

/** The first working instant of a local day after `localDay`. */
function nextWorkingDayStart(calendar: BusinessCalendar, localDay: number): Date {
  for (let day = localDay + 1; day < localDay + 3 * 366; day += 1) {
    const [first] = calendar.spansOfLocalDay(day);
    if (first) return new Date(first[0]);
  }
  throw new Error('the calendar has no working time in the next three years');
}

/** When a resolution callback is due: `minutes` business minutes after the resolution. */
export function callbackDueAt(calendar: BusinessCalendar, resolvedAt: Date, minutes: number): Date {
  return addBusinessMinutes(calendar, resolvedAt, minutes);
}
