/**
 * QA's figure in the resolution report: 质检得分 `qaScore`, the mean score of the cell's tickets that QA reviewed
 * (completed reviews only; a ticket drawn but not reviewed yet does not count), as a fraction of the full 100 points
 * like the report's other rates. A reviewed ticket is closed, so the dealer it belongs to is the one it was drawn for.
 */
import { sql } from 'drizzle-orm';
import type { ReportMetric } from './report-metrics';
import { ratioPerCell } from './report-sql';

export const QA_METRICS: ReportMetric[] = [
  {
    key: 'qaScore',
    nameZh: '质检得分',
    nameEn: 'QA score',
    compute: (db, context) =>
      ratioPerCell(db, context, sql`select ticket_id, score from qa_reviews where completed_at is not null and score is not null`, sql`sum(c.score) / 100.0`, sql`count(*)`),
  },
];
