import { Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useLocale } from '../../../i18n/useLocale';

export interface MarkedDay {
  /** YYYY-MM-DD */
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

const COLORS = {
  holiday: { background: '#fff1f0', border: '#ff7875', text: '#cf1322' },
  workday: { background: '#e6f4ff', border: '#4096ff', text: '#0958d9' },
  rest: { background: '#fafafa', text: '#bfbfbf' },
};

/** Consecutive days of one kind and name in a month: "1–7 国庆节". */
function spansOf(days: MarkedDay[]): Array<{ first: number; last: number; kind: MarkedDay['kind']; name: string }> {
  const spans: Array<{ first: number; last: number; kind: MarkedDay['kind']; name: string }> = [];
  for (const day of [...days].sort((a, b) => a.day.localeCompare(b.day))) {
    const date = Number(day.day.slice(8, 10));
    const previous = spans.at(-1);
    if (previous && previous.kind === day.kind && previous.name === day.name && previous.last === date - 1) previous.last = date;
    else spans.push({ first: date, last: date, kind: day.kind, name: day.name });
  }
  return spans;
}

export function CalendarLegend() {
  const { t } = useLocale();
  const swatch = (color: { background: string; border?: string }) => <span style={{ display: 'inline-block', width: 14, height: 14, verticalAlign: 'middle', marginInlineEnd: 4, background: color.background, border: `1px solid ${color.border ?? '#d9d9d9'}`, borderRadius: 3 }} />;
  return (
    <Space size={16} wrap data-testid="calendar-legend">
      <span>{swatch(COLORS.holiday)}{t('admin.calendars.holiday')}</span>
      <span>{swatch(COLORS.workday)}{t('admin.calendars.workday')}</span>
      <span>{swatch(COLORS.rest)}{t('admin.calendars.restDay')}</span>
    </Space>
  );
}

/**
 * A year as twelve month grids (weeks from Monday): holidays and make-up working days coloured and named under each
 * month, the weekdays the calendar does not work greyed. `onPick` (editors only) is called with a clicked date.
 */
export function YearCalendar({ year, days, restWeekdays, onPick }: { year: number; days: MarkedDay[]; restWeekdays: ReadonlySet<number>; onPick?: (day: string) => void }) {
  const { t, locale } = useLocale();
  const byDay = useMemo(() => new Map(days.filter((day) => day.day?.startsWith(`${year}-`)).map((day) => [day.day, day])), [days, year]);
  const weekdayNames = [1, 2, 3, 4, 5, 6, 7].map((weekday) => t(`admin.calendars.weekdayShort.${weekday}`));
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 12 }} data-testid="calendar-year-grid">
      {Array.from({ length: 12 }, (_unused, month) => {
        const first = dayjs(new Date(year, month, 1));
        const length = first.daysInMonth();
        // dayjs: 0 = Sunday; the grid starts on Monday.
        const offset = (first.day() + 6) % 7;
        const marked = [...byDay.values()].filter((day) => Number(day.day.slice(5, 7)) === month + 1);
        return (
          <div key={month} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }} data-testid="calendar-month" data-month={month + 1}>
            <Typography.Text strong>{locale === 'en' ? first.toDate().toLocaleString('en', { month: 'long' }) : `${month + 1}月`}</Typography.Text>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, marginTop: 4, fontSize: 12, textAlign: 'center' }}>
              {weekdayNames.map((name) => (
                <div key={name} style={{ color: '#8c8c8c' }}>
                  {name}
                </div>
              ))}
              {Array.from({ length: offset }, (_unused, index) => (
                <div key={`blank-${index}`} />
              ))}
              {Array.from({ length }, (_unused, index) => {
                const date = first.date(index + 1);
                const key = date.format('YYYY-MM-DD');
                const special = byDay.get(key);
                const weekday = ((date.day() + 6) % 7) + 1;
                const color = special ? COLORS[special.kind] : restWeekdays.has(weekday) ? COLORS.rest : null;
                return (
                  <div
                    key={key}
                    title={special ? `${key} ${special.name}` : key}
                    data-testid="calendar-cell"
                    data-day={key}
                    data-kind={special?.kind ?? (restWeekdays.has(weekday) ? 'rest' : 'work')}
                    onClick={onPick ? () => onPick(key) : undefined}
                    style={{
                      lineHeight: '22px',
                      borderRadius: 3,
                      cursor: onPick ? 'pointer' : 'default',
                      background: color?.background,
                      color: color?.text,
                      border: `1px solid ${special ? COLORS[special.kind].border : 'transparent'}`,
                      fontWeight: special ? 600 : undefined,
                    }}
                  >
                    {index + 1}
                  </div>
                );
              })}
            </div>
            <div style={{ marginTop: 6, minHeight: 18 }}>
              {spansOf(marked).map((span) => (
                <div key={`${span.first}-${span.kind}`} style={{ fontSize: 12, color: COLORS[span.kind].text }} data-testid="calendar-day-name">
                  {span.first === span.last ? span.first : `${span.first}–${span.last}`}
                  {locale === 'en' ? ' ' : '日 '}
                  {span.name}
                  {span.kind === 'workday' && ` (${t('admin.calendars.workday')})`}
                </div>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
