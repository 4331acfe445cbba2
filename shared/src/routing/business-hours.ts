/** Whether a dealer is within its weekly business hours at an instant, in China time (full calendars: issue 4). */
const shanghaiParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function isOpenAt(hours: { weekdays: readonly number[]; open: string; close: string }, at: Date): boolean {
  const parts = Object.fromEntries(shanghaiParts.formatToParts(at).map((part) => [part.type, part.value]));
  const weekday = WEEKDAYS[parts.weekday];
  const time = `${parts.hour}:${parts.minute}`;
  return hours.weekdays.includes(weekday) && time >= hours.open && time < hours.close;
}
