import { getAuditRunContract } from '@shared/contracts/audit.contracts';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { Link, useParams } from 'react-router';
import { Problem } from '../../../app/ErrorPage';
import { PageLoading } from '../../../app/PageLoading';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { AuditStatusTag } from '../audit/AuditStatusTag';
import { runDuration } from '../audit/audit.types';
import { type AuditProblem, problemKind, problemPlace } from '../components/AuditProblemText';

// A problem of a ticket that no longer exists (deleted with its events) has nothing to link to.
const ticketGone = (problem: AuditProblem) => problem.problem === 'ticket_missing';

/**
 * One verification run (`/qa/audit/runs/:runId`): when, how it was started, against which checkpoint, what it checked,
 * and every problem it pinpointed — the ticket (to its page and its evidence pack), the event or the row and field,
 * the kind of problem in words, and what the chain says against what the database holds.
 */
export function AuditRunPage() {
  const { runId = '' } = useParams();
  const { t, locale } = useLocale();
  const run = useQuery({ queryKey: queryKeys.auditRun(runId), queryFn: () => callApi(getAuditRunContract, { params: { id: runId } }) });
  if (run.isLoading) return <PageLoading />;
  if (run.error || !run.data) return <Problem title={t('audit.run.notFound')} detail={run.error?.message} />;
  const data = run.data;

  const columns: ColumnsType<AuditProblem> = [
    {
      key: 'ticket',
      title: t('audit.col.ticket'),
      render: (_, problem) =>
        ticketGone(problem) ? (
          <span className="careline-mono" data-testid="audit-problem-ticket">
            {problem.number} {t('audit.ticketGone')}
          </span>
        ) : (
          <Link to={`/tickets/${problem.ticketId}`} className="careline-mono" data-testid="audit-problem-ticket">
            {problem.number}
          </Link>
        ),
    },
    { key: 'where', title: t('audit.col.where'), render: (_, problem) => <span className="careline-wrap" data-testid="audit-problem-where">{problemPlace(problem, t).join(' · ') || '—'}</span> },
    { key: 'problem', title: t('audit.col.problem'), render: (_, problem) => <span data-testid="audit-problem-kind">{problemKind(problem, t)}</span> },
    { key: 'expected', title: t('audit.col.expected'), render: (_, problem) => <span className="careline-mono careline-wrap" style={{ fontSize: 12 }}>{problem.expected ?? '—'}</span> },
    { key: 'actual', title: t('audit.col.actual'), render: (_, problem) => <span className="careline-mono careline-wrap" style={{ fontSize: 12 }}>{problem.actual ?? '—'}</span> },
    {
      key: 'evidence',
      title: t('audit.col.evidence'),
      render: (_, problem) =>
        ticketGone(problem) ? '—' : (
          <Link to={`/qa/evidence/${problem.ticketId}`} data-testid="audit-problem-evidence">
            {t('qa.evidenceLink')}
          </Link>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="audit-run-page" data-run-id={data.id} data-ok={data.ok}>
      <Link to="/qa/audit" data-testid="audit-run-back">
        ← {t('audit.run.back')}
      </Link>
      <Card size="small" title={<Space>{t('audit.run.title')}<AuditStatusTag ok={data.ok} /></Space>}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'startedAt', label: t('audit.col.startedAt'), children: formatDateTime(data.startedAt) },
            { key: 'trigger', label: t('audit.col.trigger'), children: t(`audit.trigger.${data.trigger}`) },
            { key: 'duration', label: t('audit.col.duration'), children: runDuration(data, locale) },
            { key: 'tickets', label: t('audit.col.tickets'), children: data.tickets },
            { key: 'events', label: t('audit.col.events'), children: data.events },
            { key: 'problems', label: t('audit.col.problems'), children: data.problemCount },
            { key: 'checkpoint', label: t('audit.col.checkpoint'), children: <span className="careline-mono">{data.checkpointId ?? t('audit.noCheckpoint')}</span> },
            { key: 'alerted', label: t('audit.col.alerted'), children: data.alertedAt ? formatDateTime(data.alertedAt) : '—' },
          ]}
        />
      </Card>
      {data.checkpointError && <Alert type="error" showIcon title={t('audit.run.checkpointError', { error: data.checkpointError })} data-testid="audit-run-checkpoint-error" />}
      {data.uncoveredTickets > 0 && <Alert type="info" showIcon title={t('audit.run.uncovered', { count: data.uncoveredTickets })} />}
      {/* A run keeps its first problems only (the API's limit); the count is of all it found. */}
      {data.problems.length < data.problemCount && <Alert type="warning" showIcon title={t('audit.run.truncated', { kept: data.problems.length, count: data.problemCount })} />}
      {data.problems.length === 0 ? (
        <Alert type={data.ok ? 'success' : 'warning'} showIcon title={t(data.ok ? 'audit.run.noProblems' : 'audit.run.noTicketProblems')} data-testid="audit-run-clean" />
      ) : (
        <Card size="small" title={t('audit.run.problems', { count: data.problemCount })}>
          <Table<AuditProblem>
            size="small"
            rowKey={(problem) => `${problem.ticketId}:${problem.problem}:${problem.eventId ?? ''}:${problem.sequence ?? ''}:${problem.table ?? ''}:${problem.rowId ?? ''}:${problem.field ?? ''}`}
            dataSource={data.problems}
            columns={columns}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            onRow={(problem) =>
              ({ 'data-testid': 'audit-problem-row', 'data-ticket-id': problem.ticketId, 'data-problem': problem.problem, 'data-sequence': problem.sequence ?? '' }) as HTMLAttributes<HTMLElement>
            }
          />
        </Card>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {data.id}
      </Typography.Text>
    </Space>
  );
}
