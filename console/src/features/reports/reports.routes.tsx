import { defineFeature, restrictTo } from '../../app/feature-registry';
import { registerMessages } from '../../i18n/registry';
import { REPORT_OVERSIGHT, REPORT_READERS, ROADSIDE_FIGURE_READERS } from './reports-access';

/** The reports area with its words, loaded when a report page is first opened (QA's home: features/qa/qa-home.ts). */
async function reportsPages() {
  const pages = await import('./reports-pages');
  registerMessages(pages.reportsPagesMessages);
  return pages;
}

/** The roadside figures' page and words in their own chunk: QA's first page (the report) does not carry them. */
async function roadsidePage() {
  const page = await import('./pages/RoadsidePage');
  registerMessages(page.reportsPagesMessages);
  registerMessages(page.roadsideFiguresMessages);
  return page.RoadsidePage;
}

// The resolution-time report (时效报表): QA, supervisors and admins read every party's figures and the checkpoints; a
// dealer's or a department's users read their own figures (the API scopes them), a dealer with its rank. The roadside
// figures (道路救援): oversight reads every provider, a dealer its own.
export const reportsFeature = defineFeature({
  id: 'reports',
  routes: [
    {
      path: 'reports',
      ...restrictTo(...REPORT_READERS),
      lazy: async () => ({ Component: (await reportsPages()).ReportsLayout }),
      children: [
        { index: true, lazy: async () => ({ Component: (await reportsPages()).ReportPage }) },
        { path: 'roadside', ...restrictTo(...ROADSIDE_FIGURE_READERS), lazy: async () => ({ Component: await roadsidePage() }) },
        { path: 'checkpoints', ...restrictTo(...REPORT_OVERSIGHT), lazy: async () => ({ Component: (await reportsPages()).CheckpointsPage }) },
        { path: 'checkpoints/:id', ...restrictTo(...REPORT_OVERSIGHT), lazy: async () => ({ Component: (await reportsPages()).CheckpointPage }) },
      ],
    },
  ],
  menu: [{ path: '/reports', labelKey: 'reports.menu', roles: REPORT_READERS, order: 35 }],
});
