import { type Request, type RequestHandler, Router } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { AppContext } from '../context';

export interface Metrics {
  registry: Registry;
  middleware: RequestHandler;
}

/** Per-app registry (tests start several apps in one process). Routes are labelled by pattern, not raw URL. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'careline_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'careline_http_errors_total',
    help: 'HTTP responses with status >= 500',
    labelNames: ['route'],
    registers: [registry],
  });
  const routeOf = (request: Request) => (request.route?.path ? `${request.baseUrl}${request.route.path}` : 'unmatched');
  const middleware: RequestHandler = (request, response, next) => {
    const end = duration.startTimer();
    response.on('finish', () => {
      const route = routeOf(request);
      end({ method: request.method, route, status: String(response.statusCode) });
      if (response.statusCode >= 500) errors.inc({ route });
    });
    next();
  };
  return { registry, middleware };
}

export function opsRoutes(context: AppContext, metrics: Metrics): Router {
  const router = Router();
  // Liveness: the process answers. No dependency is checked, so an outage of one never gets instances restarted.
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  // Readiness: the database is required (nothing works without it); Redis is reported but not required, since ticket
  // writes only need the database and its outbox, so a Redis outage must not take every instance out of rotation.
  router.get('/readyz', async (_request, response) => {
    const [db, redis] = await Promise.all([
      context.database.ping().then(() => 'ok' as const, () => 'down' as const),
      context.redis.ping().then(() => 'ok' as const, () => 'down' as const),
    ]);
    const ready = db === 'ok';
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', db, redis, driver: context.database.driver });
  });
  router.get('/metrics', async (_request, response) => {
    response.setHeader('Content-Type', metrics.registry.contentType);
    response.send(await metrics.registry.metrics());
  });
  return router;
}
