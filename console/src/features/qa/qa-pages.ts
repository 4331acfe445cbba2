// The other QA pages in one lazily loaded chunk: QA users open several of them in a row, and one chunk rather than one
// per page keeps the build from splitting Ant Design's shared code into more (and larger) pieces on every first page.
export { EvidencePage } from './pages/EvidencePage';
export { ReviewPage } from './pages/ReviewPage';
export { SamplePage } from './pages/SamplePage';
export { ScorecardsPage } from './pages/ScorecardsPage';
export { ScoresPage } from './pages/ScoresPage';
