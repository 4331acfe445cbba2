import { registerMessages } from '../../../i18n/registry';

/** The audit pages' chunk (audit-pages.ts), its words registered: the QA area and Administration both open them. */
export async function loadAuditPages() {
  const pages = await import('./audit-pages');
  registerMessages(pages.auditMessages);
  return pages;
}
