/**
 * Dates as Chinese source systems export them (DMS, invoice, finance/insurance), read into `YYYY-MM-DD`. Pure: the
 * plausibility checks take `today` as an argument, nothing here reads a clock.
 *
 * Accepted, after NFKC folding and trimming:
 * - year first with `-`, `/` or `.` and 1- or 2-digit month and day: 2024-01-05, 2024/1/5, 2024.1.5, optionally followed
 *   by a time of day (2024/1/5 0:00:00), which is ignored;
 * - 2024年1月5日 (the 日 may be missing), optionally followed by a time;
 * - eight digits, 20240105;
 * - an Excel serial number (1900 date system) of up to 7 digits, with an optional fraction (the time of day); eight
 *   digits are always read as YYYYMMDD;
 * - ISO 8601 timestamps, with or without `Z` or an offset: the day as written. Not converted to China's day on
 *   purpose: the XLSX reader (exceljs, `cellText` in server/import/import-file.ts) writes an Excel date cell, a wall
 *   time without a zone, as a UTC timestamp (a purchase at 20:00 on 5 January comes as 2024-01-05T20:00:00.000Z), and
 *   converting would move every evening purchase to the next day. A true UTC instant from another system would be
 *   read a day early from 16:00 UTC on; file exports of purchase and warranty days do not carry those.
 *
 * Not accepted: two-digit years and day-first orders (05/01/2024): Chinese systems do not write them, and a guess
 * would silently swap day and month.
 */

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})日?(?:\s*\d{1,2}(?::\d{2}(?::\d{2})?|时\d{1,2}分(?:\d{1,2}秒)?))?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const EXCEL_SERIAL = /^(\d{1,7})(?:\.\d+)?$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const DAY_MS = 86_400_000;
// Excel's serial 60 is 1900-02-29, a day that never was (Lotus 1-2-3's leap-year bug, kept for compatibility); from
// 61 on, serials are one ahead of the real count of days since 1899-12-31, so they count from 1899-12-30 instead.
const EXCEL_FAKE_LEAP_DAY = 60;
const EXCEL_EPOCH_BEFORE_BUG = Date.UTC(1899, 11, 31);
const EXCEL_EPOCH_AFTER_BUG = Date.UTC(1899, 11, 30);
// Excel's last day, 9999-12-31.
const EXCEL_LAST_SERIAL = 2_958_465;

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** `YYYY-MM-DD` of a UTC midnight (or any instant: its UTC day). */
function dayOfUtc(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** `YYYY-MM-DD`, or null when the month or day does not exist (2024-02-30, 2023-02-29, month 13). Years 1900–9999. */
export function calendarDay(year: number, month: number, day: number): string | null {
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The day of an Excel (1900 system) serial, or null for 0, the fake 1900-02-29 and serials past 9999-12-31. */
export function excelSerialToDate(serial: number): string | null {
  const whole = Math.floor(serial);
  if (whole < 1 || whole === EXCEL_FAKE_LEAP_DAY || whole > EXCEL_LAST_SERIAL) return null;
  const epoch = whole < EXCEL_FAKE_LEAP_DAY ? EXCEL_EPOCH_BEFORE_BUG : EXCEL_EPOCH_AFTER_BUG;
  return dayOfUtc(epoch + whole * DAY_MS);
}

/** The `YYYY-MM-DD` a cell means, or null when it is in no accepted format or names a day that does not exist. */
export function parseImportDate(input: string): string | null {
  const text = input.normalize('NFKC').trim();
  const timestamp = ISO_TIMESTAMP.exec(text);
  if (timestamp) return calendarDay(Number(timestamp[1]), Number(timestamp[2]), Number(timestamp[3]));
  const parts = YEAR_FIRST.exec(text) ?? CHINESE.exec(text) ?? COMPACT.exec(text);
  if (parts) return calendarDay(Number(parts[1]), Number(parts[2]), Number(parts[3]));
  const serial = EXCEL_SERIAL.exec(text);
  if (serial) return excelSerialToDate(Number(text));
  return null;
}

/** A purchase date after `today` has not happened yet. Both `YYYY-MM-DD`, which compare as strings. */
export function isInFuture(date: string, today: string): boolean {
  return date > today;
}
