import { randomUUID } from 'node:crypto';
import { AppError } from '@careline/shared';
import express, { type Express } from 'express';
import { apiKeyRoutes } from './admin/api-key.routes';
import { directoryRoutes } from './admin/directory.routes';
import { notificationsAdminRoutes } from './admin/notifications-admin.routes';
import { auditRoutes } from './audit/audit.routes';
import { authRoutes } from './auth/auth.routes';
import type { AppContext } from './context';
import { consoleStatic } from './console/console-static';
import { customerRoutes } from './customers/customer.routes';
import { errorHandler } from './http/errors';
import './http/types';
import { notificationSettingsRoutes } from './notifications/notification-settings.routes';
import { openApiRoutes } from './openapi/openapi.routes';
import { createMetrics, opsRoutes } from './ops/ops.routes';
import { referenceRoutes } from './reference/reference.routes';
import { ruleSetRoutes } from './routing/rule-set.routes';
import { slaAdminRoutes } from './sla/sla-admin.routes';
import { statsRoutes } from './stats/stats.routes';
import { routingRoutes } from './routing/routing.routes';
import { ticketRoutes } from './tickets/ticket.routes';

/** The HTTP app, without listening: tests and main.ts both build it from a context. */
export function createApp(context: AppContext): Express {
  const app = express();
  const metrics = createMetrics();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((request, response, next) => {
    const header = request.headers['x-request-id'];
    request.id = typeof header === 'string' && header.length <= 100 ? header : randomUUID();
    response.setHeader('X-Request-Id', request.id);
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      context.logger.info(
        { requestId: request.id, method: request.method, url: request.originalUrl, status: response.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, actor: request.actor?.id },
        'request',
      );
    });
    next();
  });
  app.use(metrics.middleware);
  app.use(opsRoutes(context, metrics));

  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));
  api.use(authRoutes(context));
  api.use(ruleSetRoutes(context));
  api.use(routingRoutes(context));
  api.use(ticketRoutes(context));
  api.use(customerRoutes(context));
  api.use(referenceRoutes(context));
  api.use(auditRoutes(context));
  api.use(apiKeyRoutes(context));
  api.use(notificationsAdminRoutes(context));
  api.use(slaAdminRoutes(context));
  api.use(notificationSettingsRoutes(context));
  api.use(statsRoutes(context));
  api.use(directoryRoutes(context));
  api.use(openApiRoutes(context));
  api.use(() => {
    throw new AppError('NOT_FOUND');
  });
  app.use('/api', api);
  // The built console (SPA): after /api, so an unknown API path stays a JSON 404.
  app.use(consoleStatic());
  app.use(errorHandler(context.logger));
  return app;
}
