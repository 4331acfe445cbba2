import { z } from 'zod';
import { access } from '../auth/access';
import { REPORT_CLOCKS, REPORT_DIMENSIONS, TIME_BASES, ZDistributionQuery, ZDrillDownQuery, ZResolutionReportQuery } from '../reports/report.schemas';
import { ZRoadsideFiguresQuery, ROADSIDE_FIGURE_GROUPS } from '../reports/roadside-figures.schemas';
import { ZCheckpointCompareQuery, ZExportRequest, ZReportExportQuery, ZTakeCheckpointRequest, ZTicketExportQuery } from '../reports/export.schemas';
import { defineContract } from './contract';
import { itemsOf, ZUuidParams, ZWireTimestamp } from './wire';

const ZPercentile = z.object({ seconds: z.number().nullable(), reason: z.enum(['no_observations', 'not_reached']).nullable() });
const ZPercentiles = z.object({ p50: ZPercentile, p90: ZPercentile, p95: ZPercentile });
const ZClockFigures = z.object({
  observations: z.number(),
  met: z.number(),
  open: z.number(),
  business: ZPercentiles,
  clock: ZPercentiles,
  sla: z.object({ due: z.number(), onTime: z.number(), compliance: z.number().nullable() }),
  breaches: z.number(),
});
const ZDimensionRecord = z.partialRecord(z.enum(REPORT_DIMENSIONS), z.string());

/** One cell of the report (shared/src/reports/report.types.ts: ResolutionCell). */
export const ZResolutionCell = z.object({
  keys: ZDimensionRecord,
  labels: ZDimensionRecord,
  tickets: z.number(),
  openTickets: z.number(),
  resolvedTickets: z.number(),
  reopened: z.number(),
  reopenRate: z.number().nullable(),
  reroutes: z.number(),
  leads: z.number(),
  leadOrders: z.number(),
  leadConversion: z.number().nullable(),
  clocks: z.object(Object.fromEntries(REPORT_CLOCKS.map((clock) => [clock, ZClockFigures])) as Record<(typeof REPORT_CLOCKS)[number], typeof ZClockFigures>),
  metrics: z.record(z.string(), z.number().nullable()),
});

export const ZResolutionReport = z.object({
  groupBy: z.array(z.enum(REPORT_DIMENSIONS)),
  filters: z.record(z.string(), z.unknown()),
  at: ZWireTimestamp,
  timeBases: z.array(z.string()),
  percentiles: z.array(z.number()),
  metrics: z.array(z.object({ key: z.string(), nameZh: z.string(), nameEn: z.string() })),
  cells: z.array(ZResolutionCell),
  rank: z.object({ position: z.number().nullable(), of: z.number(), by: z.string() }).optional(),
});

const ZStretch = z.object({
  clock: z.string(),
  ownerType: z.string(),
  ownerId: z.string().nullable(),
  outcome: z.enum(['met', 'handed_over', 'rerouted', 'stopped', 'running']),
  fromAt: ZWireTimestamp,
  toAt: ZWireTimestamp.nullable(),
  dueAt: ZWireTimestamp,
  breached: z.boolean(),
  businessSeconds: z.number(),
  clockSeconds: z.number(),
});

export const ZDrillDownRow = z.object({
  id: z.string(),
  number: z.string(),
  type: z.string(),
  status: z.string(),
  priority: z.string(),
  subject: z.string(),
  createdAt: ZWireTimestamp,
  resolvedAt: ZWireTimestamp.nullable(),
  responsibleDealerId: z.string().nullable(),
  responsibleDepartmentId: z.string().nullable(),
  regionId: z.string().nullable(),
  categoryId: z.string().nullable(),
  vehicleModel: z.string().nullable(),
  reopenCount: z.number(),
  rerouteCount: z.number(),
  link: z.string(),
  stretches: z.array(ZStretch),
});

export const ZReportCheckpointSummary = z.object({
  id: z.string(),
  kind: z.enum(['scheduled', 'manual']),
  label: z.string(),
  cutoffAt: ZWireTimestamp,
  takenAt: ZWireTimestamp,
  takenBy: z.string().nullable(),
  query: z.record(z.string(), z.unknown()),
});

const ZCompareCell = z.object({ keys: ZDimensionRecord, labels: ZDimensionRecord, then: ZResolutionCell.nullable(), now: ZResolutionCell.nullable() });

export const ZExportStatus = z.object({
  id: z.string(),
  kind: z.enum(['report', 'tickets']),
  format: z.enum(['csv', 'xlsx']),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  rowsDone: z.number(),
  rowsTotal: z.number().nullable(),
  /** rowsDone / rowsTotal, when the total is known. */
  progress: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: ZWireTimestamp,
  finishedAt: ZWireTimestamp.nullable(),
  /** Where to download it once done. */
  file: z.string().nullable(),
});

const tag = 'reports';

export const resolutionReportContract = defineContract({
  method: 'get',
  path: '/reports/resolution',
  tag,
  summary:
    'Resolution-time report: per cell of one or two dimensions, median/p90/p95 to acknowledge, first contact and resolve (business and clock time, open tickets censored, Kaplan–Meier), SLA compliance, breaches, reopen rate, reroutes, lead conversion (a dealer: its own, with its rank)',
  access: access.reportReaders,
  query: ZResolutionReportQuery,
  success: { status: 200, body: ZResolutionReport },
});

/** One bin of the distribution: [fromSeconds, toSeconds) (toSeconds null: no upper bound). */
const ZDistributionBin = z.object({
  fromSeconds: z.number(),
  toSeconds: z.number().nullable(),
  /** Stretches that ended with the clock met, by their time. */
  met: z.number(),
  /** Running clocks, by their age now (censored, as the percentiles count them). */
  open: z.number(),
  /** Stretches that ended otherwise (handed over, rerouted, stopped), by their time (censored too). */
  endedOtherwise: z.number(),
});

export const ZDistribution = z.object({
  clock: z.enum(REPORT_CLOCKS),
  timeBasis: z.enum(TIME_BASES),
  at: ZWireTimestamp,
  bins: z.array(ZDistributionBin),
  totals: z.object({ met: z.number(), open: z.number(), endedOtherwise: z.number() }),
});

export const resolutionDistributionContract = defineContract({
  method: 'get',
  path: '/reports/resolution/distribution',
  tag,
  summary:
    'The distribution of one clock’s times over the report’s filters, every observation of the selection: met stretches by their time, running clocks by their age, others ended by their time (a dealer: its own)',
  access: access.reportReaders,
  query: ZDistributionQuery,
  success: { status: 200, body: ZDistribution },
});

export const resolutionTicketsContract = defineContract({
  method: 'get',
  path: '/reports/resolution/tickets',
  tag,
  summary: "A report cell's tickets (same filters plus the cell's keys), newest first, paged by key; each links to its ticket page",
  access: access.reportReaders,
  query: ZDrillDownQuery,
  success: { status: 200, body: itemsOf(ZDrillDownRow).extend({ nextCursor: z.string().nullable() }) },
});

export const resolutionReportExportContract = defineContract({
  method: 'get',
  path: '/reports/resolution/export',
  tag,
  summary: 'The report as a file, streamed: CSV (UTF-8 with BOM) or XLSX',
  access: access.reportReaders,
  query: ZReportExportQuery,
  success: { status: 200, body: null, description: 'A CSV (text/csv; charset=utf-8, with BOM) or XLSX file' },
});

export const resolutionTicketsExportContract = defineContract({
  method: 'get',
  path: '/reports/resolution/tickets/export',
  tag,
  summary: "A cell's tickets as a file, streamed in batches by key (no row cap): CSV (UTF-8 with BOM) or XLSX",
  access: access.reportReaders,
  query: ZTicketExportQuery,
  success: { status: 200, body: null, description: 'A CSV (text/csv; charset=utf-8, with BOM) or XLSX file' },
});

export const listReportCheckpointsContract = defineContract({
  method: 'get',
  path: '/reports/checkpoints',
  tag,
  summary: 'Report checkpoints (the 10th, the 20th, the month end, and those taken by hand), newest first',
  access: access.oversight,
  success: { status: 200, body: itemsOf(ZReportCheckpointSummary) },
});

export const takeCheckpointContract = defineContract({
  method: 'post',
  path: '/reports/checkpoints',
  tag,
  summary: 'Take a checkpoint now: the report for the query given (default: per dealer, this month) as it stands, kept unchanged',
  access: access.qa,
  body: ZTakeCheckpointRequest,
  success: { status: 201, body: ZReportCheckpointSummary.extend({ report: ZResolutionReport }) },
});

export const checkpointContract = defineContract({
  method: 'get',
  path: '/reports/checkpoints/:id',
  tag,
  summary: 'One checkpoint with its figures; `compare=now` puts the same report as it is now beside it, cell by cell',
  access: access.oversight,
  params: ZUuidParams,
  query: ZCheckpointCompareQuery,
  success: {
    status: 200,
    body: ZReportCheckpointSummary.extend({ report: ZResolutionReport, comparison: z.object({ at: ZWireTimestamp, cells: z.array(ZCompareCell) }).optional() }),
  },
});

export const startExportContract = defineContract({
  method: 'post',
  path: '/exports',
  tag,
  summary: 'Export a report or a cell\u2019s tickets as a job (for exports longer than a few seconds); poll its progress, then download',
  access: access.reportReaders,
  body: ZExportRequest,
  success: { status: 202, body: ZExportStatus },
});

export const exportStatusContract = defineContract({
  method: 'get',
  path: '/exports/:id',
  tag,
  summary: 'An export job: status and progress (rows done of total); only its requester (and admins) see it',
  access: access.reportReaders,
  params: ZUuidParams,
  success: { status: 200, body: ZExportStatus },
});

export const exportFileContract = defineContract({
  method: 'get',
  path: '/exports/:id/file',
  tag,
  summary: 'Download a finished export (its requester and admins only)',
  access: access.reportReaders,
  params: ZUuidParams,
  success: { status: 200, body: null, description: 'The CSV or XLSX file' },
});

const ZRoadsideFigures = z.object({
  key: z.string().nullable(),
  label: z.object({ code: z.string().nullable(), nameZh: z.string(), nameEn: z.string() }).nullable(),
  offers: z.number(),
  accepted: z.number(),
  declined: z.number(),
  expired: z.number(),
  /** Withdrawn before an answer: the hotline dispatched the ticket by hand or cancelled it. Not in the acceptance rate. */
  withdrawn: z.number(),
  /** Still waiting for an answer. Not in the acceptance rate. */
  pending: z.number(),
  /** accepted ÷ (accepted + declined + expired); null without any. */
  acceptanceRate: z.number().nullable(),
  timeToAccept: z.object({ medianSeconds: z.number().nullable(), p90Seconds: z.number().nullable() }),
  arrival: z.object({ arrived: z.number(), onTime: z.number(), onTimeShare: z.number().nullable(), medianLatenessMinutes: z.number().nullable() }),
  completion: z.object({
    completed: z.number(),
    goneOnArrival: z.number(),
    cancelled: z.number(),
    inProgress: z.number(),
    completionRate: z.number().nullable(),
  }),
});

export const ZRoadsideFiguresReport = z.object({
  groupBy: z.enum(ROADSIDE_FIGURE_GROUPS),
  filters: z.record(z.string(), z.unknown()),
  at: ZWireTimestamp,
  rows: z.array(ZRoadsideFigures),
  total: ZRoadsideFigures,
});

export const roadsideFiguresContract = defineContract({
  method: 'get',
  path: '/reports/roadside',
  tag,
  summary:
    'Roadside figures over the offers made in [from, to): per provider or per the provider’s region, offers, accepted, declined, expired, acceptance rate, time to accept (median, p90), the ETA promised at acceptance against the arrival (median lateness, share on time), and completion (a dealer: its own; another’s: 404)',
  access: access.standingReaders,
  query: ZRoadsideFiguresQuery,
  success: { status: 200, body: ZRoadsideFiguresReport },
});
