import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { securityHeaders } from '../../api/src/http/security-headers';
import { DEMO_PASSWORD } from '@careline/shared/server';
import { ApiClient, startTestServer, type TestServer } from '../helpers/test-server';

/** Security headers on every response: what a browser needs to refuse framing, sniffing and foreign scripts. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ customers: 5 });
});

afterAll(() => server?.close());

const directives = (policy: string | null) =>
  Object.fromEntries((policy ?? '').split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name, values]));

describe('every response', () => {
  it.each([
    ['GET', '/api/auth/me'],
    ['GET', '/api/tickets/%E0'],
    ['GET', '/healthz'],
    ['POST', '/api/auth/login'],
    ['GET', '/no-such-page'],
  ])('%s %s carries CSP, nosniff, frame and referrer policies, and no HSTS over http', async (method, path) => {
    const response = await new ApiClient(server.url).request(method, path, method === 'POST' ? { username: 'x', password: 'y' } : undefined);
    const policy = directives(response.headers.get('content-security-policy'));
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy['img-src']).toEqual(["'self'", 'data:']);
    expect(policy['connect-src']).toEqual(["'self'", `ws://${new URL(server.url).host}`]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    // Over plain http an upgrade would send the console's requests to a port that does not answer.
    expect(policy['upgrade-insecure-requests']).toBeUndefined();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('the API reader page allows exactly its own inline script', async () => {
    const response = await fetch(`${server.url}/api/docs`);
    const html = await response.text();
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    const hash = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
    const policy = directives(response.headers.get('content-security-policy'));
    expect(policy['script-src']).toEqual([hash]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
  });
});

describe('behind https', () => {
  it('adds HSTS, upgrades insecure requests and allows wss: to its own host only', async () => {
    const app = express();
    app.use(securityHeaders('https://careline.example.cn'));
    app.get('/', (_request, response) => void response.send('ok'));
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(listening.address() as AddressInfo).port}/`);
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
      const policy = directives(response.headers.get('content-security-policy'));
      expect(policy['connect-src']).toEqual(["'self'", 'wss://careline.example.cn']);
      expect(policy['upgrade-insecure-requests']).toEqual([]);
    } finally {
      listening.close();
    }
  });
});

describe('the session cookie', () => {
  const signIn = async () => {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: 'agent', password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
    return response.headers.get('set-cookie') ?? '';
  };

  it('is HttpOnly and SameSite always, and Secure when SECURE_COOKIES (default: an https PUBLIC_URL) says so', async () => {
    const plain = await signIn();
    expect(plain).toMatch(/careline_session=[^;]+;/);
    expect(plain).toMatch(/HttpOnly/i);
    expect(plain).toMatch(/SameSite=(Lax|Strict)/i);
    expect(plain).not.toMatch(/;\s*Secure/i);
    server.context.config.secureCookies = true;
    try {
      expect(await signIn()).toMatch(/;\s*Secure/i);
    } finally {
      server.context.config.secureCookies = false;
    }
  });
});
