// The data import page and its words as one chunk: the /imports route and the dealer portal's import tab load it.
export { ImportsPage } from './ImportsPage';
export { importPageMessages } from './import-page-words';
