import { defineMessages } from '../../../i18n/messages';

/** The sound-and-notification switch's words (dealer portal, hotline queues): registered when AlertControls loads. */
export const alertControlsMessages = defineMessages({
  'zh-CN': {
    'dealer.alerts': '新单提醒',
    'dealer.alerts.short': '提醒',
    'dealer.alerts.allow': '允许桌面通知',
    'dealer.alerts.on': '声音与通知已开启',
    'dealer.alerts.off': '开启声音与通知',
  },
  en: {
    'dealer.alerts': 'New-ticket alerts',
    'dealer.alerts.short': 'Alerts',
    'dealer.alerts.allow': 'Allow notifications',
    'dealer.alerts.on': 'Sound and notifications on',
    'dealer.alerts.off': 'Turn on sound and notifications',
  },
});
