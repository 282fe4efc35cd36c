import { gateway as gatewayProtos, msp } from '@hyperledger/fabric-protos';

import type { CallerIdentity } from './gateway';
import { MESSAGE_DIGEST } from './signing';

/**
 * Builds and signs the commit-status request of `transactionId` before the transaction is sent.
 *
 * fabric-gateway 1.11 only creates this request once `submit()` has returned, which is too late for a
 * journal that must survive a submit that never returns. The layout mirrors fabric-gateway's own
 * (channel, transaction id, serialized creator; signature over the SHA-256 of the request), and the
 * result is what `Gateway.newCommit(bytes)` accepts; being signed already, it can be sent by any
 * gateway connection, e.g. the service identity's after a restart.
 */
export async function signedCommitStatusRequest(channel: string, transactionId: string, caller: CallerIdentity): Promise<Uint8Array> {
  const creator = new msp.SerializedIdentity();
  creator.setMspid(caller.identity.mspId);
  creator.setIdBytes(caller.identity.credentials);

  const request = new gatewayProtos.CommitStatusRequest();
  request.setChannelId(channel);
  request.setTransactionId(transactionId);
  request.setIdentity(creator.serializeBinary());
  const requestBytes = request.serializeBinary();

  const signed = new gatewayProtos.SignedCommitStatusRequest();
  signed.setRequest(requestBytes);
  signed.setSignature(await caller.signer(MESSAGE_DIGEST(requestBytes)));
  return signed.serializeBinary();
}
