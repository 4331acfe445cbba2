import { Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import type { CustomerProfile } from '../../tickets/ticket.types';

type FieldSources = CustomerProfile['fieldSources'];

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
