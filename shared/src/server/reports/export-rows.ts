/**
 * What an export writes: a report's cells, or a cell's tickets, as titled columns and rows of plain values. Tickets
 * are read in batches by key (the drill-down's keyset), so an export of a million rows holds one batch in memory.
 */
import { sql } from 'drizzle-orm';
import { REPORT_CLOCKS, TIME_BASES } from '../../reports/report.schemas';
import type { ResolutionReport } from '../../reports/report.types';
import type { Executor } from '../db/client';
import type { TicketScope } from '../tickets/ticket-queries';
import { cellTicketCondition, type DrillDownQuery, drillDownPage, type DrillDownRow } from './drill-down';
import { rowsOf } from './report-sql';

export type ExportLanguage = 'zh-CN' | 'en';
export type ExportValue = string | number | null;

export interface ExportColumn {
  key: string;
  title: string;
}

const words = {
  'zh-CN': {
    dealer: '经销商',
    region: '大区',
    department: '部门',
    type: '类型',
    category: '分类',
    vehicleModel: '车型',
    month: '月份',
    tickets: '工单数',
    open: '未结',
    resolved: '已处理',
    reopenRate: '重开率',
    reroutes: '改派',
    leads: '线索',
    leadConversion: '线索转化率',
    acknowledge: '接单',
    first_contact: '首次联系',
    resolve: '处理完毕',
    business: '工作时间',
    clock: '自然时间',
    observations: '样本',
    running: '进行中',
    compliance: '及时率',
    due: '到期',
    onTime: '按时',
    breaches: '超时',
    seconds: '秒',
    number: '工单号',
    status: '状态',
    priority: '优先级',
    subject: '主题',
    createdAt: '创建时间',
    resolvedAt: '处理完毕时间',
    responsibleDealer: '责任经销商',
    responsibleDepartment: '责任部门',
    reopenCount: '重开次数',
    rerouteCount: '改派次数',
    link: '链接',
  },
  en: {
    dealer: 'Dealer',
    region: 'Region',
    department: 'Department',
    type: 'Type',
    category: 'Category',
    vehicleModel: 'Vehicle model',
    month: 'Month',
    tickets: 'Tickets',
    open: 'Open',
    resolved: 'Resolved',
    reopenRate: 'Reopen rate',
    reroutes: 'Reroutes',
    leads: 'Leads',
    leadConversion: 'Lead conversion',
    acknowledge: 'Acknowledge',
    first_contact: 'First contact',
    resolve: 'Resolve',
    business: 'business',
    clock: 'clock',
    observations: 'observations',
    running: 'running',
    compliance: 'SLA compliance',
    due: 'due',
    onTime: 'on time',
    breaches: 'breaches',
    seconds: 's',
    number: 'Number',
    status: 'Status',
    priority: 'Priority',
    subject: 'Subject',
    createdAt: 'Created',
    resolvedAt: 'Resolved at',
    responsibleDealer: 'Responsible dealer',
    responsibleDepartment: 'Responsible department',
    reopenCount: 'Reopens',
    rerouteCount: 'Reroutes',
    link: 'Link',
  },
} as const;

/** A report as a table: one row per cell (keys and their names, then every figure; percentiles in seconds). */
export function reportTable(report: ResolutionReport, language: ExportLanguage): { columns: ExportColumn[]; rows: ExportValue[][] } {
  const w = words[language];
  const columns: ExportColumn[] = [];
  for (const dimension of report.groupBy) {
    columns.push({ key: `key.${dimension}`, title: `${w[dimension]} ID` }, { key: `label.${dimension}`, title: w[dimension] });
  }
  columns.push(
    { key: 'tickets', title: w.tickets },
    { key: 'openTickets', title: w.open },
    { key: 'resolvedTickets', title: w.resolved },
    { key: 'reopenRate', title: w.reopenRate },
    { key: 'reroutes', title: w.reroutes },
    { key: 'leads', title: w.leads },
    { key: 'leadConversion', title: w.leadConversion },
  );
  for (const clock of REPORT_CLOCKS) {
    columns.push({ key: `${clock}.observations`, title: `${w[clock]} ${w.observations}` }, { key: `${clock}.open`, title: `${w[clock]} ${w.running}` });
    for (const basis of TIME_BASES) {
      for (const p of ['p50', 'p90', 'p95'] as const) columns.push({ key: `${clock}.${basis}.${p}`, title: `${w[clock]} ${p.toUpperCase()} ${w[basis]} (${w.seconds})` });
    }
    columns.push(
      { key: `${clock}.sla.due`, title: `${w[clock]} ${w.due}` },
      { key: `${clock}.sla.onTime`, title: `${w[clock]} ${w.onTime}` },
      { key: `${clock}.sla.compliance`, title: `${w[clock]} ${w.compliance}` },
      { key: `${clock}.breaches`, title: `${w[clock]} ${w.breaches}` },
    );
  }
  for (const metric of report.metrics) columns.push({ key: `metrics.${metric.key}`, title: language === 'en' ? metric.nameEn : metric.nameZh });

  const rows = report.cells.map((cell) => {
    const row: ExportValue[] = [];
    for (const dimension of report.groupBy) row.push(cell.keys[dimension] ?? null, cell.labels[dimension] ?? null);
    row.push(cell.tickets, cell.openTickets, cell.resolvedTickets, cell.reopenRate, cell.reroutes, cell.leads, cell.leadConversion);
    for (const clock of REPORT_CLOCKS) {
      const figures = cell.clocks[clock];
      row.push(figures.observations, figures.open);
      for (const basis of TIME_BASES) for (const p of ['p50', 'p90', 'p95'] as const) row.push(figures[basis][p].seconds);
      row.push(figures.sla.due, figures.sla.onTime, figures.sla.compliance, figures.breaches);
    }
    for (const metric of report.metrics) row.push(cell.metrics[metric.key] ?? null);
    return row;
  });
  return { columns, rows };
}

/** The columns of a ticket list export. */
export function ticketColumns(language: ExportLanguage): ExportColumn[] {
  const w = words[language];
  const columns: ExportColumn[] = [
    { key: 'id', title: 'ID' },
    { key: 'number', title: w.number },
    { key: 'type', title: w.type },
    { key: 'status', title: w.status },
    { key: 'priority', title: w.priority },
    { key: 'subject', title: w.subject },
    { key: 'createdAt', title: w.createdAt },
    { key: 'resolvedAt', title: w.resolvedAt },
    { key: 'responsibleDealerId', title: `${w.responsibleDealer} ID` },
    { key: 'responsibleDepartmentId', title: `${w.responsibleDepartment} ID` },
    { key: 'regionId', title: `${w.region} ID` },
    { key: 'categoryId', title: `${w.category} ID` },
    { key: 'vehicleModel', title: w.vehicleModel },
    { key: 'reopenCount', title: w.reopenCount },
    { key: 'rerouteCount', title: w.rerouteCount },
  ];
  for (const clock of REPORT_CLOCKS) {
    for (const basis of TIME_BASES) columns.push({ key: `${clock}.${basis}`, title: `${w[clock]} ${w[basis]} (${w.seconds})` });
  }
  columns.push({ key: 'link', title: w.link });
  return columns;
}

/** A ticket as an export row; each clock's figure is the latest stretch of it the reader may see. */
export function ticketRow(row: DrillDownRow, publicUrl = ''): ExportValue[] {
  const values: ExportValue[] = [
    row.id,
    row.number,
    row.type,
    row.status,
    row.priority,
    row.subject,
    row.createdAt.toISOString(),
    row.resolvedAt ? row.resolvedAt.toISOString() : null,
    row.responsibleDealerId,
    row.responsibleDepartmentId,
    row.regionId,
    row.categoryId,
    row.vehicleModel,
    row.reopenCount,
    row.rerouteCount,
  ];
  for (const clock of REPORT_CLOCKS) {
    const latest = row.stretches.filter((stretch) => stretch.clock === clock).at(-1);
    values.push(latest ? latest.businessSeconds : null, latest ? latest.clockSeconds : null);
  }
  values.push(`${publicUrl}${row.link}`);
  return values;
}

export const EXPORT_BATCH = 1000;

/** A cell's tickets in batches of EXPORT_BATCH, by key; memory holds one batch. */
export async function* ticketBatches(db: Executor, options: { scope: TicketScope; query: Omit<DrillDownQuery, 'limit' | 'cursor'>; publicUrl?: string }): AsyncGenerator<ExportValue[][]> {
  let cursor: string | undefined;
  do {
    const page = await drillDownPage(db, { scope: options.scope, query: { ...options.query, limit: EXPORT_BATCH, cursor } });
    if (page.items.length > 0) yield page.items.map((row) => ticketRow(row, options.publicUrl));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** How many tickets a ticket export will write (the progress bar's total): the drill-down's rows, counted. */
export async function countTickets(db: Executor, options: { scope: TicketScope; query: Omit<DrillDownQuery, 'limit' | 'cursor'> }): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as count from tickets t left join vehicles v on v.id = t.vehicle_id
    where ${cellTicketCondition(options.scope, options.query)}`);
  return Number(rowsOf<{ count: number }>(result)[0].count);
}
