/**
 * The baseline: the rawest write this network takes, `system:PutMarker` (one key, no business
 * reads), submitted with the Fabric Gateway client itself as the platform admin — no REST, no
 * journal, no retries. Every other figure of the bench is a ratio to its rate.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as grpc from '@grpc/grpc-js';
import { connect, type Contract, type Gateway, GatewayError } from '@hyperledger/fabric-gateway';

import { MESSAGE_DIGEST, messageSigner } from '../../gateway/src/fabric/signing';
import { gatewayEnv } from '../../test/support/fabric';
import { STATE_DIR } from '../../test/support/network';
import { orgEndpoint } from '../../test/support/topology';

/** A direct connection to the platform peer, signing as the platform admin (who alone may write markers). */
export interface RawConnection {
  readonly contract: Contract;
  close(): void;
}

/** @returns a connection to the platform org's peer, on the running network's channel and chaincode */
export function connectRaw(): RawConnection {
  const env = gatewayEnv();
  const tls = grpc.credentials.createSsl(readFileSync(join(STATE_DIR, 'ca', 'platform', 'ca-cert.pem')));
  const client = new grpc.Client(orgEndpoint('platform', 'PEER_PLATFORM_PORT'), tls, {
    'grpc.ssl_target_name_override': 'peer0.platform.loulan',
  });
  const msp = join(STATE_DIR, 'crypto', 'platform', 'users/admin/msp');
  const gateway: Gateway = connect({
    client,
    identity: { mspId: 'PlatformMSP', credentials: readFileSync(join(msp, 'signcerts/cert.pem')) },
    // The gateway's own signer, so that the baseline pays for signatures what a REST write does.
    signer: messageSigner(createPrivateKey(readFileSync(join(msp, 'keystore/key.pem')))),
    hash: MESSAGE_DIGEST,
  });
  const contract = gateway.getNetwork(env.LOULAN_CHANNEL ?? 'loulan').getContract(env.LOULAN_CHAINCODE ?? 'loulan', 'system');
  return {
    contract,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}

/**
 * Writes one marker and waits for its commit.
 *
 * @returns undefined when it committed valid, else the validation code or error
 */
export async function putMarker(contract: Contract, markerId: string): Promise<string | undefined> {
  try {
    const submitted = await contract.submitAsync('PutMarker', { arguments: [markerId, 'bench'] });
    const status = await submitted.getStatus();
    return status.successful ? undefined : `invalid ${String(status.code)}`;
  } catch (err) {
    // fabric-gateway's errors carry the gRPC status code: what to look for in the nodes' logs.
    const code = err instanceof GatewayError ? ` ${String(err.code)}` : '';
    return err instanceof Error ? `${err.constructor.name}${code}` : 'error';
  }
}
