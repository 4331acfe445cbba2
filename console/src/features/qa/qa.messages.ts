import { defineMessages } from '../../i18n/messages';

// With the entry: the menu label, the ticket page's link to the evidence pack and the dealer portal's QA tab. The QA
// pages' own words load with them (pages/qa-pages.messages.ts).
export const qaMessages = defineMessages({
  'zh-CN': {
    'qa.menu': '质检',
    'qa.evidenceLink': '证据包',
    'qa.dealer.tab': '质检评分',
    'qa.dealer.title': '本店质检评分（按月）',
    'qa.dealer.empty': '暂无质检记录',
    'qa.col.month': '月份',
    'qa.col.sampled': '抽检数',
    'qa.col.reviewed': '已评',
    'qa.col.meanScore': '平均分',
  },
  en: {
    'qa.menu': 'QA review',
    'qa.evidenceLink': 'Evidence pack',
    'qa.dealer.tab': 'QA scores',
    'qa.dealer.title': 'Our QA scores by month',
    'qa.dealer.empty': 'No QA reviews yet',
    'qa.col.month': 'Month',
    'qa.col.sampled': 'Sampled',
    'qa.col.reviewed': 'Reviewed',
    'qa.col.meanScore': 'Mean score',
  },
});
