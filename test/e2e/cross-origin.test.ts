import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiKey } from '@careline/shared/server';
import type { Browser } from 'playwright-core';
import { dispatchedComplaint, fixtures, type Fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { launchChromium, openWindow, signIn, Steps, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/**
 * A hostile page on another origin (same host, another port: same-site, so the admin's SameSite=Lax cookie goes
 * along) auto-submits forms to the admin actions that need no body, and opens a socket to the API, while an admin is
 * signed in in the same browser. Nothing may change and the socket must be refused; the same form sent from careline's
 * own page does work, so it is the origin check that stops the others.
 */
let stack: E2eStack;
let browser: Browser;
let fixture: Fixtures;
let admin: UserWindow | undefined;
let adminApi: ApiClient;
let hostile: Server;
let hostileUrl: string;
let targets: { ruleSet: string; policy: string; user: string; apiKey: string };

/** Every body-less admin action, as the hostile page posts it (no fields: a body would already be refused as not JSON). */
const actions = () => [
  '/api/routing/rule-sets/draft/publish',
  `/api/sla-policies/${targets.policy}/apply-to-open-tickets`,
  `/api/admin/users/${targets.user}/deactivate`,
  `/api/admin/api-keys/${targets.apiKey}/revoke`,
];

function hostilePage(apiUrl: string): string {
  const forms = actions()
    .flatMap((action, index) =>
      ['text/plain', 'application/x-www-form-urlencoded'].map(
        (enctype, variant) => `<iframe name="sink-${index}-${variant}"></iframe>
<form method="POST" action="${apiUrl}${action}" enctype="${enctype}" target="sink-${index}-${variant}"></form>`,
      ),
    )
    .join('\n');
  const socketUrl = `${apiUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  return `<!doctype html><html><body><h1>Win a prize</h1>
${forms}
<script>
window.__socket = 'pending';
for (const form of document.forms) form.submit();
const socket = new WebSocket(${JSON.stringify(socketUrl)});
socket.onmessage = (event) => {
  // engine.io "open" (0{…}); then ask for the default namespace (socket.io "40") as the console would.
  if (String(event.data).startsWith('0')) socket.send('40');
  else window.__socket = 'message:' + event.data;
};
socket.onerror = () => { if (window.__socket === 'pending') window.__socket = 'refused'; };
socket.onclose = () => { if (window.__socket === 'pending') window.__socket = 'refused'; };
</script></body></html>`;
}

/** What the four actions would change: the published rule set, open tickets' events, the user, the key. */
async function state() {
  const query = stack.server.query;
  return {
    ruleSets: await query(`select version, status, published_at from routing_rule_sets order by version`),
    ticketEvents: await query(`select count(*)::int as n from ticket_events`),
    tickets: await query(`select id, version, sla_policy_id from tickets order by id`),
    user: await query(`select active from users where id = $1`, [targets.user]),
    apiKey: await query(`select revoked_at from api_keys where id = $1`, [targets.apiKey]),
  };
}

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
  fixture = await fixtures(stack.server);
  adminApi = await signedIn(stack.server, 'admin');
  const agent = await signedIn(stack.server, 'agent');
  await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
  // A draft to publish, a policy with open tickets, a user and a key that a forged request would hit.
  const draft = await adminApi.post('/api/routing/rule-sets/draft', {});
  expect(draft.status).toBeLessThan(300);
  const [policy] = await stack.server.query<{ id: string }>(`select id from sla_policies order by name limit 1`);
  const [user] = await stack.server.query<{ id: string }>(`select id from users where username = $1`, [fixture.departmentB.username]);
  const { id: apiKey } = await createApiKey(stack.server.database.db, { dealerId: fixture.dealerA.id, name: '跨站测试' });
  targets = { ruleSet: draft.body.ruleSet?.id ?? '', policy: policy.id, user: user.id, apiKey };
  hostile = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(hostilePage(stack.url));
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await admin?.context.close();
  await browser?.close();
  await new Promise((resolve) => (hostile ? hostile.close(resolve) : resolve(undefined)));
  await stack?.close();
});

describe('a page of another origin, with an admin signed in', () => {
  it('cannot publish, apply, deactivate or revoke by form, nor open a socket', async () => {
    const steps = Steps.forCurrentTest();
    admin = await openWindow(browser, stack.url);
    const page = admin.page;
    await steps.step('the admin signs in; the console works (its own writes and socket pass)', page, async () => {
      await signIn(page, 'admin');
    });
    const before = await state();

    const attack = await admin.context.newPage();
    // The answers to the forms, as the browser received them (framing them is refused, so their bodies are not kept).
    const answers: Array<{ path: string; status: number }> = [];
    attack.on('response', (response) => {
      if (response.request().method() === 'POST') answers.push({ path: new URL(response.url()).pathname, status: response.status() });
    });
    await steps.step('the hostile page submits eight forms and opens a socket', attack, async () => {
      await attack.goto(hostileUrl);
      await attack.waitForFunction(() => (window as unknown as { __socket: string }).__socket !== 'pending');
      const deadline = Date.now() + 15_000;
      while (answers.length < 8 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    });

    const expected = actions().flatMap((path) => [path, path]).map((path) => ({ path, status: 403 }));
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect([...answers].sort(byPath)).toEqual(expected.sort(byPath));
    expect(await attack.evaluate(() => (window as unknown as { __socket: string }).__socket)).toBe('refused');
    expect(await state()).toEqual(before);

    await steps.step('the same body-less form from careline’s own page does deactivate the user', page, async () => {
      const action = `/api/admin/users/${targets.user}/deactivate`;
      await page.evaluate((target) => {
        const frame = document.createElement('iframe');
        frame.name = 'own-sink';
        document.body.appendChild(frame);
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = target;
        form.enctype = 'application/x-www-form-urlencoded';
        form.target = 'own-sink';
        document.body.appendChild(form);
        form.submit();
      }, action);
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (await state()).user[0].active) await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await state()).user).toEqual([{ active: false }]);
    });
    await adminApi.post(`/api/admin/users/${targets.user}/reactivate`);
    await attack.close();
    expect(admin.pageErrors).toEqual([]);
  });
});
