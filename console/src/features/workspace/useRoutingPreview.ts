import type { ZCreateTicketRequest } from '@shared/tickets/ticket.schemas';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

// zod and the schema load after the first paint (they are only needed once the agent has typed): the first
// route's JavaScript stays inside its budget.
let loadedSchema: typeof ZCreateTicketRequest | null = null;
const schemaPromise = import('@shared/tickets/ticket.schemas').then((module) => (loadedSchema = module.ZCreateTicketRequest));

function useCreateTicketSchema(): typeof ZCreateTicketRequest | null {
  const [schema, setSchema] = useState(loadedSchema);
  useEffect(() => {
    if (!schema) void schemaPromise.then(setSchema);
  }, [schema]);
  return schema;
}
import { previewRoutingContract } from '@shared/contracts/routing.contracts';
import { callApi } from '../../lib/api';

/**
 * Where the draft would go: once it passes the same schema the API checks, `POST /api/routing/preview` is asked
 * (debounced while the agent types). Nothing is saved.
 */
export function useRoutingPreview(draft: Record<string, unknown> | null) {
  const schema = useCreateTicketSchema();
  const valid = draft !== null && schema !== null && schema.safeParse(draft).success;
  const json = valid ? JSON.stringify(draft) : null;
  const [debounced, setDebounced] = useState<string | null>(json);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(json), 400);
    return () => clearTimeout(timer);
  }, [json]);
  const query = useQuery({
    queryKey: ['routing-preview', debounced],
    queryFn: async () => (await callApi(previewRoutingContract, { body: JSON.parse(debounced!) })).decision,
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  return { ...query, ready: valid, pending: json !== debounced || query.isFetching };
}
