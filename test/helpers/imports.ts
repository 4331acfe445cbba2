import type { ApiClient } from './test-server';
import { waitFor } from './wait-for';

export interface ImportQuery {
  kind: string;
  source: string;
  fileName: string;
  asOf?: string;
}

/** Uploads a file to `/api/imports` (the file is the request body, the rest is the query). */
export function uploadImport(client: ApiClient, bytes: Uint8Array, query: ImportQuery) {
  return client.upload(`/api/imports?${new URLSearchParams({ ...query })}`, bytes);
}

/**
 * Uploads, starts with the mapping the API offered (or `mapping`), and waits for the workers to finish: the import's
 * status as `GET /api/imports/:id` gives it once done or failed.
 */
export async function importAndWait(
  client: ApiClient,
  bytes: Uint8Array,
  query: ImportQuery,
  options: { mapping?: Record<string, string>; timeoutMs?: number } = {},
): Promise<any> {
  const uploaded = await uploadImport(client, bytes, query);
  if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
  const started = await client.post(`/api/imports/${uploaded.body.import.id}/start`, { mapping: options.mapping ?? uploaded.body.mapping });
  if (started.status !== 202) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  return waitFor(
    async () => {
      const status = (await client.get(`/api/imports/${uploaded.body.import.id}`)).body;
      return status.status === 'done' || status.status === 'failed' ? status : undefined;
    },
    `the import of ${query.fileName} to finish`,
    options.timeoutMs ?? 60_000,
  );
}
