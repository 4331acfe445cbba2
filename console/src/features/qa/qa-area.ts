// What a QA user opens first (QA_HOME_PATH): the area's frame, the review list and the QA pages' words. A chunk of its
// own so QA's first page stays within the first-page budget; the other QA pages are in qa-pages.ts.
export { QaIndexRedirect, QaLayout } from './QaLayout';
export { qaPagesMessages } from './pages/qa-pages.messages';
export { ReviewListPage } from './pages/ReviewListPage';
