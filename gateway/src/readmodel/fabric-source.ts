import * as grpc from '@grpc/grpc-js';
import { connect } from '@hyperledger/fabric-gateway';

import type { GatewayConfig } from '../config';
import { readCredentials } from '../fabric/connection';
import { MESSAGE_DIGEST, messageSigner } from '../fabric/signing';
import type { BlockSource } from './listener';

/** A {@link BlockSource} and the means to release its connection. */
export interface FabricBlockSource {
  readonly source: BlockSource;
  close(): void;
}

/**
 * Streams full blocks from the organisation's peer under the gateway's service identity.
 *
 * A connection of its own, apart from the request path's: the long-lived block stream then never
 * competes with request calls for one HTTP/2 connection's stream limit, and closing it cannot fail them.
 */
export function fabricBlockSource(config: GatewayConfig): FabricBlockSource {
  const { tlsCa, certificate, privateKey } = readCredentials(config);
  const client = new grpc.Client(
    config.peer.endpoint,
    grpc.credentials.createSsl(tlsCa),
    config.peer.hostAlias === undefined ? {} : { 'grpc.ssl_target_name_override': config.peer.hostAlias },
  );
  const gateway = connect({
    client,
    identity: { mspId: config.identity.mspId, credentials: certificate },
    signer: messageSigner(privateKey),
    hash: MESSAGE_DIGEST,
  });
  const network = gateway.getNetwork(config.channel);
  return {
    source: (startBlock) => network.getBlockEvents({ startBlock }),
    close(): void {
      gateway.close();
      client.close();
    },
  };
}
