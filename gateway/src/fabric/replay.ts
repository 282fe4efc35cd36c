import type { Gateway } from '@hyperledger/fabric-gateway';
import { POINTS } from '@loulan/protocol';

import { signedCommitStatusRequest } from './commit-request';
import { ChaincodeError, fromFabricError, NetworkUnavailableError } from './errors';
import type { CallerIdentity, SubmitResult } from './gateway';

/**
 * The chaincode's refusal of a request it executed already (same caller account, business id and
 * fingerprint): `details.requestId` and `details.txId`, the transaction that executed it.
 */
export const REQUEST_COMMITTED = 'REQUEST_COMMITTED';

/** Contract and transaction that read a caller's request record: `{requestId, txId, result}`. */
export const REQUEST_RECORD_QUERY = { contract: POINTS.contract, transaction: POINTS.transactions.GetRequest.name } as const;

/** The part of a fabric-gateway `Gateway` (bound to the caller's identity) that a replay uses. */
export type ReplayGateway = Pick<Gateway, 'getNetwork' | 'newCommit'>;

/** The request a {@link REQUEST_COMMITTED} refusal names. */
export interface CommittedRequest {
  readonly requestId: string;
  readonly txId: string;
}

/** Settings of a {@link ReplayAnswerer}. */
export interface ReplayOptions {
  readonly channel: string;
  readonly chaincode: string;
  /**
   * MSP id of the gateway peer's organisation. The record is read there, after that peer has confirmed the
   * commit, so it cannot be read from another peer that has not committed the block yet.
   */
  readonly peerOrganization: string;
  readonly evaluateTimeoutMs: number;
  readonly commitStatusTimeoutMs: number;
}

/**
 * Tells whether a submit failed because the chaincode recognised the request as executed already.
 *
 * @returns the business id and executing transaction, or `undefined` for any other error.
 */
export function committedRequestOf(err: unknown): CommittedRequest | undefined {
  if (!(err instanceof ChaincodeError) || err.code !== REQUEST_COMMITTED) {
    return undefined;
  }
  const requestId = err.details?.['requestId'];
  const txId = err.details?.['txId'];
  return typeof requestId === 'string' && typeof txId === 'string' ? { requestId, txId } : undefined;
}

/**
 * Answers a retried write with what its first execution answered: the stored result, that transaction's id
 * and its block number, without ordering anything.
 *
 * The chaincode refuses a retry at endorsement (`REQUEST_COMMITTED`) rather than answering it, because an
 * answered retry would be a valid transaction of its own: every client retry would add one to the ledger.
 * The refusal also covers a retry that raced the first execution: that one is endorsed before the first
 * commits, invalidated by the read conflict on the request record, and refused when the submitter
 * re-endorses it.
 */
export class ReplayAnswerer {
  constructor(private readonly options: ReplayOptions) {}

  /**
   * Runs `submit`; when the chaincode refuses it as executed already, answers the first execution instead.
   *
   * @param gateway - a connection of `caller`'s identity, the one `submit` uses
   * @throws whatever `submit` throws for any other reason; {@link NetworkUnavailableError} when the first
   *   execution cannot be read in time
   */
  async submitOnce(gateway: ReplayGateway, caller: CallerIdentity, submit: () => Promise<SubmitResult>): Promise<SubmitResult> {
    try {
      return await submit();
    } catch (err) {
      const committed = committedRequestOf(err);
      if (committed === undefined) {
        throw err;
      }
      return this.firstAnswer(gateway, caller, committed);
    }
  }

  /** The result, transaction id and block number of the transaction that executed `committed`. */
  async firstAnswer(gateway: ReplayGateway, caller: CallerIdentity, committed: CommittedRequest): Promise<SubmitResult> {
    // The commit status gives the exact block, and waits until the gateway peer has committed it.
    const blockNumber = await this.blockOf(gateway, caller, committed.txId);
    const record = await this.recordOf(gateway, caller, committed);
    if (record.txId !== committed.txId) {
      throw new Error(`request ${committed.requestId} is recorded for ${record.txId}, refused as executed by ${committed.txId}`);
    }
    return { result: Buffer.from(record.result, 'utf8'), transactionId: committed.txId, blockNumber };
  }

  private async blockOf(gateway: ReplayGateway, caller: CallerIdentity, txId: string): Promise<bigint> {
    const { channel, commitStatusTimeoutMs } = this.options;
    let status;
    try {
      status = await gateway
        .newCommit(await signedCommitStatusRequest(channel, txId, caller))
        .getStatus({ deadline: Date.now() + commitStatusTimeoutMs });
    } catch (err) {
      throw unreadable(fromFabricError(err, txId), txId);
    }
    if (!status.successful) {
      // Only a valid transaction writes a request record, so the chaincode cannot name an invalid one.
      throw new Error(`transaction ${txId} named as the first execution is not valid (code ${status.code})`);
    }
    return status.blockNumber;
  }

  private async recordOf(gateway: ReplayGateway, caller: CallerIdentity, committed: CommittedRequest): Promise<RequestRecord> {
    const { channel, chaincode, peerOrganization, evaluateTimeoutMs } = this.options;
    const proposal = gateway
      .getNetwork(channel)
      .getContract(chaincode, REQUEST_RECORD_QUERY.contract)
      .newProposal(REQUEST_RECORD_QUERY.transaction, {
        arguments: [committed.requestId],
        endorsingOrganizations: [peerOrganization],
      });
    let bytes;
    try {
      bytes = await proposal.evaluate({ deadline: Date.now() + evaluateTimeoutMs });
    } catch (err) {
      const translated = fromFabricError(err, proposal.getTransactionId());
      if (translated instanceof NetworkUnavailableError) {
        throw unreadable(translated, committed.txId);
      }
      // The endorsement that refused the retry passed the same caller checks, and the peer has the block:
      // a refusal here is the gateway's fault, not the client's, so it must not reach the client as a 4xx.
      throw new Error(`${REQUEST_RECORD_QUERY.transaction} failed for request ${committed.requestId}`, { cause: translated });
    }
    return parseRequestRecord(bytes);
  }
}

/** `points:GetRequest`'s answer. */
interface RequestRecord {
  readonly txId: string;
  /** The first answer's JSON text, exactly as the chaincode returned it. */
  readonly result: string;
}

function parseRequestRecord(bytes: Uint8Array): RequestRecord {
  const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
  if (typeof value === 'object' && value !== null && 'txId' in value && 'result' in value) {
    const { txId, result } = value;
    if (typeof txId === 'string' && typeof result === 'string') {
      return { txId, result };
    }
  }
  throw new Error(`${REQUEST_RECORD_QUERY.transaction} answered something other than a request record`);
}

/**
 * A peer that does not answer in time leaves the first answer unread, not the request's outcome unknown:
 * the request did commit, so the client is told to retry, without `outcomeUnknown`.
 */
function unreadable(err: Error, txId: string): Error {
  if (!(err instanceof NetworkUnavailableError)) {
    return err;
  }
  return new NetworkUnavailableError(`the request was executed by ${txId}, but its answer could not be read in time; retry`, {
    cause: err,
  });
}
