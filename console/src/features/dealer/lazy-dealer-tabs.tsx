import { lazy } from 'react';
import { loadImportsPage } from '../imports/load-imports-page';

/**
 * The portal's tabs past the inbox, each its own chunk: a dealer's first screen is the inbox, and these bring antd's
 * table, drawer and popconfirm (the portal's first route went past its 400 KB budget with them in it).
 */
export const LazyCampaignCallsPanel = lazy(async () => ({ default: (await import('../callbacks/components/CampaignCallsPanel')).CampaignCallsPanel }));
export const LazyDealerQaScores = lazy(async () => ({ default: (await import('./components/DealerQaScores')).DealerQaScores }));
export const LazyLeadConversion = lazy(async () => ({ default: (await import('./components/LeadConversion')).LeadConversion }));
// The import tab is the data import page itself (one chunk with the /imports route), its words registered with it.
export const LazyImportsPage = lazy(async () => ({ default: await loadImportsPage() }));
// The knowledge base's search (the articles meant for dealers), with the KB's chunk and words.
export { LazyKbSearch } from '../kb/lazy-kb';
