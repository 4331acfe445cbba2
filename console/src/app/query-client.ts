import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../lib/api-client';
import { queryKeys } from '../lib/query-keys';

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A session that ended while the screen was open: the session query decides to show sign-in.
        if (isApiError(error, 'UNAUTHENTICATED') && query.queryKey[0] !== 'session') {
          void client.invalidateQueries({ queryKey: queryKeys.session });
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // Coming back to the window always refetches: without the live socket this is what keeps screens current.
        refetchOnWindowFocus: 'always',
        // A 4xx will answer the same again; only network trouble and 5xx are worth a retry.
        retry: (failureCount, error) => failureCount < 2 && (!isApiError(error) || error.status === 0 || error.status >= 500),
      },
      mutations: { retry: false },
    },
  });
  return client;
}
