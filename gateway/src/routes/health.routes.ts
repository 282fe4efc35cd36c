import { Router } from 'express';
import { AppError } from '../errors';
import { NetworkUnavailableError } from '../fabric/errors';
import type { SystemService } from '../services/system.service';

/**
 * Liveness and readiness probes.
 *
 * /healthz never touches Fabric, so an orchestrator does not restart a healthy process because the
 * peer is down; /readyz does, so traffic is only routed to a gateway that can reach its chaincode.
 *
 * @param readinessTimeoutMs - deadline of the readiness ping, kept short so probes do not pile up.
 */
export function healthRoutes(system: SystemService, readinessTimeoutMs: number): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const chaincode = await system.ping({ timeoutMs: readinessTimeoutMs });
      res.json({ status: 'ready', chaincode });
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
