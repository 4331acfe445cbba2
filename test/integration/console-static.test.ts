import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { consoleStatic } from '../../api/src/console/console-static';

/** The built console as the API serves it: SPA fallback, cache headers, and the paths it must leave alone. */
describe('console static serving', () => {
  const dist = mkdtempSync(join(tmpdir(), 'careline-console-'));
  let server: Server;
  let base: string;

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    const app = express();
    app.get('/api/ping', (_request, response) => void response.json({ ok: true }));
    app.use(consoleStatic(dist));
    app.use((_request, response) => void response.status(404).json({ error: { code: 'NOT_FOUND' } }));
    server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers a deep link with index.html, never cached', async () => {
    const response = await fetch(`${base}/tickets/3f1c4f9e-1111-4d2a-9a7b-0123456789ab`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<div id="root">');
    const root = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(await root.text()).toContain('<div id="root">');
  });

  it('caches hashed assets for a year and 404s a missing one instead of sending HTML', async () => {
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('cache-control')).toContain('max-age=31536000');
    const missing = await fetch(`${base}/assets/index-old999.js`, { headers: { accept: '*/*' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).not.toContain('text/html');
  });

  it('leaves /api, /socket.io and non-HTML requests to the handlers after it', async () => {
    expect(await (await fetch(`${base}/api/ping`)).json()).toEqual({ ok: true });
    const unknownApi = await fetch(`${base}/api/nothing-here`, { headers: { accept: 'text/html' } });
    expect(unknownApi.status).toBe(404);
    expect(await unknownApi.json()).toEqual({ error: { code: 'NOT_FOUND' } });
    const socket = await fetch(`${base}/socket.io/?EIO=4&transport=polling`, { headers: { accept: 'text/html' } });
    expect(socket.status).toBe(404);
    const json = await fetch(`${base}/tickets`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
  });

  it('says the console is not built when index.html is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'careline-console-empty-'));
    const app = express().use(consoleStatic(empty));
    const other = app.listen(0);
    await new Promise((resolve) => other.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/workspace`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build -w console');
    } finally {
      other.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
