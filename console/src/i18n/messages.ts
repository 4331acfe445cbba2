/** The console's two languages. zh-CN is the default: the hotline and the dealers work in Chinese. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type ConsoleLocale = (typeof LOCALES)[number];

export type MessageTable = Record<string, string>;
export interface FeatureMessages {
  'zh-CN': MessageTable;
  en: MessageTable;
}

/**
 * A feature's dictionary. Keys are prefixed with the feature (`workspace.lookup.placeholder`) so tables from
 * different folders never collide; the registry merges every `*.messages.ts` under `features/`.
 */
export function defineMessages<const T extends FeatureMessages>(messages: T): T {
  return messages;
}
