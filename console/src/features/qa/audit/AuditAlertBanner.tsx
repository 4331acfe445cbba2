import type { Role } from '@careline/shared';
import type { TAuditBrokenEvent } from '@shared/realtime/realtime-events';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { useServerEvent } from '../../../lib/realtime';
import { auditRunPath } from './audit-paths';

// Plain markup and components the frame already loads: the banner is in the entry (it must hear an alert on any page),
// and the first page is close to its size budget (bench/RESULTS.md).
const BANNER_STYLE = { display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12, padding: '10px 16px', border: '1px solid #ffccc7', background: '#fff2f0', borderRadius: 8 } as const;

/** Who is told live that the audit chain is broken: the server sends `audit.broken` to these roles' rooms only. */
const AUDIT_ALERT_ROLES: readonly Role[] = ['qa', 'admin'];

/** Whether the console mounts the live audit alert for this role. */
export function hearsAuditAlerts(role: Role): boolean {
  return AUDIT_ALERT_ROLES.includes(role);
}

/**
 * The live audit alert, above every page of a QA auditor or admin: the newest broken verification, with a link to
 * what it found. It stays until opened or dismissed, so moving between pages does not lose it.
 */
export function AuditAlertBanner() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [latest, setLatest] = useState<TAuditBrokenEvent | null>(null);
  useServerEvent('audit.broken', (event) => {
    if (!event || typeof event.runId !== 'string') return;
    // The runs list shows the new run (the nightly job's or a colleague's) without a reload.
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
    setLatest(event);
  });
  if (!latest) return null;
  const open = () => {
    setLatest(null);
    navigate(auditRunPath(latest.runId));
  };
  return (
    <div role="alert" className="careline-no-print" style={BANNER_STYLE} data-testid="audit-alert" data-run-id={latest.runId}>
      <Typography.Text strong type="danger" style={{ flex: 1, minWidth: 200 }}>
        {/* A run can fail with no problem on the tickets: a checkpoint that no longer matches its signature. */}
        {latest.problemCount > 0 ? t('audit.alert.title', { count: latest.problemCount }) : t('audit.alert.titleCheckpoint')}
      </Typography.Text>
      <Button danger type="primary" onClick={open} data-testid="audit-alert-open">
        {t('audit.alert.open')}
      </Button>
      <Button type="text" aria-label={t('common.close')} onClick={() => setLatest(null)} data-testid="audit-alert-close">
        ✕
      </Button>
    </div>
  );
}
