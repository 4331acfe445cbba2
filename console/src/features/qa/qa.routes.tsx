import { defineFeature, restrictTo } from '../../app/feature-registry';
import { registerMessages } from '../../i18n/registry';
import { QA_HOME_PATH } from './qa-home';

/** The QA pages' words load with the first QA page opened, not with the entry (most users never open them). */
async function qaWords() {
  const { qaPagesMessages } = await import('./pages/qa-pages.messages');
  registerMessages(qaPagesMessages);
}

// QA review (质检): QA and admins draw samples, review tickets and edit scorecards; supervisors read the scores and
// scorecards. The evidence pack is a page of its own (no tabs around it: it is printed).
export const qaFeature = defineFeature({
  id: 'qa',
  routes: [
    {
      path: 'qa',
      ...restrictTo('qa', 'admin', 'supervisor'),
      lazy: async () => {
        const [{ QaLayout }] = await Promise.all([import('./QaLayout'), qaWords()]);
        return { Component: QaLayout };
      },
      children: [
        { index: true, lazy: async () => ({ Component: (await import('./QaLayout')).QaIndexRedirect }) },
        { path: 'sample', ...restrictTo('qa', 'admin'), lazy: async () => ({ Component: (await import('./pages/SamplePage')).SamplePage }) },
        { path: 'reviews', ...restrictTo('qa', 'admin'), lazy: async () => ({ Component: (await import('./pages/ReviewListPage')).ReviewListPage }) },
        { path: 'reviews/:id', ...restrictTo('qa', 'admin'), lazy: async () => ({ Component: (await import('./pages/ReviewPage')).ReviewPage }) },
        { path: 'scores', lazy: async () => ({ Component: (await import('./pages/ScoresPage')).ScoresPage }) },
        { path: 'scorecards', lazy: async () => ({ Component: (await import('./pages/ScorecardsPage')).ScorecardsPage }) },
      ],
    },
    {
      path: 'qa/evidence/:ticketId',
      ...restrictTo('qa', 'admin', 'supervisor'),
      lazy: async () => {
        const [{ EvidencePage }] = await Promise.all([import('./pages/EvidencePage'), qaWords()]);
        return { Component: EvidencePage };
      },
    },
  ],
  menu: [{ path: '/qa', labelKey: 'qa.menu', roles: ['qa', 'admin', 'supervisor'], order: 40 }],
  homes: { qa: QA_HOME_PATH },
});
