import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import type { Contract, ContractResponse } from '@shared/contracts/contract';
import { listDealersContract } from '@shared/contracts/reference.contracts';
import { type CallInput, callApi } from '../../../lib/api';
import { isApiError } from '../../../lib/api-client';
import { showValidationIssues } from '../../../lib/form-errors';

/**
 * An admin read through its endpoint contract (`input` null: not yet). Admin data lives under keys starting with
 * 'admin', so one save refreshes every admin list that may show it.
 */
export function useContractQuery<C extends Contract>(key: readonly unknown[], contract: C, input: CallInput<C> | null, options: { retry?: boolean } = {}) {
  return useQuery({
    queryKey: ['admin', ...key],
    queryFn: () => callApi(contract, input!),
    enabled: input !== null,
    retry: options.retry === false ? false : undefined,
  });
}

type MutationOptions = { form?: FormInstance; success?: string | false };

/** The reactions every admin change shares: a message, a refetch of the admin lists, issues on the form's fields. */
function useAdminReactions(options: MutationOptions) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useLocale();
  return {
    onSuccess: () => {
      if (options.success !== false) void message.success(options.success ?? t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
    },
    onError: (error: Error) => {
      if (options.form && showValidationIssues(options.form, error)) return;
      const field = isApiError(error, 'DUPLICATE') ? (error.details?.field as string | undefined) : undefined;
      if (options.form && field) {
        options.form.setFields([{ name: field.split('.'), errors: [error.message] }]);
        return;
      }
      void message.error(error.message);
    },
  };
}

/** An admin change through its endpoint contract: `inputOf` turns what the page has into the contract's input. */
export function useContractMutation<C extends Contract, V>(contract: C, inputOf: (variables: V) => CallInput<C>, options: MutationOptions = {}) {
  return useMutation<ContractResponse<C>, Error, V>({ mutationFn: (variables: V) => callApi(contract, inputOf(variables)), ...useAdminReactions(options) });
}

/** Every dealer, deactivated ones too (the tickets feature's list has only active ones). */
export function useAllDealers() {
  return useContractQuery(['dealers-all'], listDealersContract, {});
}
