import { defineMessages } from '../../i18n/messages';

// In the entry: the menu label and the paging and level words other pages share (the department page's ticket
// table, the SLA policies' escalation levels). The board's own words are in supervisor-page-words.ts.
export const supervisorMessages = defineMessages({
  'zh-CN': {
    'supervisor.menu': '班长看板',
    'supervisor.empty': '暂无工单',
    'supervisor.page': '第 {n} 页',
    'supervisor.prev': '上一页',
    'supervisor.next': '下一页',
    'supervisor.level': '升级 {n} 级',
  },
  en: {
    'supervisor.menu': 'Supervisor board',
    'supervisor.empty': 'No tickets',
    'supervisor.page': 'Page {n}',
    'supervisor.prev': 'Previous',
    'supervisor.next': 'Next',
    'supervisor.level': 'Level {n}',
  },
});
