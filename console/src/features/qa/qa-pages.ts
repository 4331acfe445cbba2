// Every QA page in one lazily loaded chunk: QA users open several of them in a row, and one chunk keeps the build from
// splitting Ant Design's shared code into more (and larger) pieces on everybody's first page.
export { QaIndexRedirect, QaLayout } from './QaLayout';
export { EvidencePage } from './pages/EvidencePage';
export { qaPagesMessages } from './pages/qa-pages.messages';
export { ReviewListPage } from './pages/ReviewListPage';
export { ReviewPage } from './pages/ReviewPage';
export { SamplePage } from './pages/SamplePage';
export { ScorecardsPage } from './pages/ScorecardsPage';
export { ScoresPage } from './pages/ScoresPage';
