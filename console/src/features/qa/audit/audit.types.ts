import type { ContractResponse } from '@shared/contracts/contract';
import type { getAuditRunContract, listAuditRunsContract, listCheckpointsContract } from '@shared/contracts/audit.contracts';
import type { ConsoleLocale } from '../../../i18n/messages';
import { formatDuration } from '../../../lib/format';

/** The console's names for what the audit endpoints return, read off their contracts. */
export type AuditRunSummary = ContractResponse<typeof listAuditRunsContract>['runs'][number];
export type AuditRun = ContractResponse<typeof getAuditRunContract>;
export type AuditCheckpoint = ContractResponse<typeof listCheckpointsContract>['checkpoints'][number];

/** How long a run took: tenths of a second when short (most are), else the console's duration. */
export function runDuration(run: Pick<AuditRunSummary, 'startedAt' | 'finishedAt'>, locale: ConsoleLocale): string {
  const ms = new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime();
  if (ms < 60_000) return locale === 'en' ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(1)} 秒`;
  return formatDuration(ms, locale);
}

/** A file size for people: bytes, KB or MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
