import { defineFeature, restrictTo } from '../../app/feature-registry';
import { registerMessages } from '../../i18n/registry';
import { loadAuditPages } from './audit/load-audit-pages';
import { QA_HOME_PATH } from './qa-home';

/**
 * The QA area's frame, review list and words (see qa-area.ts), loaded when a QA page is first opened,
 * not with the entry: most users never open them.
 */
async function qaArea() {
  const area = await import('./qa-area');
  registerMessages(area.qaPagesMessages);
  return area;
}

/** The other QA pages (qa-pages.ts), with the area's words (the evidence page is outside the area's frame). */
async function qaPages() {
  const [pages] = await Promise.all([import('./qa-pages'), qaArea()]);
  return pages;
}

// QA review (质检): QA and admins draw samples, review tickets and edit scorecards; supervisors read the scores and
// scorecards. The evidence pack is a page of its own (no tabs around it: it is printed).
export const qaFeature = defineFeature({
  id: 'qa',
  routes: [
    {
      path: 'qa',
      ...restrictTo('qa', 'admin', 'supervisor'),
      lazy: async () => ({ Component: (await qaArea()).QaLayout }),
      children: [
        { index: true, lazy: async () => ({ Component: (await qaArea()).QaIndexRedirect }) },
        { path: 'sample', ...restrictTo('qa', 'admin'), lazy: async () => ({ Component: (await qaPages()).SamplePage }) },
        { path: 'reviews', ...restrictTo('qa', 'admin'), lazy: async () => ({ Component: (await qaArea()).ReviewListPage }) },
        { path: 'reviews/:id', ...restrictTo('qa', 'admin'), lazy: async () => ({ Component: (await qaPages()).ReviewPage }) },
        { path: 'scores', lazy: async () => ({ Component: (await qaPages()).ScoresPage }) },
        { path: 'scorecards', lazy: async () => ({ Component: (await qaPages()).ScorecardsPage }) },
        // The audit chain's verifications and checkpoints (the API's auditors: QA and admins).
        { path: 'audit', ...restrictTo('qa', 'admin'), lazy: async () => ({ Component: (await loadAuditPages()).AuditPage }) },
        { path: 'audit/runs/:runId', ...restrictTo('qa', 'admin'), lazy: async () => ({ Component: (await loadAuditPages()).AuditRunPage }) },
      ],
    },
    {
      path: 'qa/evidence/:ticketId',
      ...restrictTo('qa', 'admin', 'supervisor'),
      lazy: async () => ({ Component: (await qaPages()).EvidencePage }),
    },
  ],
  menu: [{ path: '/qa', labelKey: 'qa.menu', roles: ['qa', 'admin', 'supervisor'], order: 40 }],
  homes: { qa: QA_HOME_PATH },
});
