import { inArray } from 'drizzle-orm';
import { NO_KEY, type ReportDimension } from '../../reports/report.schemas';
import type { ResolutionCell } from '../../reports/report.types';
import type { Executor } from '../db/client';
import { categories, dealers, departments, regions } from '../db/schema';

const TABLES = { dealer: dealers, region: regions, department: departments, category: categories } as const;

/** Names the keys of the cells (`D-BJ-001 北京… · Beijing…`); types, models and months are their own label. */
export async function labelsOf(db: Executor, dimensions: readonly ReportDimension[], cells: ResolutionCell[]): Promise<void> {
  for (const dimension of dimensions) {
    if (!(dimension in TABLES)) {
      for (const cell of cells) cell.labels[dimension] = cell.keys[dimension];
      continue;
    }
    const table = TABLES[dimension as keyof typeof TABLES];
    const ids = [...new Set(cells.map((cell) => cell.keys[dimension]).filter((id): id is string => id !== undefined && id !== NO_KEY))];
    const rows = ids.length > 0 ? await db.select({ id: table.id, code: table.code, nameZh: table.nameZh, nameEn: table.nameEn }).from(table).where(inArray(table.id, ids)) : [];
    const names = new Map(rows.map((row) => [row.id, `${row.code} ${row.nameZh} · ${row.nameEn}`]));
    for (const cell of cells) {
      const key = cell.keys[dimension];
      if (key !== undefined) cell.labels[dimension] = key === NO_KEY ? '—' : (names.get(key) ?? key);
    }
  }
}
