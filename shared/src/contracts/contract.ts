import { z } from 'zod';
import type { Access } from '../auth/access';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Session stages a route accepts besides a full session (the two-factor steps, /auth/me, sign-out). */
export type ContractStage = 'active' | 'mfa' | 'enrol';

/**
 * One endpoint between the tiers: method, path (express syntax, below /api), who may call it and the zod schemas of
 * its params, query, body and every response. The API mounts it (api/src/http/mount-contracts.ts), /api/openapi.json
 * is generated from it, and the console calls it through a client typed from it (console/src/lib/api.ts).
 *
 * Response schemas describe the wire: the server's value is the schema's input (dates may be Date objects), what a
 * client reads is its output. Fields not in the schema never leave the server.
 */
export interface Contract {
  readonly method: HttpMethod;
  readonly path: `/${string}`;
  readonly tag: string;
  readonly summary: string;
  /** `public`: no session needed (sign-in, the docs). */
  readonly access: Access | 'public';
  readonly stages?: readonly ContractStage[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Request headers the endpoint reads, by lower-case name, with what they mean. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The success status and its body (`null`: no body, as 204). */
  readonly success: { readonly status: 200 | 201 | 202 | 204; readonly body: z.ZodType | null; readonly description?: string };
  /** Non-JSON success bodies (the docs page) are named here instead. */
  readonly produces?: 'text/html';
  /** A request body that is not JSON (an uploaded file, streamed by the handler): named here, not parsed. */
  readonly consumes?: 'application/octet-stream';
}

export const defineContract = <const C extends Contract>(contract: C): C => contract;

type SchemaOf<C extends Contract, K extends 'params' | 'query' | 'body'> = C[K] extends z.ZodType ? C[K] : undefined;

/** What a caller sends: params, query and body as the schemas accept them. */
export type ContractInput<C extends Contract> = {
  [K in 'params' | 'query' | 'body' as SchemaOf<C, K> extends z.ZodType ? K : never]: z.input<NonNullable<SchemaOf<C, K>>>;
};

/** The body a caller sends. */
export type ContractBody<C extends Contract> = C['body'] extends z.ZodType ? z.input<C['body']> : never;

/** What the server's handler sees after parsing. */
export type ContractParsed<C extends Contract> = {
  [K in 'params' | 'query' | 'body']: SchemaOf<C, K> extends z.ZodType ? z.output<NonNullable<SchemaOf<C, K>>> : undefined;
};

/** The success body as the handler returns it (before it goes on the wire). */
export type ContractResult<C extends Contract> = C['success']['body'] extends z.ZodType ? z.input<C['success']['body']> : void;

/** The success body as a client reads it. */
export type ContractResponse<C extends Contract> = C['success']['body'] extends z.ZodType ? z.output<C['success']['body']> : void;

/** `/tickets/:id/notes` with `{ id }` → `/tickets/…/notes`, each value URI-encoded. */
export function fillPath(path: string, params: Record<string, string | number> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`fillPath: missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}
