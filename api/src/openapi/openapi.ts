import { APP_ERROR_CODES, CONTRACTS, type Contract } from '@careline/shared';
import { z } from 'zod';
import { createDocument, type ZodObjectInput, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';

const ZError = z
  .object({
    error: z.object({
      code: z.enum(APP_ERROR_CODES),
      message: z.string().meta({ description: 'zh-CN by default, English with Accept-Language: en' }),
      details: z.record(z.string(), z.unknown()).optional().meta({ description: 'VALIDATION_FAILED: `issues` (path, code, message) ; others: the code’s particulars' }),
    }),
  })
  .meta({ id: 'Error' });

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ZError } } });

/** `:id` → `{id}`, below /api. */
const openApiPath = (path: string) => `/api${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

function accessText(contract: Contract): string {
  if (contract.access === 'public') return 'No session needed.';
  const roles = contract.access.roles.length > 0 ? contract.access.roles.join(', ') : 'any signed-in user or API key';
  const stages = contract.stages ? ` Session stages: ${contract.stages.join(', ')}.` : '';
  return `Access: ${contract.access.name} (${roles}).${stages}`;
}

function operationOf(contract: Contract): ZodOpenApiOperationObject {
  const success = contract.success;
  return {
    tags: [contract.tag],
    summary: contract.summary,
    description: accessText(contract),
    ...(contract.access === 'public' ? { security: [] } : {}),
    requestParams: {
      ...(contract.params ? { path: contract.params as ZodObjectInput } : {}),
      ...(contract.query ? { query: contract.query as ZodObjectInput } : {}),
      ...(contract.headers ? { header: z.object(Object.fromEntries(Object.entries(contract.headers).map(([name, text]) => [name, z.string().optional().meta({ description: text })]))) } : {}),
    },
    // A body that has a default when absent (`prefault`) is optional.
    ...(contract.body ? { requestBody: { required: !contract.body.safeParse(undefined).success, content: { 'application/json': { schema: contract.body } } } } : {}),
    // An uploaded file: the body is its bytes.
    ...(contract.consumes ? { requestBody: { required: true, content: { [contract.consumes]: { schema: z.string().meta({ format: 'binary' }) } } } } : {}),
    responses: {
      [success.status]: success.body
        ? { description: success.description ?? 'Success', content: { [contract.produces ?? 'application/json']: { schema: success.body } } }
        : { description: success.description ?? 'Success, no body' },
      ...(contract.body || contract.query || contract.params ? { 400: errorResponse('VALIDATION_FAILED (details.issues), INVALID_JSON, MALFORMED_REQUEST') } : {}),
      ...(contract.access === 'public' ? {} : { 401: errorResponse('UNAUTHENTICATED, or MFA_REQUIRED naming the session stage'), 403: errorResponse('FORBIDDEN') }),
      '4XX': errorResponse('Other client errors, each with a stable code (NOT_FOUND, CONFLICT, …)'),
    },
  };
}

/** The OpenAPI 3.1 document, generated from the endpoint contracts (shared/src/contracts). */
export function buildOpenApiDocument(serverUrl: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const contract of CONTRACTS) {
    const path = openApiPath(contract.path);
    paths[path] = { ...paths[path], [contract.method]: operationOf(contract) };
  }
  const document = createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'careline API',
        version: '0.1.0',
        description: 'OEM hotline tickets: dispatch, SLA, audit. Authenticate with the session cookie from /api/auth/login or an API key (Authorization: Bearer ck_…).',
      },
      servers: [{ url: serverUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'careline_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'Dealer-system API key ck_…' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
      paths,
    },
    { allowEmptySchema: { custom: true } },
  );
  return document;
}
