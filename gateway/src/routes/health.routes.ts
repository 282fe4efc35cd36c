import { Router } from 'express';

import { AppError } from '../errors';
import { NetworkUnavailableError } from '../fabric/errors';
import type { OrderingHealth } from '../fabric/ordering';
import type { SystemService } from '../services/system.service';

/** The latest state of the ordering service (`undefined` before the first probe), kept by a background probe. */
export type OrderingReadiness = () => OrderingHealth | undefined;

/**
 * Liveness and readiness probes.
 *
 * /healthz never touches Fabric, so an orchestrator does not restart a healthy process because the
 * peer is down; /readyz does, so traffic is only routed to a gateway that can reach its chaincode and
 * whose writes can be ordered.
 *
 * @param readinessTimeoutMs - deadline of the readiness ping, kept short so probes do not pile up.
 * @param ordering - the ordering probe's latest result (src/fabric/ordering.ts); readiness then also needs
 *   a reachable quorum of ordering nodes. Without it (probe turned off) ordering is not looked at.
 */
export function healthRoutes(system: SystemService, readinessTimeoutMs: number, ordering?: OrderingReadiness): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    // Read from memory, so a gateway cut off from ordering answers at once, before any ping.
    const orderingHealth = ordering?.();
    if (ordering !== undefined && orderingHealth?.ready !== true) {
      throw new NetworkUnavailableError(
        orderingHealth === undefined
          ? 'ordering service not probed yet'
          : `ordering service not ready: ${orderingHealth.problem ?? 'no quorum'}`,
        orderingHealth === undefined ? {} : { details: { ordering: orderingHealth } },
      );
    }
    try {
      const chaincode = await system.ping({ timeoutMs: readinessTimeoutMs });
      res.json({ status: 'ready', chaincode, ...(orderingHealth === undefined ? {} : { ordering: orderingHealth }) });
    } catch (err) {
      // Whatever went wrong, the gateway cannot serve ledger requests: that is "unavailable" to a probe.
      throw err instanceof NetworkUnavailableError
        ? err
        : new NetworkUnavailableError(`chaincode ping failed${err instanceof AppError ? ` (${err.code})` : ''}`, {
            cause: err,
          });
    }
  });

  return router;
}
