import dayjs from 'dayjs';
import type { ConsoleLocale } from '../i18n/messages';

/** "2天3小时", "03:12:45" / "2d 3h": a countdown, coarse beyond a day. */
export function formatDuration(ms: number, locale: ConsoleLocale): string {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return locale === 'en' ? `${days}d ${hours}h` : `${days}天${hours}小时`;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

/** Date and time in China time, the hotline's clock. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  return dayjs(value).format('YYYY-MM-DD HH:mm');
}

export function formatRelative(value: string | Date, now: number, locale: ConsoleLocale): string {
  const diff = now - new Date(value).getTime();
  const minutes = Math.round(diff / 60_000);
  if (minutes < 1) return locale === 'en' ? 'just now' : '刚刚';
  if (minutes < 60) return locale === 'en' ? `${minutes} min ago` : `${minutes} 分钟前`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return locale === 'en' ? `${hours} h ago` : `${hours} 小时前`;
  return formatDateTime(value);
}

/** A dealer's, department's or category's name in the current language. */
export function nameOf(ref: { nameZh: string; nameEn: string } | null | undefined, locale: ConsoleLocale): string {
  if (!ref) return '—';
  return locale === 'en' ? ref.nameEn || ref.nameZh : ref.nameZh || ref.nameEn;
}
