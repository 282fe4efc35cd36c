import { createHash, timingSafeEqual } from 'node:crypto';

import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { UnauthenticatedError } from './errors';
import type { FabricMetrics } from './fabric/metrics';
import type { InvariantMetrics } from './monitoring/invariant-check';

/** The gateway's Prometheus metrics: one registry, served at /metrics. */
export interface Metrics {
  readonly registry: Registry;
  /** Counts and times every HTTP request by route pattern (never the raw path: ids would explode the label set). */
  readonly httpMiddleware: RequestHandler;
  readonly fabric: FabricMetrics;
  /** The periodic points invariant check (monitoring/invariant-check.ts), which the alert rules read. */
  readonly invariant: InvariantMetrics;
}

// Ledger writes wait for a block, so the buckets reach well past the usual web latencies.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
// The labels of both HTTP metrics, which the middleware sets together.
const HTTP_LABELS = ['method', 'route', 'status'] as const;

/**
 * Creates a fresh registry with the process defaults and the gateway's own metrics. A registry per call
 * (rather than prom-client's global one) lets tests build several apps in one process.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  // Every metric registers with this registry; every histogram times in LATENCY_BUCKETS.
  const counter = <Label extends string>(name: string, help: string, labelNames: readonly Label[] = []): Counter<Label> =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const histogram = <Label extends string>(name: string, help: string, labelNames: readonly Label[] = []): Histogram<Label> =>
    new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers: [registry] });
  const gauge = (name: string, help: string): Gauge => new Gauge({ name, help, registers: [registry] });

  const httpRequests = counter('loulan_http_requests_total', 'HTTP requests by method, route pattern and status', HTTP_LABELS);
  const httpDuration = histogram(
    'loulan_http_request_duration_seconds',
    'HTTP request latency by method, route pattern and status',
    HTTP_LABELS,
  );
  const submitDuration = histogram('loulan_fabric_submit_duration_seconds', 'Fabric submit latency, retries included, by outcome', [
    'outcome',
  ]);
  const commitDuration = histogram(
    'loulan_fabric_commit_duration_seconds',
    'Time from handing a transaction to ordering until its commit status is known',
  );
  const retries = counter('loulan_fabric_submit_retries_total', 'Submits retried with a fresh proposal, by reason', ['reason']);
  const conflicts = counter('loulan_fabric_mvcc_conflicts_total', 'Transactions invalidated by a read conflict, by validation code', [
    'code',
  ]);
  const resolutions = counter('loulan_fabric_resolutions_total', 'Transactions of unknown outcome looked up by id, by result', ['outcome']);
  const resubmits = counter('loulan_fabric_resubmits_total', 'Signed envelopes sent again because the peer did not know the transaction');
  const pending = gauge(
    'loulan_fabric_pending_transactions',
    'Journalled transactions whose outcome is still unknown: at start-up, then after each background resolution run',
  );
  const orderingReachable = gauge('loulan_fabric_ordering_nodes_reachable', 'Ordering nodes that answered the last readiness probe');
  const orderingQuorum = gauge(
    'loulan_fabric_ordering_quorum',
    '1 when the ordering nodes that answered the last probe make a quorum, else 0',
  );

  // 0 until the first check; the alert rules tell that from a broken invariant by the timestamp.
  const invariantHolds = gauge('loulan_points_invariant_holds', '1 when the last points invariant check found it holding, else 0');
  const invariantChecked = gauge(
    'loulan_points_invariant_checked_timestamp_seconds',
    'Unix time of the last points invariant check that reached the ledger; 0 before the first',
  );

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
    invariant: {
      checked: (holds, at) => {
        invariantHolds.set(holds ? 1 : 0);
        invariantChecked.set(at.getTime() / 1000);
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
