import { Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, nameOf } from '../../../lib/format';
import { useSession } from '../../auth/useSession';
import { useImportSources } from '../../imports/useImportSources';
import type { CustomerProfile } from '../../tickets/ticket.types';

type FieldSources = CustomerProfile['fieldSources'];

// Who may read the source systems (GET /import-sources); an agent gets the seeded systems' names from the page's words.
const READS_SOURCES = new Set(['supervisor', 'admin', 'dealer_user', 'dealer_manager']);

/** A source system's code → its name in the reader's language (the code itself when nothing names it). */
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

/** A field's value with where it came from on hover: "来源：开票系统 · 2026-12-01 10:00". Plain when no source is known. */
export function Sourced({ sources, field, sourceName, children }: { sources: FieldSources; field: string; sourceName: (code: string) => string; children: ReactNode }) {
  const { t } = useLocale();
  const origin = sources[field];
  if (!origin) return <>{children}</>;
  return (
    <Tooltip title={t('workspace.source.hint', { source: sourceName(origin.source), time: formatDateTime(origin.at) })}>
      <span data-testid={`sourced-${field}`} data-source={origin.source} style={{ cursor: 'help', borderBottom: '1px dotted #bbb' }}>
        {children}
      </span>
    </Tooltip>
  );
}

/** `sourced(field, value)`: the value wrapped in its source hint, for a record's fields one after another. */
export function sourcedBy(sources: FieldSources, sourceName: (code: string) => string) {
  return (field: string, value: ReactNode) => (
    <Sourced sources={sources} field={field} sourceName={sourceName}>
      {value}
    </Sourced>
  );
}
