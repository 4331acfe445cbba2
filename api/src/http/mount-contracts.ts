import type { Actor, Contract, ContractParsed, ContractResult } from '@careline/shared';
import { AppError } from '@careline/shared';
import { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import { actorOf, requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse, type ValidationIssue } from './validate';

/** A success answer with another status than the contract's (a replayed create: 200) or extra headers. */
export class Reply<T> {
  constructor(
    readonly body: T,
    readonly options: { status?: number; headers?: Record<string, string> } = {},
  ) {}
}

export type HandlerInput<C extends Contract> = ContractParsed<C> & {
  /** The caller; for `public` contracts the handler reads the request itself. */
  actor: C['access'] extends 'public' ? undefined : Actor;
  request: Request;
  response: Response;
};

export type Handler<C extends Contract> = (input: HandlerInput<C>) => Promise<ContractResult<C> | Reply<ContractResult<C>>> | ContractResult<C> | Reply<ContractResult<C>>;

/** Rewords the VALIDATION_FAILED issues of a body, given the body as sent (naming the rule an issue is in, say). */
export type ExplainIssues = (issues: ValidationIssue[], body: unknown) => ValidationIssue[];

export interface Implementation {
  readonly contract: Contract;
  readonly handle: Handler<Contract>;
  readonly explainBodyIssues?: ExplainIssues;
}

/** Pairs a contract with the code that fulfils it; the handler is typed by the contract's schemas. */
export const implement = <C extends Contract>(contract: C, handle: Handler<C>, options: { explainBodyIssues?: ExplainIssues } = {}): Implementation => ({
  contract,
  handle: handle as unknown as Handler<Contract>,
  ...options,
});

function parseBody(schema: z.ZodType, body: unknown, explain: ExplainIssues | undefined): unknown {
  try {
    return parse(schema, body);
  } catch (error) {
    if (!explain || !(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
    throw new AppError('VALIDATION_FAILED', { issues: explain(error.details?.issues as ValidationIssue[], body) });
  }
}

/**
 * Static segments before parameters, so `/routing/rule-sets/draft` is tried before `/routing/rule-sets/:version`
 * whatever order the implementations come in.
 */
export function bySpecificity(a: Contract, b: Contract): number {
  const left = a.path.split('/');
  const right = b.path.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const leftParam = left[index].startsWith(':');
    const rightParam = right[index].startsWith(':');
    if (leftParam !== rightParam) return leftParam ? 1 : -1;
  }
  return right.length - left.length;
}

/** Each contract exactly once: an endpoint cannot be forgotten, nor mounted twice. */
export function checkImplementations(contracts: readonly Contract[], implementations: readonly Implementation[]): void {
  const keyOf = (contract: Contract) => `${contract.method.toUpperCase()} ${contract.path}`;
  const implemented = new Map<string, number>();
  for (const { contract } of implementations) implemented.set(keyOf(contract), (implemented.get(keyOf(contract)) ?? 0) + 1);
  const problems = [
    ...contracts.filter((contract) => !implemented.has(keyOf(contract))).map((contract) => `not implemented: ${keyOf(contract)}`),
    ...[...implemented].filter(([, count]) => count > 1).map(([key]) => `implemented twice: ${key}`),
    ...implementations.filter(({ contract }) => !contracts.includes(contract)).map(({ contract }) => `not in the registry: ${keyOf(contract)}`),
  ];
  if (problems.length > 0) throw new Error(`API contracts: ${problems.join('; ')}`);
}

/**
 * Mounts implementations on one router. Every endpoint goes the same way: authenticate (session stage) → authorize
 * (the contract's access) → parse params, query and body (VALIDATION_FAILED) → the handler (a command or query,
 * which checks its own domain policy) → present: the result is put through the success schema, so the answer is
 * what the contract says and nothing more.
 */
export function mountContracts(context: AppContext, implementations: readonly Implementation[]): Router {
  const router = Router();
  const sorted = [...implementations].sort((a, b) => bySpecificity(a.contract, b.contract));
  for (const { contract, handle, explainBodyIssues } of sorted) {
    const guards =
      contract.access === 'public' ? [] : [requireActor(context, undefined, contract.stages ? { stages: contract.stages } : {})];
    router[contract.method](contract.path, ...guards, async (request: Request, response: Response) => {
      let actor: Actor | undefined;
      if (contract.access !== 'public') {
        actor = actorOf(request);
        if (!contract.access.allows(actor)) throw new AppError('FORBIDDEN');
      }
      const parsed = {
        params: contract.params ? parse(contract.params, request.params) : undefined,
        query: contract.query ? parse(contract.query, request.query) : undefined,
        body: contract.body ? parseBody(contract.body, request.body, explainBodyIssues) : undefined,
      };
      const result = await handle({ ...parsed, actor, request, response } as HandlerInput<Contract>);
      if (response.headersSent) return;
      const reply = result instanceof Reply ? result : new Reply(result);
      for (const [name, value] of Object.entries(reply.options.headers ?? {})) response.setHeader(name, value);
      const status = reply.options.status ?? contract.success.status;
      if (!contract.success.body) {
        response.status(status).end();
        return;
      }
      response.status(status).json(present(contract.success.body, reply.body, contract));
    });
  }
  return router;
}

/** The answer as its schema words it; a handler returning something else is a server bug, not the caller's. */
function present(schema: z.ZodType, value: unknown, contract: Contract): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const where = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`response of ${contract.method.toUpperCase()} ${contract.path} does not match its contract (${where.join('; ')})`);
}
