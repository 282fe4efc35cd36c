import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, type Network } from '@hyperledger/fabric-gateway';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, type FabricTimeouts, type GatewayConfig } from '../config';
import { fromFabricError, TransactionFailedError } from './errors';
import type { FabricGateway } from './gateway';

/**
 * Connects to the organisation's gateway peer with the service identity from `config`.
 *
 * No network traffic happens here (gRPC connects lazily), so start-up does not depend on the peer
 * being up; /readyz reports that instead.
 *
 * @throws {@link ConfigError} when the PEM files cannot be parsed or the certificate does not match the key.
 */
export function connectFabric(config: GatewayConfig): FabricGateway {
  const { tlsCa, certificate, privateKey } = readCredentials(config);
  const client = new grpc.Client(
    config.peer.endpoint,
    grpc.credentials.createSsl(tlsCa),
    // Lets a peer whose certificate names e.g. peer0.org1 be reached through another address (localhost, NAT).
    config.peer.hostAlias === undefined ? {} : { 'grpc.ssl_target_name_override': config.peer.hostAlias },
  );
  const gateway = connect({
    client,
    identity: { mspId: config.identity.mspId, credentials: certificate },
    signer: signers.newPrivateKeySigner(privateKey),
    hash: hash.sha256,
  });
  return fabricGatewayFor(gateway.getNetwork(config.channel), config.chaincode, config.timeouts, () => {
    // The gateway does not own the gRPC client, so both must be closed.
    gateway.close();
    client.close();
  });
}

/**
 * Builds the {@link FabricGateway} on top of a fabric-gateway `Network`; exported so the call flow and
 * the error translation can be tested without a peer.
 *
 * @param release - closes the underlying connection; called once, by the first `close()`.
 */
export function fabricGatewayFor(
  network: Pick<Network, 'getContract'>,
  chaincode: string,
  timeouts: FabricTimeouts,
  release: () => void,
): FabricGateway {
  let closed = false;
  return {
    async evaluate(contract, transaction, args, options = {}) {
      const proposal = network.getContract(chaincode, contract).newProposal(transaction, { arguments: [...args] });
      try {
        return await proposal.evaluate(deadline(options.timeoutMs ?? timeouts.evaluateMs));
      } catch (err) {
        throw fromFabricError(err, proposal.getTransactionId());
      }
    },

    async submit(contract, transaction, args) {
      // The step-by-step flow (rather than contract.submit) is what exposes the block number.
      const proposal = network.getContract(chaincode, contract).newProposal(transaction, { arguments: [...args] });
      const transactionId = proposal.getTransactionId();
      try {
        const endorsed = await proposal.endorse(deadline(timeouts.endorseMs));
        const submitted = await endorsed.submit(deadline(timeouts.submitMs));
        const status = await submitted.getStatus(deadline(timeouts.commitStatusMs));
        if (!status.successful) {
          throw new TransactionFailedError(transactionId, status.code);
        }
        return { result: submitted.getResult(), transactionId, blockNumber: status.blockNumber };
      } catch (err) {
        throw fromFabricError(err, transactionId);
      }
    },

    close() {
      if (!closed) {
        closed = true;
        release();
      }
    },
  };
}

function deadline(timeoutMs: number): grpc.CallOptions {
  return { deadline: Date.now() + timeoutMs };
}

/** Reads and checks every PEM up front so a wrong file is reported at start-up, not at the first request. */
function readCredentials(config: GatewayConfig): { tlsCa: Buffer; certificate: Buffer; privateKey: KeyObject } {
  const problems: string[] = [];
  const parse = <T>(variable: string, path: string, what: string, parser: (pem: Buffer) => T): T | undefined => {
    try {
      return parser(readFileSync(path));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      problems.push(`${variable}: ${path} is not a valid ${what} (${reason})`);
      return undefined;
    }
  };

  const tlsCa = parse('LOULAN_PEER_TLS_CA_FILE', config.peer.tlsCaFile, 'PEM certificate', (pem) => {
    new X509Certificate(pem);
    return pem;
  });
  const certificate = parse('LOULAN_IDENTITY_CERT_FILE', config.identity.certFile, 'PEM certificate', (pem) => ({
    pem,
    x509: new X509Certificate(pem),
  }));
  const privateKey = parse('LOULAN_IDENTITY_KEY_FILE', config.identity.keyFile, 'PEM private key', createPrivateKey);
  if (certificate !== undefined && privateKey !== undefined && !certificate.x509.checkPrivateKey(privateKey)) {
    problems.push('LOULAN_IDENTITY_KEY_FILE does not hold the private key of LOULAN_IDENTITY_CERT_FILE');
  }

  if (tlsCa === undefined || certificate === undefined || privateKey === undefined || problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { tlsCa, certificate: certificate.pem, privateKey };
}
