// The knowledge base as one chunk with its words: the /kb pages, the ticket page's panel and the portals' tabs load it
// (one chunk rather than one per page: each extra small chunk made the build split Ant Design's shared code further).
export { KbSearch } from './components/KbSearch';
export { TicketKbPanel } from './components/TicketKbPanel';
export { kbPageMessages } from './kb-page-words';
export { KbRoutes } from './KbRoutes';
