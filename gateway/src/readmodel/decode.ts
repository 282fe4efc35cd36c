import { common, ledger, peer } from '@hyperledger/fabric-protos';

import { timestampOf } from '../audit/blocks';
import { creatorAccountOf, creatorOf } from '../audit/creator';

/** One key written (or deleted) by a valid transaction in the indexed chaincode namespace. */
export interface LedgerWrite {
  readonly key: string;
  /** UTF-8 value; null for a delete. */
  readonly value: string | null;
}

/** A valid endorser transaction of a block, reduced to what the read model indexes. */
export interface DecodedTransaction {
  readonly txId: string;
  readonly txIndex: number;
  /** ISO-8601 time from the channel header (the transaction time the chaincode saw). */
  readonly time: string;
  /** MSP id of the creator's certificate; null when the envelope names no creator. */
  readonly creatorMsp: string | null;
  /** `loulan.role` of the creator's certificate; null when it carries none. */
  readonly creatorRole: string | null;
  /** `loulan.account` of the creator's certificate: the account it acted for; null when it carries none. */
  readonly creatorAccount: string | null;
  readonly writes: readonly LedgerWrite[];
  /** The chaincode event of the transaction, if it emitted one in the namespace. */
  readonly event: { readonly name: string; readonly payload: string } | null;
}

/** A block reduced to its number and its valid transactions. */
export interface DecodedBlock {
  readonly number: bigint;
  readonly transactions: readonly DecodedTransaction[];
}

const VALID = peer.TxValidationCode.VALID;
const utf8 = new TextDecoder();

/**
 * Extracts the valid transactions invoking chaincode `namespace` from a committed block.
 *
 * Invalid transactions (MVCC conflicts, endorsement failures) are skipped using the TRANSACTIONS_FILTER
 * metadata the committing peer wrote: their write sets never reached the world state, so indexing them
 * would make the read model disagree with the chain.
 */
export function decodeBlock(block: common.Block, namespace: string): DecodedBlock {
  const header = block.getHeader();
  const number = BigInt(header?.getNumber() ?? 0);
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  const transactions: DecodedTransaction[] = [];
  envelopes.forEach((bytes, txIndex) => {
    if (filter !== undefined && filter.length > txIndex && filter[txIndex] !== VALID) {
      return;
    }
    const decoded = decodeEnvelope(bytes, txIndex, namespace);
    if (decoded !== null) {
      transactions.push(decoded);
    }
  });
  return { number, transactions };
}

function decodeEnvelope(bytes: Uint8Array, txIndex: number, namespace: string): DecodedTransaction | null {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
  const header = payload.getHeader();
  const channelHeader = common.ChannelHeader.deserializeBinary(header?.getChannelHeader_asU8() ?? new Uint8Array());
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) {
    return null;
  }
  const { invoked, writes, event } = namespaceEffects(peer.Transaction.deserializeBinary(payload.getData_asU8()), namespace);
  // Transactions of other chaincodes (e.g. _lifecycle) are not business transactions.
  if (!invoked) {
    return null;
  }
  const serializedCreator = common.SignatureHeader.deserializeBinary(
    header?.getSignatureHeader_asU8() ?? new Uint8Array(),
  ).getCreator_asU8();
  const creator = creatorOf(serializedCreator);
  return {
    txId: channelHeader.getTxId(),
    txIndex,
    // A header without a timestamp counts as the epoch.
    time: timestampOf(channelHeader) ?? new Date(0).toISOString(),
    creatorMsp: creator.creatorMsp === '' ? null : creator.creatorMsp,
    creatorRole: creator.creatorRole,
    creatorAccount: creatorAccountOf(serializedCreator),
    writes,
    event,
  };
}

/** What the actions of a transaction did in the chaincode namespace. */
interface NamespaceEffects {
  /** Whether an action invoked the namespace's chaincode. */
  invoked: boolean;
  writes: LedgerWrite[];
  /** The last event emitted in the namespace. */
  event: DecodedTransaction['event'];
}

function namespaceEffects(transaction: peer.Transaction, namespace: string): NamespaceEffects {
  const effects: NamespaceEffects = { invoked: false, writes: [], event: null };
  for (const action of transaction.getActionsList()) {
    const chaincodeAction = chaincodeActionOf(action);
    effects.invoked ||= chaincodeAction.getChaincodeId()?.getName() === namespace;
    effects.writes.push(...namespaceWrites(chaincodeAction.getResults_asU8(), namespace));
    effects.event = namespaceEvent(chaincodeAction, namespace) ?? effects.event;
  }
  return effects;
}

function chaincodeActionOf(action: peer.TransactionAction): peer.ChaincodeAction {
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
    actionPayload.getAction()?.getProposalResponsePayload_asU8() ?? new Uint8Array(),
  );
  return peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
}

/** The named event the action emitted in `namespace`, or null when it emitted none there. */
function namespaceEvent(chaincodeAction: peer.ChaincodeAction, namespace: string): DecodedTransaction['event'] {
  const eventBytes = chaincodeAction.getEvents_asU8();
  if (eventBytes.length === 0) {
    return null;
  }
  const chaincodeEvent = peer.ChaincodeEvent.deserializeBinary(eventBytes);
  if (chaincodeEvent.getChaincodeId() !== namespace || chaincodeEvent.getEventName() === '') {
    return null;
  }
  return { name: chaincodeEvent.getEventName(), payload: utf8.decode(chaincodeEvent.getPayload_asU8()) };
}

function namespaceWrites(results: Uint8Array, namespace: string): LedgerWrite[] {
  if (results.length === 0) {
    return [];
  }
  const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(results);
  return rwset
    .getNsRwsetList()
    .filter((ns) => ns.getNamespace() === namespace)
    .flatMap((ns) =>
      ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8())
        .getWritesList()
        .map((write) => ({
          key: write.getKey(),
          value: write.getIsDelete() ? null : utf8.decode(write.getValue_asU8()),
        })),
    );
}
