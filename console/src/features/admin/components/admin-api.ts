import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { apiRequest, type HttpMethod, isApiError } from '../../../lib/api-client';
import { showValidationIssues } from '../../../lib/form-errors';

/** Admin data lives under keys starting with 'admin', so one save refreshes every admin list that may show it. */
export function useAdminQuery<T>(key: readonly unknown[], path: string | null, options: { retry?: boolean } = {}) {
  return useQuery({
    queryKey: ['admin', ...key],
    queryFn: () => apiRequest<T>('GET', path!),
    enabled: path !== null,
    retry: options.retry === false ? false : undefined,
  });
}

/**
 * A change: success message and a refetch of the admin lists; a 400 with issues marks the form's fields when a form
 * is given, any other error is shown as a message (already in the user's language).
 */
export function useAdminMutation<TBody, TResult = unknown>(method: HttpMethod, path: (body: TBody) => string, options: { form?: FormInstance; success?: string | false; bodyOf?: (body: TBody) => unknown } = {}) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useLocale();
  return useMutation({
    mutationFn: (body: TBody) => apiRequest<TResult>(method, path(body), options.bodyOf ? options.bodyOf(body) : body),
    onSuccess: () => {
      if (options.success !== false) void message.success(options.success ?? t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
    },
    onError: (error) => {
      if (options.form && showValidationIssues(options.form, error)) return;
      const field = isApiError(error, 'DUPLICATE') ? (error.details?.field as string | undefined) : undefined;
      if (options.form && field) {
        options.form.setFields([{ name: field.split('.'), errors: [(error as Error).message] }]);
        return;
      }
      void message.error((error as Error).message);
    },
  });
}

/** Every dealer, deactivated ones too (the tickets feature's list has only active ones). */
export function useAllDealers() {
  return useAdminQuery<{ items: Array<{ id: string; code: string; nameZh: string; nameEn: string; province: string; city: string; capabilities: string[]; capacity: number; active: boolean; regionId: string; address: string }> }>(
    ['dealers-all'],
    '/api/dealers',
  );
}
