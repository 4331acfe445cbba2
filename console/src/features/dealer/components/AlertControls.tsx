import { Button, Space, Switch, Tooltip } from 'antd';
import { registerMessages } from '../../../i18n/registry';
import { useLocale } from '../../../i18n/useLocale';
import type { useAlertPreference } from '../useArrivalAlert';
import { alertControlsMessages } from './alert-controls-words';

registerMessages(alertControlsMessages);

/** Sound and browser notifications on or off, and the click that asks the browser's permission to notify. */
export function AlertControls({ alerts }: { alerts: ReturnType<typeof useAlertPreference> }) {
  const { t } = useLocale();
  return (
    <Tooltip title={alerts.enabled ? t('dealer.alerts.on') : t('dealer.alerts.off')}>
      <Space size={6}>
        {alerts.needsPermission && (
          <Button type="link" size="small" onClick={alerts.askPermission} data-testid="alerts-permission">
            {t('dealer.alerts.allow')}
          </Button>
        )}
        <Switch size="small" checked={alerts.enabled} onChange={alerts.set} data-testid="alerts-switch" aria-label={t('dealer.alerts')} />
        <Button type="text" size="small" onClick={() => alerts.set(!alerts.enabled)} style={{ paddingInline: 2 }}>
          {t('dealer.alerts.short')}
        </Button>
      </Space>
    </Tooltip>
  );
}
