import { AppError, CONTRACTS } from '@careline/shared';
import { requestLogLevel } from '@careline/shared/server';
import express, { type Express } from 'express';
import { apiKeyRoutes } from './admin/api-key.routes';
import { configAuditRoutes } from './admin/config-audit.routes';
import { roadsideSettingsRoutes } from './admin/roadside-settings.routes';
import { directoryRoutes } from './admin/directory.routes';
import { notificationsAdminRoutes } from './admin/notifications-admin.routes';
import { auditRoutes } from './audit/audit.routes';
import { callbackRoutes } from './callbacks/callback.routes';
import { roadsideRoutes } from './roadside/roadside.routes';
import { qaRoutes } from './qa/qa.routes';
import { authRoutes } from './auth/auth.routes';
import type { AppContext } from './context';
import { consoleStatic } from './console/console-static';
import { customerRoutes } from './customers/customer.routes';
import { rejectCrossOriginWrites } from './http/csrf';
import { errorHandler } from './http/errors';
import { metricsAccess } from './http/metrics-access';
import { rejectUnreadableBodies, rejectUnreadableUrls, requireJsonBodies } from './http/request-guard';
import { requestLog } from './http/request-log';
import { securityHeaders } from './http/security-headers';
import './http/types';
import { notificationSettingsRoutes } from './notifications/notification-settings.routes';
import { openApiRoutes } from './openapi/openapi.routes';
import { createMetrics, opsRoutes } from './ops/ops.routes';
import { referenceRoutes } from './reference/reference.routes';
import { geoRoutes } from './geo/geo.routes';
import { ruleSetRoutes } from './routing/rule-set.routes';
import { slaAdminRoutes } from './sla/sla-admin.routes';
import { statsRoutes } from './stats/stats.routes';
import { routingRoutes } from './routing/routing.routes';
import { reportRoutes } from './reports/reports.routes';
import { importRoutes } from './imports/import.routes';
import { assistRoutes } from './assist/assist.routes';
import { ticketRoutes } from './tickets/ticket.routes';
import { trackingRoutes } from './tracking/tracking.routes';
import { checkImplementations, mountContracts } from './http/mount-contracts';

/** The HTTP app, without listening: tests and main.ts both build it from a context. */
export function createApp(context: AppContext): Express {
  const app = express();
  const metrics = createMetrics();
  app.disable('x-powered-by');
  // TRUST_PROXY: which proxies' X-Forwarded-For to believe (the client address of rate limits and logs).
  app.set('trust proxy', context.config.trustProxy);
  app.use(requestLog(context.logger, requestLogLevel(context.config)));
  app.use(securityHeaders(context.config.publicUrl));
  app.use(metrics.middleware);
  // Before any route: what cannot be read is refused as a whole, and a forged write never reaches its handler.
  app.use(rejectUnreadableUrls());
  app.use(rejectCrossOriginWrites(context.config.allowedOrigins));
  app.get('/metrics', metricsAccess(context.config.metricsToken));
  app.use(opsRoutes(context, metrics));

  const api = express.Router();
  api.use(requireJsonBodies(CONTRACTS.filter((contract) => contract.consumes)));
  api.use(express.json({ limit: '256kb' }));
  api.use(rejectUnreadableBodies());
  // Every endpoint of shared/src/contracts, each exactly once (checkImplementations), in one router.
  const implementations = [
    ...ticketRoutes(context),
    ...authRoutes(context),
    ...customerRoutes(context),
    ...referenceRoutes(context),
    ...geoRoutes(context),
    ...auditRoutes(context),
    ...statsRoutes(context),
    ...notificationSettingsRoutes(context),
    ...apiKeyRoutes(context),
    ...notificationsAdminRoutes(context),
    ...directoryRoutes(context),
    ...configAuditRoutes(context),
    ...roadsideSettingsRoutes(context),
    ...slaAdminRoutes(context),
    ...routingRoutes(context),
    ...callbackRoutes(context),
    ...roadsideRoutes(context),
    ...qaRoutes(context),
    ...reportRoutes(context),
    ...importRoutes(context),
    ...assistRoutes(context),
    ...trackingRoutes(context),
    ...ruleSetRoutes(context),
    ...openApiRoutes(context),
  ];
  checkImplementations(CONTRACTS, implementations);
  api.use(mountContracts(context, implementations));
  api.use(() => {
    throw new AppError('NOT_FOUND');
  });
  app.use('/api', api);
  // The built console (SPA): after /api, so an unknown API path stays a JSON 404.
  app.use(consoleStatic());
  app.use(errorHandler(context.logger));
  return app;
}
