import { common } from '@hyperledger/fabric-protos';
import { EVIDENCE } from '@loulan/protocol';

import type { ContractClient } from '../contract/client';
import type { CallerIdentity, FabricGateway } from '../fabric/gateway';
import { type EvidenceWithSignatures, evidenceWithSignatures } from './results';

/** Fabric's query system chaincode, which finds the block of a transaction. */
const QSCC = 'qscc';

/** A record with the block that committed it: what `GET /v1/evidence/by-hash/{sha256}` answers. */
export interface EvidenceView extends EvidenceWithSignatures {
  /** The block holding the record's `txId`, a decimal string (a 64-bit value). */
  readonly blockNumber: string;
}

/**
 * Verification by hash. The chaincode keeps what it knows when it writes: the recorder, the
 * transaction id and time. The block is only known once the transaction is committed, so it is looked
 * up here, by transaction id, in the block index of the peer (qscc `GetBlockByTxID`), under the caller's
 * own identity like every read.
 */
export class EvidenceService {
  constructor(
    private readonly contract: ContractClient<typeof EVIDENCE>,
    private readonly fabric: FabricGateway,
    private readonly channel: string,
  ) {}

  /**
   * @param caller - any member
   * @param sha256 - the document's hash, as the route validated it
   * @returns the first record of the hash with its countersignatures and its block number
   * @throws the chaincode's NOT_FOUND when the hash was never notarised
   */
  async byHash(caller: CallerIdentity, sha256: string): Promise<EvidenceView> {
    const record = await this.contract.read(caller, 'GetEvidence', { sha256 }, evidenceWithSignatures);
    const block = await this.fabric.evaluate('', 'GetBlockByTxID', [this.channel, record.txId], { caller, chaincode: QSCC });
    return { ...record, blockNumber: blockNumberOf(block) };
  }
}

/**
 * @param bytes - a `common.Block`
 * @returns its number, as a decimal string
 */
export function blockNumberOf(bytes: Uint8Array): string {
  const header = common.Block.deserializeBinary(bytes).getHeader();
  if (header === undefined) {
    throw new Error('the peer answered a block without a header');
  }
  return String(header.getNumber());
}
