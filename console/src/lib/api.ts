// Deep imports (@shared/…): only the contracts a page uses reach its bundle, not the whole shared index.
import { type Contract, type ContractInput, type ContractResponse, fillPath } from '@shared/contracts/contract';
import { apiRequest, type HttpMethod, type RequestOptions, toQueryString } from './api-client';

type QueryValue = string | number | boolean | readonly string[] | undefined | null;

/** A query as the console builds it: each field as the schema takes it, or a list the API reads as comma-separated. */
type LooseQuery<Q> = { [K in keyof Q]?: Q[K] | readonly string[] | null };

/** What a call sends: the contract's path params and body as its schemas accept them, and its query. */
export type CallInput<C extends Contract> = Omit<ContractInput<C>, 'query'> &
  ('query' extends keyof ContractInput<C> ? { query?: LooseQuery<ContractInput<C>['query' & keyof ContractInput<C>]> } : unknown);

/**
 * Calls an endpoint by its contract (shared/src/contracts): the path, method, input and answer are the contract's, so
 * the console cannot send what the API does not take, nor read a field the API does not return.
 */
export function callApi<C extends Contract>(contract: C, input: CallInput<C>, options: RequestOptions = {}): Promise<ContractResponse<C>> {
  const { params, query, body } = input as { params?: Record<string, string | number>; query?: Record<string, QueryValue>; body?: unknown };
  const path = `/api${fillPath(contract.path, params)}${query ? toQueryString(query) : ''}`;
  return apiRequest<ContractResponse<C>>(contract.method.toUpperCase() as HttpMethod, path, body, options);
}

/**
 * Sends a file as the request body to an endpoint that takes one (`consumes: 'application/octet-stream'`, e.g. an
 * import's upload): the path and query are the contract's, the bytes go as they are, unread by the page.
 */
export function uploadFile<C extends Contract & { consumes: 'application/octet-stream' }>(
  contract: C,
  input: CallInput<C>,
  file: Blob,
  options: RequestOptions = {},
): Promise<ContractResponse<C>> {
  return callApi(contract, { ...input, body: file } as CallInput<C>, options);
}
