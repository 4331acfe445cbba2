/**
 * One definition for every endpoint: what the API mounts, what /api/openapi.json documents and what shared's
 * CONTRACTS registry lists are the same set, and each documented operation says what its success answer looks like.
 */
import { CONTRACTS } from '@careline/shared';
import type { Express } from 'express';
import { createApp } from '../../api/src/app';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(() => server?.close());

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route registered anywhere in the app, as `METHOD path` (paths relative to the router they are on). */
function mountedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

/** Outside /api on purpose: probes for load balancers and Prometheus, and the console's pages (SPA fallback). */
const OUTSIDE_THE_API = ['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /,/*path'];

describe('endpoint contracts', () => {
  it('the app mounts exactly the registry’s endpoints, each once, and nothing beside them', () => {
    const mounted = mountedRoutes(createApp(server.context)).filter((route) => !OUTSIDE_THE_API.includes(route));
    const expected = CONTRACTS.map((contract) => `${contract.method.toUpperCase()} ${contract.path}`);
    expect([...mounted].sort()).toEqual([...expected].sort());
    expect(new Set(expected).size).toBe(expected.length);
  });

  it('every contract is in /api/openapi.json with a schema for its success answer, and the document has nothing else', async () => {
    const { body: document } = await new ApiClient(server.url).get('/api/openapi.json');
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = CONTRACTS.map((contract) => `${contract.method.toUpperCase()} /api${contract.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(expected.sort());
    for (const contract of CONTRACTS) {
      const operation = document.paths[`/api${contract.path.replace(/:([A-Za-z]+)/g, '{$1}')}`][contract.method];
      const success = operation.responses[String(contract.success.status)];
      expect({ endpoint: `${contract.method} ${contract.path}`, described: Boolean(success) }).toEqual({ endpoint: `${contract.method} ${contract.path}`, described: true });
      if (contract.success.body) {
        const schema = success.content?.[contract.produces ?? 'application/json']?.schema;
        expect({ endpoint: `${contract.method} ${contract.path}`, hasSchema: Boolean(schema && (schema.$ref || schema.type || schema.anyOf)) }).toEqual({
          endpoint: `${contract.method} ${contract.path}`,
          hasSchema: true,
        });
      }
      if (contract.access !== 'public') expect(operation.responses['403']?.content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    }
    // A body is documented as required unless the endpoint takes none at all (the dry run: `{}` when absent).
    const dryRun = document.paths['/api/routing/rule-sets/draft/dry-run'].post.requestBody;
    expect(dryRun.required).toBe(false);
    expect(document.paths['/api/tickets'].post.requestBody.required).toBe(true);
  });
});

describe('commands check their own access, whichever way they are reached', () => {
  it('refuses an agent calling configuration commands directly (not through the API)', async () => {
    const { createUser, issueApiKey, updateSlaPolicy, updateCalendar } = await import('@careline/shared/server');
    const agent = { kind: 'user' as const, id: '00000000-0000-0000-0000-0000000000a1', name: 'agent', role: 'agent' as const, dealerId: null, departmentId: null };
    const db = server.context.db;
    const [policy] = await server.query<{ id: string }>(`select id from sla_policies limit 1`);
    const [calendar] = await server.query<{ id: string }>(`select id from calendars limit 1`);
    const [dealer] = await server.query<{ id: string }>(`select id from dealers limit 1`);
    const refusals = await Promise.all([
      createUser(db, agent, { username: 'intruder', displayName: 'x', email: 'x@example.com', role: 'admin', password: 'a-long-enough-password-1' }, { production: false }).catch((error) => error.code),
      issueApiKey(db, agent, { dealerId: dealer.id, name: 'x' }).catch((error) => error.code),
      updateSlaPolicy(db, agent, policy.id, { acknowledgeMinutes: 1 }).catch((error) => error.code),
      updateCalendar(db, agent, calendar.id, { alwaysOpen: true }).catch((error) => error.code),
    ]);
    expect(refusals).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(await server.query(`select 1 from users where username = 'intruder'`)).toHaveLength(0);
  });
});

describe('reference data carries no one’s contact details beyond those who manage escalation', () => {
  it('gives regions’ escalation contacts to supervisors and admins, not to agents or dealers', async () => {
    await server.query(`update regions set escalation_contacts = '[{"role":"regional_manager","name":"区域经理","email":"rm@example.com"}]'::jsonb`);
    const contactsSeenBy = async (username: string) => {
      const { body } = await (await signedIn(server, username)).get('/api/regions');
      return (body.items as Array<{ escalationContacts?: unknown[] }>).some((region) => region.escalationContacts !== undefined);
    };
    expect({ admin: await contactsSeenBy('admin'), supervisor: await contactsSeenBy('supervisor'), agent: await contactsSeenBy('agent'), dealer: await contactsSeenBy('dealer') }).toEqual({
      admin: true,
      supervisor: true,
      agent: false,
      dealer: false,
    });
  });
});
