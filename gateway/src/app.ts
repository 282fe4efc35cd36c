import { EVIDENCE, JOSP, SHELF, SYSTEM } from '@loulan/protocol';
import express, { type Express } from 'express';

import { AuditLedger } from './audit/ledger';
import { AUDIT_BASE_PATH, auditRoutes } from './audit/routes';
import { AuditService } from './audit/service';
import { identify, requireMember } from './auth/authenticate';
import type { GatewayConfig } from './config';
import { ContractClient } from './contract/client';
import { CouponsContract } from './coupons/contract';
import { COUPONS_BASE_PATH, couponsRoutes } from './coupons/routes';
import { CouponMatcher } from './coupons/service';
import { DEFAULT_EVENTS_CONFIG, type EventsConfig } from './events/config';
import { EVENTS_BASE_PATH, eventsRoutes } from './events/routes';
import { subscriptionRoutes, SUBSCRIPTIONS_BASE_PATH } from './events/webhooks/routes';
import type { Subscriptions } from './events/webhooks/service';
import { unconfiguredSubscriptions } from './events/webhooks/start';
import { EVIDENCE_BASE_PATH, evidenceRoutes } from './evidence/routes';
import { EvidenceService } from './evidence/service';
import { explorerRoutes } from './explorer/routes';
import type { FabricGateway } from './fabric/gateway';
import { docsRoutes } from './http/docs.routes';
import { errorHandler, notFoundHandler } from './http/errors';
import { requestId } from './http/request-id';
import { requestLogger } from './http/request-logger';
import { JOSP_BASE_PATH, jospRoutes } from './josp/routes';
import type { Logger } from './logger';
import { memberRoutes } from './members/members.routes';
import type { Members } from './members/open-members';
import { createMetrics, type Metrics, metricsRoute } from './metrics';
import { DEFAULT_MONITORING_CONFIG } from './monitoring/config';
import { MONITORING_BASE_PATH, monitoringRoutes } from './monitoring/routes';
import { MonitoringStatusSource } from './monitoring/status';
import { pagesRoutes } from './pages/routes';
import { PointsContract } from './points/contract';
import { LanePool } from './points/lane-pool';
import { POINTS_BASE_PATH, pointsRoutes } from './points/routes';
import { PointsService } from './points/service';
import { READMODEL_BASE_PATH, type ReadModelControl, readModelRoutes } from './readmodel/routes';
import type { ReadModelStore } from './readmodel/store';
import { unconfiguredReadModel } from './readmodel/unconfigured';
import { healthRoutes, type OrderingReadiness } from './routes/health.routes';
import { DEFAULT_SECURITY_CONFIG, type SecurityConfig } from './security/config';
import { corsPolicy } from './security/cors';
import { securityHeaders } from './security/headers';
import { rateLimiter } from './security/rate-limit';
import { SystemService } from './services/system.service';
import { SHELF_BASE_PATH, SHELF_SALES_BODY_LIMIT, shelfRoutes } from './shelf/routes';
import { SYSTEM_BASE_PATH, systemRoutes } from './system/routes';

/** Everything the HTTP app needs from the outside, injected so tests can pass fakes. */
export interface AppDeps {
  readonly fabric: FabricGateway;
  readonly logger: Logger;
  readonly config: GatewayConfig;
  readonly members: Members;
  /** Shared with the Fabric adapter so /metrics shows both; a fresh set when absent (tests). */
  readonly metrics?: Metrics;
  /** The exchange matcher, shared with its schedule (main.ts); a fresh one when absent (tests). */
  readonly couponMatcher?: CouponMatcher;
  /** The off-chain read model and its listener; its routes answer 404 when absent (tests). */
  readonly readModel?: { readonly store: ReadModelStore; readonly control: ReadModelControl };
  /** The ordering probe's latest result, which /readyz also requires; ordering is not looked at when absent. */
  readonly ordering?: OrderingReadiness;
  /** Rate limit, CORS, the /metrics token; {@link DEFAULT_SECURITY_CONFIG} when absent (tests). */
  readonly security?: SecurityConfig;
  /** The event stream's heartbeat; {@link DEFAULT_EVENTS_CONFIG} when absent (tests). */
  readonly events?: EventsConfig;
  /** Webhook subscriptions (events/webhooks/start.ts); their routes answer 404 when absent (tests). */
  readonly subscriptions?: Subscriptions;
  /** Node health and alerts for the explorer; {@link DEFAULT_MONITORING_CONFIG} (not configured) when absent. */
  readonly monitoring?: MonitoringStatusSource;
}

/** Largest accepted JSON body: the API only takes small commands, never documents. */
export const JSON_BODY_LIMIT = '64kb';

// Readiness must answer faster than the probe's own timeout, whatever the evaluate default is.
const READINESS_TIMEOUT_MS = 2_000;

/**
 * Builds the Express application without listening, so tests can drive it with supertest.
 *
 * Order matters: the request id comes first so every later log line and error body can carry it;
 * the security headers and CORS come before anything that can answer, so refusals carry them too;
 * the rate limiter sits between identifying the caller (to count it against its member) and
 * refusing an unauthenticated one (so refused keys count against their address), before the body
 * parsers; the error handler comes last so it sees every failure.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const security = deps.security ?? DEFAULT_SECURITY_CONFIG;
  if (security.trustProxyHops > 0) {
    // req.ip, which the rate limiter keys anonymous callers by, then comes from X-Forwarded-For.
    app.set('trust proxy', security.trustProxyHops);
  }

  app.use(requestId());
  app.use(requestLogger(deps.logger));
  const metrics = deps.metrics ?? createMetrics();
  app.use(metrics.httpMiddleware);
  app.use(securityHeaders());
  const cors = corsPolicy(security.corsOrigins);
  if (cors !== undefined) {
    app.use(cors);
  }
  app.use('/v1', identify(deps.members.authenticator));
  app.use(rateLimiter(security.rateLimit));
  // A sales batch of up to 500 lines is the one body larger than a small command; the first parser wins.
  app.use(`${SHELF_BASE_PATH}/sales`, express.json({ limit: SHELF_SALES_BODY_LIMIT }));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));

  const system = new SystemService(deps.fabric);
  app.use(healthRoutes(system, Math.min(READINESS_TIMEOUT_MS, deps.config.timeouts.evaluateMs), deps.ordering));
  app.get('/metrics', metricsRoute(metrics, security.metricsToken));
  app.use(docsRoutes());
  // Static page only; its data comes from the authenticated /v1 routes with the key the user types in.
  app.use(explorerRoutes());
  app.use(pagesRoutes());

  // Everything under /v1 runs as an authenticated member; probes above stay anonymous.
  app.use('/v1', requireMember(), (_req, res, next) => {
    // Answers are one member's data: no shared cache may keep them.
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(memberRoutes(deps.members));
  // The read model also serves the listings no chaincode read answers (coupon redemptions, JOSP payouts).
  const readModel = deps.readModel ?? unconfiguredReadModel();
  app.use(SYSTEM_BASE_PATH, systemRoutes(new ContractClient(deps.fabric, SYSTEM)));
  const points = new PointsContract(deps.fabric);
  const lanes = new LanePool(deps.config.balanceLanes);
  app.use(POINTS_BASE_PATH, pointsRoutes(points, new PointsService(points, lanes)));
  app.use(JOSP_BASE_PATH, jospRoutes(new ContractClient(deps.fabric, JOSP), readModel.store));
  const coupons = new CouponsContract(deps.fabric);
  app.use(COUPONS_BASE_PATH, couponsRoutes(coupons, deps.couponMatcher ?? new CouponMatcher(coupons), readModel.store));
  app.use(SHELF_BASE_PATH, shelfRoutes(new ContractClient(deps.fabric, SHELF)));
  const evidence = new ContractClient(deps.fabric, EVIDENCE);
  app.use(
    EVIDENCE_BASE_PATH,
    evidenceRoutes({ contract: evidence, service: new EvidenceService(evidence, deps.fabric, deps.config.channel) }),
  );
  const auditLedger = new AuditLedger(deps.fabric, deps.config.channel);
  const auditMsps = [...new Set(deps.config.members.orgs.map((org) => org.mspId))];
  // History and the verified prefix of the hash chain live in the read model (docs/audit.md).
  const auditIndex = deps.readModel === undefined ? {} : { index: deps.readModel.store };
  app.use(AUDIT_BASE_PATH, auditRoutes(new AuditService(auditLedger, points, coupons, auditMsps, auditIndex)));
  app.use(READMODEL_BASE_PATH, readModelRoutes(readModel.store, readModel.control));
  const events = deps.events ?? DEFAULT_EVENTS_CONFIG;
  app.use(EVENTS_BASE_PATH, eventsRoutes({ store: readModel.store, control: readModel.control, logger: deps.logger, config: events }));
  app.use(SUBSCRIPTIONS_BASE_PATH, subscriptionRoutes(deps.subscriptions ?? unconfiguredSubscriptions(deps.members.keyRing)));
  app.use(MONITORING_BASE_PATH, monitoringRoutes(deps.monitoring ?? new MonitoringStatusSource(DEFAULT_MONITORING_CONFIG)));

  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger));
  return app;
}
