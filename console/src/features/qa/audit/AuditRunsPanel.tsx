import { listAuditRunsContract } from '@shared/contracts/audit.contracts';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type MouseEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { useNow } from '../../../lib/useNow';
import { AuditListTable } from './AuditListTable';
import { AuditStatusTag } from './AuditStatusTag';
import { auditRunPath } from './audit-paths';
import { type AuditRunSummary, runDuration } from './audit.types';
import { useStartAuditRun } from './useStartAuditRun';

/** While a verification runs: what is happening and for how long (the API answers when it has finished). */
function Verifying({ since }: { since: number }) {
  const { t, locale } = useLocale();
  const now = useNow();
  return (
    <Alert
      type="info"
      showIcon
      icon={<Spin size="small" />}
      data-testid="audit-verifying"
      title={t('audit.verifying')}
      description={t('audit.verifyingElapsed', { elapsed: formatDuration(now - since, locale) })}
    />
  );
}

/** What the run just started found, with a link to its page. */
function RunResult({ run }: { run: AuditRunSummary }) {
  const { t } = useLocale();
  return (
    <Alert
      type={run.ok ? 'success' : 'error'}
      showIcon
      data-testid="audit-run-result"
      data-ok={run.ok}
      data-run-id={run.id}
      title={run.ok ? t('audit.result.ok', { tickets: run.tickets, events: run.events }) : t('audit.result.broken', { count: run.problemCount })}
      action={<Link to={auditRunPath(run.id)} data-testid="audit-run-result-open">{t('audit.result.open')}</Link>}
    />
  );
}

/**
 * The recorded verifications, newest first (when, started by the nightly job, by hand or from the command line, the
 * verdict, how much was checked, how many problems, how long), and "verify now". A row opens the run's page.
 */
export function AuditRunsPanel() {
  const { t, locale } = useLocale();
  const navigate = useNavigate();
  const runs = useQuery({ queryKey: queryKeys.auditRuns, queryFn: async () => (await callApi(listAuditRunsContract, {})).runs });
  const start = useStartAuditRun();
  const [startedAt, setStartedAt] = useState(0);
  const verifyNow = () => {
    setStartedAt(Date.now());
    start.mutate(undefined);
  };

  const columns: ColumnsType<AuditRunSummary> = [
    { key: 'startedAt', title: t('audit.col.startedAt'), render: (_, run) => <Link to={auditRunPath(run.id)} data-testid="audit-run-open">{formatDateTime(run.startedAt)}</Link> },
    { key: 'trigger', title: t('audit.col.trigger'), render: (_, run) => t(`audit.trigger.${run.trigger}`) },
    { key: 'status', title: t('audit.col.status'), render: (_, run) => <AuditStatusTag ok={run.ok} /> },
    { key: 'tickets', title: t('audit.col.tickets'), dataIndex: 'tickets', align: 'right' },
    { key: 'events', title: t('audit.col.events'), dataIndex: 'events', align: 'right' },
    {
      key: 'problems',
      title: t('audit.col.problems'),
      align: 'right',
      render: (_, run) => (
        <Typography.Text type={run.problemCount > 0 ? 'danger' : undefined} strong={run.problemCount > 0} data-testid="audit-run-problems">
          {run.problemCount}
        </Typography.Text>
      ),
    },
    { key: 'duration', title: t('audit.col.duration'), align: 'right', render: (_, run) => runDuration(run, locale) },
    { key: 'checkpoint', title: t('audit.col.checkpoint'), render: (_, run) => <span className="careline-mono" style={{ fontSize: 12 }}>{run.checkpointId ?? '—'}</span> },
    { key: 'alerted', title: t('audit.col.alerted'), render: (_, run) => (run.alertedAt ? formatDateTime(run.alertedAt) : '—') },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="audit-runs">
      <Space wrap>
        <Button type="primary" onClick={verifyNow} loading={start.isPending} data-testid="audit-verify-now">
          {t('audit.verifyNow')}
        </Button>
      </Space>
      {start.isPending && <Verifying since={startedAt} />}
      {start.error && <Alert type="error" showIcon title={start.error.message} />}
      {start.data && !start.isPending && <RunResult run={start.data} />}
      {runs.error && <Alert type="error" showIcon title={runs.error.message} />}
      <AuditListTable<AuditRunSummary>
        query={runs}
        columns={columns}
        emptyText={t('audit.runs.empty')}
        rowAttributes={(run) => ({
          'data-testid': 'audit-run-row',
          'data-run-id': run.id,
          'data-ok': run.ok,
          'data-trigger': run.trigger,
          style: { cursor: 'pointer' },
          onClick: (event: MouseEvent) => {
            if ((event.target as HTMLElement).closest('a')) return;
            navigate(auditRunPath(run.id));
          },
        })}
      />
    </Space>
  );
}
