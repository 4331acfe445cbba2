/**
 * China has one time zone without daylight saving (UTC+8): days, months and campaign dates are counted in it. A fixed
 * offset, so these need no time-zone database.
 */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The local (Asia/Shanghai) date of an instant, YYYY-MM-DD. */
export const chinaDayOf = (at: Date): string => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** Local midnight at the start of a local date (YYYY-MM-DD). */
export const chinaMidnight = (day: string): Date => new Date(`${day}T00:00:00+08:00`);
