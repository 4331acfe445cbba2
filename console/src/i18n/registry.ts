import { commonMessages } from './common.messages';
import type { ConsoleLocale, FeatureMessages, MessageTable } from './messages';

// Every feature folder may add `<feature>.messages.ts` exporting its defineMessages(...) table: picked up here,
// so a new feature never edits this file.
const featureModules = import.meta.glob<Record<string, unknown>>('../features/*/*.messages.ts', { eager: true });

function isFeatureMessages(value: unknown): value is FeatureMessages {
  return typeof value === 'object' && value !== null && 'zh-CN' in value && 'en' in value;
}

function merge(): Record<ConsoleLocale, MessageTable> {
  const tables: Record<ConsoleLocale, MessageTable> = { 'zh-CN': { ...commonMessages['zh-CN'] }, en: { ...commonMessages.en } };
  for (const module of Object.values(featureModules)) {
    for (const exported of Object.values(module)) {
      if (!isFeatureMessages(exported)) continue;
      Object.assign(tables['zh-CN'], exported['zh-CN']);
      Object.assign(tables.en, exported.en);
    }
  }
  return tables;
}

export const MESSAGES = merge();

/**
 * Adds a table that loads with a lazy route rather than with the entry (a section only some users open). Call it in
 * the route's `lazy` before returning the component: the router renders only once every matched route has loaded.
 */
export function registerMessages(messages: FeatureMessages): void {
  Object.assign(MESSAGES['zh-CN'], messages['zh-CN']);
  Object.assign(MESSAGES.en, messages.en);
}

/** `{name}` placeholders are filled from vars; a missing key shows the key (visible in review, never a crash). */
export function translate(locale: ConsoleLocale, key: string, vars?: Record<string, string | number>): string {
  const template = MESSAGES[locale][key] ?? MESSAGES['zh-CN'][key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
