/**
 * Routing rules and SLA policies have a name per language (nameZh, nameEn) and one label (name) for places without a
 * reader's language: logs, validation messages, a routing trace read by an older console.
 */
export interface LocalizedNames {
  name: string;
  nameZh: string;
  nameEn: string;
}

/** The one label of two names: the name itself when both languages say the same, else "中文 / English". */
export function joinNames(nameZh: string, nameEn: string): string {
  return nameZh === nameEn ? nameZh : `${nameZh} / ${nameEn}`;
}

/**
 * The names a request means, or null when it names nothing. A request with only `name` (as before names had a
 * language) gives it to both languages; one with only one language's name gives it to the other language too, unless
 * `current` (the stored names, on an update) has one. `name`, when not given, is the two joined.
 */
export function resolveNames(given: { name?: string; nameZh?: string; nameEn?: string }, current?: { nameZh: string; nameEn: string }): LocalizedNames | null {
  if (given.nameZh === undefined && given.nameEn === undefined) {
    return given.name === undefined ? null : { name: given.name, nameZh: given.name, nameEn: given.name };
  }
  const nameZh = given.nameZh ?? current?.nameZh ?? given.nameEn!;
  const nameEn = given.nameEn ?? current?.nameEn ?? nameZh;
  return { name: given.name ?? joinNames(nameZh, nameEn), nameZh, nameEn };
}

/** A rule's or policy's name in the reader's language; `name` when the record has none (a trace stored before). */
export function localizedName(record: { name: string; nameZh?: string; nameEn?: string }, locale: 'zh-CN' | 'en'): string {
  return (locale === 'en' ? record.nameEn || record.nameZh : record.nameZh || record.nameEn) || record.name;
}
