import type { ZAuditProblem } from '@shared/contracts/audit.contracts';
import type { z } from 'zod';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;
/** One problem a verification found, as the audit contracts describe it. */
export type AuditProblem = z.output<typeof ZAuditProblem>;

/** A message key's words, or the raw value when the console has none for it (an event type added later, say). */
export function worded(t: Translate, key: string, raw: string): string {
  const words = t(key);
  return words === key ? raw : words;
}

/** The kind of problem in words ("哈希不符（内容被改动）"). */
export function problemKind(problem: Pick<AuditProblem, 'problem'>, t: Translate): string {
  return worded(t, `qa.evidence.problem.${problem.problem}`, problem.problem);
}

/** Where it is: the event (chain and checkpoint problems) or the table, field and row (figure problems). */
export function problemPlace(problem: Pick<AuditProblem, 'sequence' | 'table' | 'field' | 'rowId'>, t: Translate): string[] {
  const parts: string[] = [];
  if (problem.sequence !== null) parts.push(t('qa.evidence.problemEvent', { sequence: problem.sequence }));
  if (problem.table) parts.push(`${problem.table}${problem.field ? `.${problem.field}` : ''}${problem.rowId ? ` (${problem.rowId})` : ''}`);
  return parts;
}

/** One problem verification found: its kind in words, then the event (chain) or the row and field (figures). */
export function ProblemText({ problem, t }: { problem: AuditProblem; t: Translate }) {
  const parts = [problemKind(problem, t), ...problemPlace(problem, t)];
  if (problem.expected !== null || problem.actual !== null) parts.push(t('qa.evidence.problemValues', { expected: problem.expected ?? '—', actual: problem.actual ?? '—' }));
  return <span className="careline-wrap">{parts.join(' · ')}</span>;
}
