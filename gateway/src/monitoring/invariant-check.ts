import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { GatewayConfig } from '../config';
import type { CallerIdentity } from '../fabric/gateway';
import { type PeriodicTask, runPeriodically } from '../fabric/periodic';
import { messageSigner } from '../fabric/signing';
import type { Logger } from '../logger';
import type { PointsContract } from '../points/contract';

/** What the invariant check records; the gateway's Prometheus gauges (metrics.ts). */
export interface InvariantMetrics {
  /** The outcome of one check that reached the ledger, and when it ran. */
  checked(holds: boolean, at: Date): void;
}

/** What {@link checkInvariantPeriodically} needs. */
export interface InvariantCheckDeps {
  readonly points: Pick<PointsContract, 'checkInvariant'>;
  /** An identity the chaincode lets read the invariant (auditor or admin): {@link orgAdminCaller}. */
  readonly caller: CallerIdentity;
  readonly metrics: InvariantMetrics;
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly clock?: () => Date;
}

/**
 * Evaluates `points:CheckInvariant` now and every `intervalMs`, so that Prometheus can alert on a broken
 * invariant (PointsInvariantBroken) without anyone calling the audit route. A check that fails (peer
 * unreachable) leaves the gauges as they were: the last-check timestamp then ages, which
 * PointsInvariantUnchecked alerts on.
 */
export function checkInvariantPeriodically(deps: InvariantCheckDeps): PeriodicTask {
  const clock = deps.clock ?? ((): Date => new Date());
  return runPeriodically(
    async () => {
      const invariant = await deps.points.checkInvariant(deps.caller);
      deps.metrics.checked(invariant.holds, clock());
      if (!invariant.holds) {
        deps.logger.error({ invariant }, 'the points invariant does not hold');
      }
    },
    deps.intervalMs,
    (err: unknown) => {
      deps.logger.warn({ err }, 'points invariant check failed');
    },
  );
}

/**
 * The admin of the gateway's own organisation as a caller. The gateway's service identity carries no
 * ledger role, so the chaincode refuses it every read; the org admin's certificate and key are the
 * gateway's already (it is the CA registrar of the org's members), and the check only evaluates.
 *
 * @throws Error when the configuration lists no organisation of the gateway's MSP, or its files are unreadable
 */
export function orgAdminCaller(config: GatewayConfig): CallerIdentity {
  const org = config.members.orgs.find((candidate) => candidate.mspId === config.identity.mspId);
  if (org === undefined) {
    throw new Error(`no organisation with MSP ${config.identity.mspId} is configured (LOULAN_ORGS)`);
  }
  return {
    identity: { mspId: org.mspId, credentials: readFileSync(org.adminCertFile) },
    signer: messageSigner(createPrivateKey(readFileSync(org.adminKeyFile))),
  };
}
