import {
  APP_ERROR_CODES,
  ZConfigChangeQuery,
  ZReplaceCalendarYearRequest,
  ZUpdateCalendarRequest,
  ZUpdateSlaPolicyRequest,
  ZDryRunRequest,
  ZReplaceDraftRulesRequest,
  ZAddNoteRequest,
  ZCreateTicketRequest,
  ZContactAttemptRequest,
  ZDispatchTicketRequest,
  ZLeadConversionQuery,
  ZLeadFollowUpRequest,
  ZRejectTicketRequest,
  ZTicketListQuery,
  ZTransitionRequest,
  ZCreateUserRequest,
  ZResetPasswordRequest,
  ZUpdateDepartmentRequest,
  ZUpdateUserRequest,
  ZUserListQuery,
} from '@careline/shared';
import { z } from 'zod';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  tag: string;
  summary: string;
  roles?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  headers?: Array<{ name: string; description: string }>;
  success: number;
}

const ticketPath = '/api/tickets/{id}';
const transition = (action: string, summary: string, roles: string): Operation => ({
  method: 'post',
  path: `${ticketPath}/${action}`,
  tag: 'tickets',
  summary,
  roles,
  body: ZTransitionRequest,
  success: 200,
});

/** Every public operation. A route added without an entry here is missing from the docs: keep them together. */
export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/tickets',
    tag: 'tickets',
    summary: 'Open a ticket (type-specific fields are validated)',
    roles: 'agent, supervisor',
    body: ZCreateTicketRequest,
    headers: [{ name: 'Idempotency-Key', description: 'Same key and body again returns the first ticket (200, Idempotent-Replayed: true)' }],
    success: 201,
  },
  { method: 'get', path: '/api/tickets', tag: 'tickets', summary: 'List and search tickets within your scope (cursor pagination)', query: ZTicketListQuery, success: 200 },
  { method: 'get', path: ticketPath, tag: 'tickets', summary: 'One ticket with your abilities on it (404 when outside your scope)', success: 200 },
  { method: 'get', path: `${ticketPath}/events`, tag: 'tickets', summary: 'The timeline (hash-chained events)', success: 200 },
  { method: 'post', path: `${ticketPath}/notes`, tag: 'tickets', summary: 'Add an internal or dealer-visible note', body: ZAddNoteRequest, success: 201 },
  { method: 'post', path: `${ticketPath}/dispatch`, tag: 'tickets', summary: 'Dispatch to a dealer or department (transfer, for supervisors)', roles: 'agent, supervisor', body: ZDispatchTicketRequest, success: 200 },
  { method: 'post', path: `${ticketPath}/reject`, tag: 'tickets', summary: 'Reject with a coded reason (the responsible party)', roles: 'dealer_user, dealer_manager, dept_user', body: ZRejectTicketRequest, success: 200 },
  transition('acknowledge', 'Acknowledge (接单)', 'the responsible dealer or department'),
  transition('start', 'Start work', 'responsible party, agent, supervisor'),
  transition('pend', 'Wait for the customer (SLA paused)', 'responsible party, agent, supervisor'),
  transition('resume', 'Resume after waiting for the customer', 'responsible party, agent, supervisor'),
  transition('resolve', 'Mark resolved', 'responsible party, agent, supervisor'),
  transition('reopen', 'Reopen a resolved ticket', 'agent, supervisor'),
  transition('close', 'Close a resolved ticket', 'agent, supervisor'),
  transition('cancel', 'Cancel a duplicate or invalid ticket', 'agent, supervisor'),
  { method: 'post', path: `${ticketPath}/contacts`, tag: 'tickets', summary: 'Record a call or message to the customer (the first reached one is the first contact)', roles: 'responsible party after acknowledging, agent, supervisor', body: ZContactAttemptRequest, success: 201 },
  { method: 'post', path: `${ticketPath}/lead-follow-ups`, tag: 'leads', summary: 'Record a lead’s follow-up (contacted, test drive, order, lost + reason)', roles: 'the responsible dealer', body: ZLeadFollowUpRequest, success: 201 },
  { method: 'get', path: '/api/leads/conversion', tag: 'leads', summary: 'Lead conversion per dealer (a dealer sees its own)', query: ZLeadConversionQuery, success: 200 },
];

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...APP_ERROR_CODES] },
        message: { type: 'string', description: 'zh-CN by default, English with Accept-Language: en' },
        details: { type: 'object' },
      },
    },
  },
};

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes parse with. */
export function buildOpenApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const parameters: unknown[] = [];
    if (operation.path.includes('{id}')) {
      const numeric = operation.path.startsWith('/api/admin/outbox');
      parameters.push({ name: 'id', in: 'path', required: true, schema: numeric ? { type: 'integer' } : { type: 'string', format: 'uuid' } });
    }
    if (operation.path.includes('{year}')) {
      parameters.push({ name: 'year', in: 'path', required: true, schema: { type: 'integer', minimum: 2000 } });
    }
    if (operation.path.includes('{version}')) {
      parameters.push({ name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } });
    }
    if (operation.query) {
      const schema = jsonSchema(operation.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property });
      }
    }
    for (const header of operation.headers ?? []) {
      parameters.push({ name: header.name, in: 'header', required: false, description: header.description, schema: { type: 'string' } });
    }
    paths[operation.path] ??= {};
    paths[operation.path][operation.method] = {
      tags: [operation.tag],
      summary: operation.summary,
      description: operation.roles ? `Roles: ${operation.roles}` : undefined,
      parameters,
      requestBody: operation.body ? { required: true, content: { 'application/json': { schema: jsonSchema(operation.body) } } } : undefined,
      responses: {
        [operation.success]: { description: 'Success' },
        '4XX': { description: 'Client error (stable code)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'careline API',
      version: '0.1.0',
      description: 'OEM hotline tickets: dispatch, SLA, audit. Authenticate with the session cookie from /api/auth/login or an API key (Authorization: Bearer ck_…).',
    },
    servers: [{ url: serverUrl }],
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'careline_session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'Dealer-system API key ck_…' },
      },
    },
    security: [{ session: [] }, { apiKey: [] }],
    paths,
  };
}
