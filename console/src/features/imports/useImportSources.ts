import { listImportSourcesContract } from '@shared/contracts/imports.contracts';
import { useQuery } from '@tanstack/react-query';
import { useLocale } from '../../i18n/useLocale';
import { callApi } from '../../lib/api';
import { nameOf } from '../../lib/format';
import { queryKeys } from '../../lib/query-keys';
import { useSession } from '../auth/useSession';

/** The source systems and their priorities (the import page, and the customer 360's "source" hints). */
export function useImportSources(enabled = true) {
  return useQuery({ queryKey: queryKeys.importSources, queryFn: () => callApi(listImportSourcesContract, {}), enabled, staleTime: 60_000 });
}

// Who may read the source systems (GET /import-sources, access.importers).
const READS_SOURCES = new Set(['supervisor', 'admin', 'dealer_user', 'dealer_manager']);

/**
 * A source system's code → its name in the reader's language: from GET /import-sources where the role may read it,
 * else the workspace's words for the seeded systems (an agent's 360° view), else the code itself.
 */
export function useSourceName(): (code: string) => string {
  const { t, locale } = useLocale();
  const role = useSession().user?.role;
  const sources = useImportSources(role !== undefined && READS_SOURCES.has(role));
  return (code) => {
    const source = sources.data?.items.find((item) => item.code === code);
    if (source) return nameOf(source, locale);
    const key = `workspace.source.${code}`;
    const word = t(key);
    return word === key ? code : word;
  };
}
