// What the QA menu entry opens: the area's frame, the review list and the QA pages' words. A chunk of its own so the
// review list stays within the first-page budget; the other QA pages are in qa-pages.ts. (QA lands on the report,
// QA_HOME_PATH.)
export { QaIndexRedirect, QaLayout } from './QaLayout';
export { qaPagesMessages } from './pages/qa-pages.messages';
export { ReviewListPage } from './pages/ReviewListPage';
