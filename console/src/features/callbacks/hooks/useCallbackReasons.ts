import { useQuery } from '@tanstack/react-query';
import { listCallbackReasonsContract } from '@shared/contracts/callbacks.contracts';
import type { ConsoleLocale } from '../../../i18n/messages';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';
import type { CallbackReason } from '../callback.types';

/** The active unhappy reasons, in the admins' order (the hotline reads them; `enabled` false for other roles). */
export function useCallbackReasons(enabled = true) {
  return useQuery({
    queryKey: queryKeys.callbackReasons,
    queryFn: async () => (await callApi(listCallbackReasonsContract, {})).items,
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
    enabled,
  });
}

/** A reason's name in the reader's language; null for a code not in the list (retired since, or not readable). */
export function reasonName(reasons: readonly CallbackReason[] | undefined, code: unknown, locale: ConsoleLocale): string | null {
  if (typeof code !== 'string') return null;
  const reason = reasons?.find((candidate) => candidate.code === code);
  if (!reason) return null;
  return locale === 'en' ? reason.nameEn || reason.nameZh : reason.nameZh || reason.nameEn;
}
