import { lazy } from 'react';
import { loadKb } from './load-kb';

/**
 * The knowledge base where other pages show it, loaded when shown: the ticket page's panel, and the search tab of the
 * dealer portal and of the department's page (their first screens stay within the 400 KB budget).
 */
export const LazyTicketKbPanel = lazy(async () => ({ default: (await loadKb()).TicketKbPanel }));
export const LazyKbSearch = lazy(async () => ({ default: (await loadKb()).KbSearch }));
