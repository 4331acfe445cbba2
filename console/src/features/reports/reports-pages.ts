// The reports area in one lazily loaded chunk (its frame, the report, the checkpoints and their words): the report is
// QA's first page, and its charts (ECharts) load after it in their own chunk (see pages/ReportPage.tsx).
export { ReportsLayout } from './ReportsLayout';
export { CheckpointPage } from './pages/CheckpointPage';
export { CheckpointsPage } from './pages/CheckpointsPage';
export { ReportPage } from './pages/ReportPage';
export { reportsPagesMessages } from './pages/reports-pages.messages';
