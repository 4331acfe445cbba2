/**
 * React-query keys in one place, so the realtime layer can invalidate what a ticket change affects.
 * Lists start with 'tickets'; one ticket with 'ticket'; its history with 'ticket-events'; the callback queue and its
 * tasks with 'callbacks' (every ticket change may settle or add a callback task).
 */
export const queryKeys = {
  session: ['session'] as const,
  tickets: (params?: object) => (params ? (['tickets', params] as const) : (['tickets'] as const)),
  ticket: (id: string) => ['ticket', id] as const,
  ticketEvents: (id: string) => ['ticket-events', id] as const,
  customerLookup: (by: object) => ['customer-lookup', by] as const,
  customer: (id: string) => ['customer', id] as const,
  categories: ['reference', 'categories'] as const,
  dealers: (params?: object) => ['reference', 'dealers', params ?? {}] as const,
  departments: ['reference', 'departments'] as const,
  regions: ['reference', 'regions'] as const,
  callbacks: (params?: object) => (params ? (['callbacks', params] as const) : (['callbacks'] as const)),
  callbackTask: (id: string) => ['callbacks', 'task', id] as const,
  /** Active unhappy reasons (admins edit them: their page refreshes this key). */
  callbackReasons: ['callback-reasons'] as const,
  /** QA review (质检): samples' reviews, scores per dealer and month, scorecards, one ticket's evidence pack. */
  qaReviews: (params?: object) => ['qa', 'reviews', params ?? {}] as const,
  qaReview: (id: string) => ['qa', 'review', id] as const,
  qaScores: (params?: object) => ['qa', 'scores', params ?? {}] as const,
  qaScorecards: ['qa', 'scorecards'] as const,
  qaEvidence: (ticketId: string) => ['qa', 'evidence', ticketId] as const,
  /** The audit chain's verification runs and signed checkpoints (QA and admins); a live `audit.broken` refreshes 'audit'. */
  auditRuns: ['audit', 'runs'] as const,
  auditRun: (id: string) => ['audit', 'run', id] as const,
  auditCheckpoints: ['audit', 'checkpoints'] as const,
  auditPublicKey: ['audit', 'public-key'] as const,
  leadConversion: (params?: object) => ['lead-conversion', params ?? {}] as const,
  /** The resolution-time report (any grouping), a cell's tickets, checkpoints, one export job's progress. */
  report: (params: object) => ['reports', 'resolution', params] as const,
  reportTickets: (params: object) => ['reports', 'tickets', params] as const,
  reportDistribution: (params: object) => ['reports', 'distribution', params] as const,
  reportCheckpoints: ['reports', 'checkpoints'] as const,
  /** Roadside figures (per provider or region, over a period). */
  roadsideFigures: (params: object) => ['reports', 'roadside', params] as const,
  reportCheckpoint: (id: string) => ['reports', 'checkpoints', id] as const,
  reportExport: (id: string) => ['reports', 'export', id] as const,
  /** Data imports: the recent list, one import's progress, and the ranked source systems. */
  imports: ['imports'] as const,
  import: (id: string) => ['imports', id] as const,
  importSources: ['import-sources'] as const,
  /** Customer records that look like one person (the data team merges them on the import page). */
  customerDuplicates: ['customer-duplicates'] as const,
};
