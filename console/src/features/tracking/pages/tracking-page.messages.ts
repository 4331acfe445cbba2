import { defineMessages } from '../../../i18n/messages';

/** The customer's tracking page (/t/:token). Registered by its route's `lazy`: the signed-in console never loads it. */
export const trackingPageMessages = defineMessages({
  'zh-CN': {
    'tracking.title': '服务进度查询',
    'tracking.brand': 'careline 客户服务',
    'tracking.ticket': '工单号',
    'tracking.dealer': '服务经销商：',
    'tracking.nextStep': '下一步',
    'tracking.promisedBy': '承诺在 {time} 前完成',
    'tracking.timeline': '处理记录',
    'tracking.live': '实时更新中',
    'tracking.offline': '连接中断，页面将在恢复后更新',
    'tracking.updatedAt': '最后更新：{time}',
    'tracking.notFound': '该跟踪链接无效或已过期',
    'tracking.notFoundHint': '如需帮助，请致电客户服务热线。',
    'tracking.error': '暂时无法读取进度，请稍后刷新重试',
    'tracking.done': '您的工单已处理完毕，感谢您的耐心。',
  },
  en: {
    'tracking.title': 'Your case',
    'tracking.brand': 'careline customer service',
    'tracking.ticket': 'Case number',
    'tracking.dealer': 'Your dealer: ',
    'tracking.nextStep': 'Next step',
    'tracking.promisedBy': 'Promised by {time}',
    'tracking.timeline': 'What has happened',
    'tracking.live': 'Updating live',
    'tracking.offline': 'Connection lost; the page updates once it is back',
    'tracking.updatedAt': 'Last updated {time}',
    'tracking.notFound': 'This tracking link is not valid or has expired',
    'tracking.notFoundHint': 'For help, please call the customer hotline.',
    'tracking.error': 'Your case cannot be read just now; please refresh in a moment',
    'tracking.done': 'Your case is finished. Thank you for your patience.',
  },
});
