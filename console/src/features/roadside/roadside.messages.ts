import { defineMessages } from '../../i18n/messages';

/**
 * Roadside words the first pages need (the timeline, the dealer's tab, the queues' countdown); the intake form's with the
 * workspace (workspace-page-words.ts), the panels' with them (roadside-panel-words.ts).
 */
export const roadsideMessages = defineMessages({
  'zh-CN': {
    'roadside.title': '道路救援',
    'roadside.unassignedAlert': '救援工单无救援商接单，已进入班长看板 — 点击查看',
    'roadside.waiting': '已等待 {time}',
    'roadside.kind.breakdown': '故障抛锚',
    'roadside.kind.accident': '交通事故',
    'roadside.kind.flat_tyre': '爆胎/换胎',
    'roadside.kind.battery': '电瓶亏电',
    'roadside.kind.lockout': '钥匙锁车内',
    'roadside.kind.fuel': '缺油/缺电',
    'roadside.kind.towing': '拖车',
    'tickets.event.roadside_offered': '救援派单',
    'tickets.event.roadside_offer_accepted': '救援商接单',
    'tickets.event.roadside_offer_declined': '救援商拒绝',
    'tickets.event.roadside_offer_expired': '救援派单超时',
    'tickets.event.roadside_unassigned': '无救援商接单',
    'tickets.event.roadside_progress': '救援进度',
  },
  en: {
    'roadside.title': 'Roadside assistance',
    'roadside.unassignedAlert': 'No rescue provider accepted a roadside ticket: it is on the supervisor board — open it',
    'roadside.waiting': 'Waiting {time}',
    'roadside.kind.breakdown': 'Breakdown',
    'roadside.kind.accident': 'Accident',
    'roadside.kind.flat_tyre': 'Flat tyre',
    'roadside.kind.battery': 'Battery',
    'roadside.kind.lockout': 'Lock-out',
    'roadside.kind.fuel': 'Out of fuel / charge',
    'roadside.kind.towing': 'Towing',
    'tickets.event.roadside_offered': 'Rescue offered',
    'tickets.event.roadside_offer_accepted': 'Provider accepted',
    'tickets.event.roadside_offer_declined': 'Provider declined',
    'tickets.event.roadside_offer_expired': 'Offer timed out',
    'tickets.event.roadside_unassigned': 'No provider accepted',
    'tickets.event.roadside_progress': 'Rescue progress',
  },
});
