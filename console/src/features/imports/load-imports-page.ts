import { registerMessages } from '../../i18n/registry';

/** The import page's chunk (imports-page.ts), its words registered: the /imports route and the dealer portal open it. */
export async function loadImportsPage() {
  const page = await import('./imports-page');
  registerMessages(page.importPageMessages);
  return page.ImportsPage;
}
