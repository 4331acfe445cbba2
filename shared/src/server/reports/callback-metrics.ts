/**
 * The callback figures of the resolution report, per cell, over the resolution callbacks (回访) of the cell's tickets;
 * a task cancelled because its ticket left `resolved` another way does not count. A cell's tickets are those of the
 * report's ticket figures (the party responsible now, the period on the ticket), so a rerouted ticket's callback is
 * the new party's, as its resolution is.
 * - 及时回访率 `callbackInTimeRate`: tasks whose first call was made by their due time, of the tasks that were due by
 *   the report's moment or were called already.
 * - 投诉处理满意度 `satisfactionRate`: of the calls that reached the customer, those with SATISFIED_AT_LEAST (4) or more of 5.
 * - 投诉解决率 `resolutionRate`: of the tickets whose customer was reached, those whose last answer was "solved".
 */
import { sql } from 'drizzle-orm';
import { SATISFIED_AT_LEAST } from '../../callbacks/callback-rules';
import type { ReportMetric } from './report-metrics';
import { ratioPerCell } from './report-sql';

const resolutionTasks = sql`select * from callback_tasks where kind = 'resolution' and status <> 'cancelled' and ticket_id is not null`;

export const CALLBACK_METRICS: ReportMetric[] = [
  {
    key: 'callbackInTimeRate',
    nameZh: '及时回访率',
    nameEn: 'Callbacks in time',
    compute: (db, context) =>
      ratioPerCell(
        db,
        context,
        resolutionTasks,
        sql`count(*) filter (where c.first_attempt_at is not null and c.first_attempt_at <= c.due_at)`,
        sql`count(*) filter (where c.first_attempt_at is not null or c.due_at <= ${context.now.toISOString()}::timestamptz)`,
      ),
  },
  {
    key: 'satisfactionRate',
    nameZh: '投诉处理满意度',
    nameEn: 'Satisfied customers',
    compute: (db, context) =>
      ratioPerCell(
        db,
        context,
        sql`select a.satisfaction, k.ticket_id from callback_attempts a join callback_tasks k on k.id = a.task_id
            where k.kind = 'resolution' and k.ticket_id is not null and a.result = 'reached'`,
        sql`count(*) filter (where c.satisfaction >= ${SATISFIED_AT_LEAST})`,
        sql`count(*)`,
      ),
  },
  {
    key: 'resolutionRate',
    nameZh: '投诉解决率',
    nameEn: 'Solved at callback',
    compute: (db, context) =>
      ratioPerCell(
        db,
        context,
        // Each ticket's last answer from a reached customer.
        sql`select distinct on (k.ticket_id) k.ticket_id, a.solved from callback_attempts a join callback_tasks k on k.id = a.task_id
            where k.kind = 'resolution' and k.ticket_id is not null and a.result = 'reached'
            order by k.ticket_id, a.called_at desc, a.attempt desc`,
        sql`count(*) filter (where c.solved)`,
        sql`count(*)`,
      ),
  },
];
