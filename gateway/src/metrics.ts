import { createHash, timingSafeEqual } from 'node:crypto';

import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { UnauthenticatedError } from './errors';
import type { FabricMetrics } from './fabric/metrics';

/** The gateway's Prometheus metrics: one registry, served at /metrics. */
export interface Metrics {
  readonly registry: Registry;
  /** Counts and times every HTTP request by route pattern (never the raw path: ids would explode the label set). */
  readonly httpMiddleware: RequestHandler;
  readonly fabric: FabricMetrics;
}

// Ledger writes wait for a block, so the buckets reach well past the usual web latencies.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Creates a fresh registry with the process defaults and the gateway's own metrics. A registry per call
 * (rather than prom-client's global one) lets tests build several apps in one process.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({
    name: 'loulan_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'loulan_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const submitDuration = new Histogram({
    name: 'loulan_fabric_submit_duration_seconds',
    help: 'Fabric submit latency, retries included, by outcome',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const commitDuration = new Histogram({
    name: 'loulan_fabric_commit_duration_seconds',
    help: 'Time from handing a transaction to ordering until its commit status is known',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'loulan_fabric_submit_retries_total',
    help: 'Submits retried with a fresh proposal, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const conflicts = new Counter({
    name: 'loulan_fabric_mvcc_conflicts_total',
    help: 'Transactions invalidated by a read conflict, by validation code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const resolutions = new Counter({
    name: 'loulan_fabric_resolutions_total',
    help: 'Transactions of unknown outcome looked up by id, by result',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const resubmits = new Counter({
    name: 'loulan_fabric_resubmits_total',
    help: 'Signed envelopes sent again because the peer did not know the transaction',
    registers: [registry],
  });
  const pending = new Gauge({
    name: 'loulan_fabric_pending_transactions',
    help: 'Journalled transactions whose outcome is still unknown, after the last background resolution run',
    registers: [registry],
  });
  const orderingReachable = new Gauge({
    name: 'loulan_fabric_ordering_nodes_reachable',
    help: 'Ordering nodes that answered the last readiness probe',
    registers: [registry],
  });
  const orderingQuorum = new Gauge({
    name: 'loulan_fabric_ordering_quorum',
    help: '1 when the ordering nodes that answered the last probe make a quorum, else 0',
    registers: [registry],
  });

  const httpMiddleware: RequestHandler = (req, res, next) => {
    const stop = httpDuration.startTimer();
    res.on('finish', () => {
      // req.route is set once a route matched; unmatched paths share one label.
      const pattern = routePath(req.route);
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      httpRequests.inc(labels);
      stop(labels);
    });
    next();
  };

  return {
    registry,
    httpMiddleware,
    fabric: {
      observeSubmit: (seconds, outcome) => {
        submitDuration.observe({ outcome }, seconds);
      },
      observeCommit: (seconds) => {
        commitDuration.observe(seconds);
      },
      retried: (reason) => {
        retries.inc({ reason });
      },
      conflicted: (reason) => {
        conflicts.inc({ code: reason });
      },
      resolved: (outcome) => {
        resolutions.inc({ outcome });
      },
      resubmitted: () => {
        resubmits.inc();
      },
      pendingTransactions: (count) => {
        pending.set(count);
      },
      orderingProbed: (reachable, quorum) => {
        orderingReachable.set(reachable);
        orderingQuorum.set(quorum ? 1 : 0);
      },
    },
  };
}

/**
 * `GET /metrics`: the exposition of `metrics.registry`, behind `Authorization: Bearer <token>` when a
 * scrape token is configured (LOULAN_METRICS_TOKEN; Prometheus sends it with `authorization.credentials`).
 * Without a token the route is open, which the configuration only allows on a loopback address.
 */
export function metricsRoute(metrics: Metrics, token: string | null): RequestHandler {
  const expected = token === null ? null : digest(token);
  return async (req, res) => {
    if (expected !== null) {
      const presented = /^Bearer +(\S+) *$/i.exec(req.get('Authorization') ?? '')?.[1];
      // Digests have one length, so the comparison takes the same time whatever was sent.
      if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
        res.set('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new UnauthenticatedError('/metrics needs the scrape token as a bearer token');
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The path pattern of a matched route; Express types `req.route` as any, so its shape is checked here. */
function routePath(route: unknown): string | undefined {
  if (typeof route !== 'object' || route === null || !('path' in route)) {
    return undefined;
  }
  return typeof route.path === 'string' ? route.path : undefined;
}
