import type { TAuditBrokenEvent } from '@shared/realtime/realtime-events';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { registerMessages } from '../../../i18n/registry';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import { useServerEvent } from '../../../lib/realtime';
import { auditAlertMessages } from './audit-alert.messages';
import { auditRunPath } from './audit.types';

// The banner is its own chunk, loaded for QA and admins only: its words come with it.
registerMessages(auditAlertMessages);

/**
 * The live audit alert, above every page of a QA auditor or admin: the newest broken verification, with a link to
 * what it found. It stays until dismissed or opened, so an alert is not lost by moving between pages; a newer broken
 * run replaces it and says how many came before.
 */
export function AuditAlertBanner() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [alerts, setAlerts] = useState<TAuditBrokenEvent[]>([]);
  useServerEvent('audit.broken', (event) => {
    if (!event || typeof event.runId !== 'string') return;
    // The runs list shows the new run (a run by the nightly job or by a colleague) without a reload.
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
    setAlerts((shown) => [event, ...shown.filter((alert) => alert.runId !== event.runId)]);
  });
  const [latest, ...earlier] = alerts;
  if (!latest) return null;
  const open = () => {
    setAlerts([]);
    navigate(auditRunPath(latest.runId));
  };
  return (
    <Alert
      type="error"
      showIcon
      closable
      onClose={() => setAlerts([])}
      role="alert"
      className="careline-no-print"
      data-testid="audit-alert"
      data-run-id={latest.runId}
      style={{ marginBottom: 12 }}
      // A run can fail with no problem on the tickets: a checkpoint that no longer matches its signature.
      title={<strong>{latest.problemCount > 0 ? t('audit.alert.title', { count: latest.problemCount }) : t('audit.alert.titleCheckpoint')}</strong>}
      description={
        <>
          {t('audit.alert.detail', { time: formatDateTime(latest.at) })}
          {earlier.length > 0 && <div>{t('audit.alert.more', { count: earlier.length })}</div>}
        </>
      }
      action={
        <Button danger type="primary" onClick={open} data-testid="audit-alert-open">
          {t('audit.alert.open')}
        </Button>
      }
    />
  );
}
