/** Builds real Fabric block protos for the read model tests, as a committing peer would hand them out. */
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';

import { groupsOf } from '../../src/fabric/config-maps';

/** One transaction of a test block. */
export interface TestTx {
  readonly txId: string;
  readonly time: string;
  readonly writes?: ReadonlyArray<{ key: string; value: unknown } | { key: string; deleted: true }>;
  readonly event?: { name: string; payload: unknown };
  readonly valid?: boolean;
  readonly namespace?: string;
  /** The signer: its MSP id and PEM certificate (none: an envelope without a signature header). */
  readonly creator?: { readonly mspId: string; readonly certificate: string };
}

const encoder = new TextEncoder();

/** A composite key as the chaincode shim builds it. */
export function compositeKey(type: string, ...parts: string[]): string {
  return `\u0000${[type, ...parts].join('\u0000')}\u0000`;
}

/** A block with `txs` in order and a TRANSACTIONS_FILTER marking the invalid ones. */
export function testBlock(number: number, txs: readonly TestTx[]): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(number);
  const data = new common.BlockData();
  data.setDataList(txs.map((tx) => envelope(tx).serializeBinary()));
  const metadata = new common.BlockMetadata();
  const entries: Uint8Array[] = [new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array()];
  entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.from(
    txs.map((tx) => (tx.valid === false ? peer.TxValidationCode.MVCC_READ_CONFLICT : peer.TxValidationCode.VALID)),
  );
  metadata.setMetadataList(entries);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

function envelope(tx: TestTx): common.Envelope {
  const namespace = tx.namespace ?? 'loulan';
  const kvrwset = new ledger.rwset.kvrwset.KVRWSet();
  kvrwset.setWritesList(
    (tx.writes ?? []).map((w) => {
      const write = new ledger.rwset.kvrwset.KVWrite();
      write.setKey(w.key);
      if ('deleted' in w) {
        write.setIsDelete(true);
      } else {
        write.setValue(encoder.encode(JSON.stringify(w.value)));
      }
      return write;
    }),
  );
  const ns = new ledger.rwset.NsReadWriteSet();
  ns.setNamespace(namespace);
  ns.setRwset(kvrwset.serializeBinary());
  const rwset = new ledger.rwset.TxReadWriteSet();
  rwset.setNsRwsetList([ns]);

  const action = new peer.ChaincodeAction();
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(namespace);
  action.setChaincodeId(chaincodeId);
  action.setResults(rwset.serializeBinary());
  if (tx.event !== undefined) {
    const event = new peer.ChaincodeEvent();
    event.setChaincodeId(namespace);
    event.setTxId(tx.txId);
    event.setEventName(tx.event.name);
    event.setPayload(encoder.encode(JSON.stringify(tx.event.payload)));
    action.setEvents(event.serializeBinary());
  }
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(action.serializeBinary());
  const endorsedAction = new peer.ChaincodeEndorsedAction();
  endorsedAction.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsedAction);
  const txAction = new peer.TransactionAction();
  txAction.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([txAction]);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(tx.txId);
  const payloadHeader = new common.Header();
  payloadHeader.setChannelHeader(withTimestamp(channelHeader.serializeBinary(), Date.parse(tx.time)));
  if (tx.creator !== undefined) {
    const identity = new msp.SerializedIdentity();
    identity.setMspid(tx.creator.mspId);
    identity.setIdBytes(encoder.encode(tx.creator.certificate));
    const signatureHeader = new common.SignatureHeader();
    signatureHeader.setCreator(identity.serializeBinary());
    payloadHeader.setSignatureHeader(signatureHeader.serializeBinary());
  }
  const payload = new common.Payload();
  payload.setHeader(payloadHeader);
  payload.setData(transaction.serializeBinary());
  const result = new common.Envelope();
  result.setPayload(payload.serializeBinary());
  return result;
}

// Appends field 3 (google.protobuf.Timestamp) by hand: parsers accept fields in any order, and this
// keeps the test free of google-protobuf's untyped module.
function withTimestamp(header: Uint8Array, millis: number): Uint8Array {
  const timestamp = [0x08, ...varint(Math.floor(millis / 1000)), 0x10, ...varint((millis % 1000) * 1e6)];
  return Uint8Array.from([...header, 0x1a, ...varint(timestamp.length), ...timestamp]);
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/** A serialised configuration block holding `root` as the channel group (another `headerType` makes it a non-config block). */
export function configBlock(root: common.ConfigGroup, channelId: string, headerType: number = common.HeaderType.CONFIG): Uint8Array {
  const config = new common.Config();
  config.setChannelGroup(root);
  const configEnvelope = new common.ConfigEnvelope();
  configEnvelope.setConfig(config);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(headerType);
  channelHeader.setChannelId(channelId);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(configEnvelope.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  const data = new common.BlockData();
  data.setDataList([envelope.serializeBinary()]);
  const block = new common.Block();
  block.setData(data);
  return block.serializeBinary();
}

/** The update a `CONFIG_UPDATE` envelope of `channelId` carries, after checking its headers. */
export function configUpdateOf(channelId: string, envelopeBytes: Uint8Array | null): common.ConfigUpdate {
  expect(envelopeBytes).not.toBeNull();
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes ?? new Uint8Array()).getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
  expect(channelHeader.getType()).toBe(common.HeaderType.CONFIG_UPDATE);
  expect(channelHeader.getChannelId()).toBe(channelId);
  const update = common.ConfigUpdate.deserializeBinary(
    common.ConfigUpdateEnvelope.deserializeBinary(payload.getData_asU8()).getConfigUpdate_asU8(),
  );
  expect(update.getChannelId()).toBe(channelId);
  return update;
}

/** The child group `name` of `group`; a test fails when it is missing. */
export function child(group: common.ConfigGroup | undefined, name: string): common.ConfigGroup {
  const found = group === undefined ? undefined : groupsOf(group).get(name);
  if (found === undefined) {
    throw new Error(`no group ${name}`);
  }
  return found;
}
