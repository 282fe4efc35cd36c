/**
 * Decodes a processed transaction (qscc `GetTransactionByID`) into the audit view: where it is, who created
 * it, which business operation it ran with which (summarised) arguments, and the event it emitted.
 */
import { common, peer } from '@hyperledger/fabric-protos';

import { timestampOf } from './blocks';
import { type Creator, creatorOf } from './creator';

/** Longest argument shown; longer ones are cut, as the audit view summarises rather than copies. */
export const MAX_ARG_LENGTH = 200;

/** One chaincode event of a transaction; the payload is parsed JSON, or its text when not JSON. */
export interface TransactionEvent {
  readonly name: string;
  readonly payload: unknown;
}

/** A transaction as the audit API shows it. */
export interface TransactionView extends Creator {
  readonly txId: string;
  readonly blockNumber: string;
  readonly validationCode: string;
  readonly timestamp: string | null;
  readonly contract: string;
  readonly transaction: string;
  readonly args: string[];
  readonly events: TransactionEvent[];
}

const VALIDATION_CODES = new Map(Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]));

/**
 * Finds a transaction in a block (qscc `GetBlockByTxID`) and decodes it; the validation code comes from the
 * block's transaction filter, so the view is exactly what the block records.
 *
 * @returns the view, or undefined when the block does not hold the transaction
 */
export function transactionInBlock(blockBytes: Uint8Array, txId: string): TransactionView | undefined {
  const block = common.Block.deserializeBinary(blockBytes);
  const blockNumber = String(block.getHeader()?.getNumber() ?? 0);
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  for (const [index, envelope] of envelopes.entries()) {
    const view = decodeEnvelope(envelope, filter[index] ?? peer.TxValidationCode.NOT_VALIDATED, blockNumber);
    if (view?.txId === txId) {
      return view;
    }
  }
  return undefined;
}

function decodeEnvelope(envelopeBytes: Uint8Array, code: number, blockNumber: string): TransactionView | undefined {
  try {
    return transactionView(envelopeBytes, code, blockNumber);
  } catch {
    // Entries that are not endorser transactions in the expected encoding are skipped by the search.
    return undefined;
  }
}

/** Decodes one `common.Envelope` of a block with its validation code. */
export function transactionView(envelopeBytes: Uint8Array, code: number, blockNumber: string): TransactionView {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const { channelHeader, signatureHeader } = headersOf(payload);
  const invocation = channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION ? invocationOf(payload.getData_asU8()) : undefined;
  const [operation = '', ...args] = invocation?.args ?? [];
  return {
    txId: channelHeader.getTxId(),
    blockNumber,
    validationCode: VALIDATION_CODES.get(code) ?? String(code),
    ...creatorOf(signatureHeader.getCreator_asU8()),
    timestamp: timestampOf(channelHeader),
    ...operationOf(operation),
    args: args.map(summariseArg),
    events: invocation?.events ?? [],
  };
}

function headersOf(payload: common.Payload): { channelHeader: common.ChannelHeader; signatureHeader: common.SignatureHeader } {
  const header = payload.getHeader();
  return {
    channelHeader: common.ChannelHeader.deserializeBinary(header?.getChannelHeader_asU8() ?? new Uint8Array()),
    signatureHeader: common.SignatureHeader.deserializeBinary(header?.getSignatureHeader_asU8() ?? new Uint8Array()),
  };
}

/** Splits a `contract:transaction` name; a name without a contract is the default contract's. */
function operationOf(operation: string): { contract: string; transaction: string } {
  const split = operation.indexOf(':');
  return split < 0
    ? { contract: '', transaction: operation }
    : { contract: operation.slice(0, split), transaction: operation.slice(split + 1) };
}

/** An argument as the audit view shows it: anything that looks like a private key hidden, long text cut. */
export function summariseArg(arg: string): string {
  if (/PRIVATE KEY/.test(arg)) {
    return '[redacted]';
  }
  return arg.length > MAX_ARG_LENGTH ? `${arg.slice(0, MAX_ARG_LENGTH)}…` : arg;
}

function invocationOf(transactionBytes: Uint8Array): { args: string[]; events: TransactionEvent[] } | undefined {
  const action = peer.Transaction.deserializeBinary(transactionBytes).getActionsList()[0];
  if (action === undefined) {
    return undefined;
  }
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const proposal = peer.ChaincodeProposalPayload.deserializeBinary(actionPayload.getChaincodeProposalPayload_asU8());
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(proposal.getInput_asU8()).getChaincodeSpec();
  const args = (spec?.getInput()?.getArgsList_asU8() ?? []).map((arg) => Buffer.from(arg).toString('utf8'));
  const response = peer.ProposalResponsePayload.deserializeBinary(
    actionPayload.getAction()?.getProposalResponsePayload_asU8() ?? new Uint8Array(),
  );
  const eventBytes = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getEvents_asU8();
  return { args, events: eventBytes.length === 0 ? [] : [eventOf(peer.ChaincodeEvent.deserializeBinary(eventBytes))] };
}

function eventOf(event: peer.ChaincodeEvent): TransactionEvent {
  const text = Buffer.from(event.getPayload_asU8()).toString('utf8');
  let payload: unknown = text;
  try {
    payload = JSON.parse(text) as unknown;
  } catch {
    // Every loulan event is JSON; anything else is shown as text.
  }
  return { name: event.getEventName(), payload };
}
