import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { CONSOLE_DIST_DIR } from './console-build';

const SKIPPED_PREFIXES = ['/api', '/socket.io', '/healthz', '/readyz', '/metrics'];

/**
 * Serves the built console: hashed assets cached for a year (their names change with their content), every other
 * GET that accepts HTML answered with index.html, never cached, so a new build reaches browsers on the next load
 * and deep links (/tickets/…) work.
 */
export function consoleStatic(distDir = CONSOLE_DIST_DIR): Router {
  const router = express.Router();
  const indexFile = join(distDir, 'index.html');
  router.use('/assets', express.static(join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  // An old asset name after a new build: a plain 404, not index.html (a browser would parse HTML as JavaScript).
  router.use('/assets', (_request, response) => {
    response.status(404).type('text/plain').send('Not found');
  });
  router.use(express.static(distDir, { index: false, maxAge: 0, setHeaders: (response) => response.setHeader('Cache-Control', 'no-cache') }));
  router.get(['/', '/*path'], (request, response, next) => {
    if (SKIPPED_PREFIXES.some((prefix) => request.path === prefix || request.path.startsWith(`${prefix}/`))) return next();
    if (!request.accepts('html')) return next();
    if (!existsSync(indexFile)) {
      response
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built yet: run `npm run build -w console` (npm start builds it when missing).\n控制台尚未构建。');
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexFile);
  });
  return router;
}
