/**
 * A small channel built with the real Fabric protobufs, for the audit tests: blocks whose hashes chain the
 * way Fabric chains them, endorser transactions with a creator certificate carrying `loulan.role`, chaincode
 * arguments and an event; and a FabricGateway evaluate that answers qscc from it.
 */
import { generateKeyPairSync, sign } from 'node:crypto';

import { common, msp, peer } from '@hyperledger/fabric-protos';

import { blockDataHash, blockHeaderHash } from '../../src/audit/block-hash';

/** One transaction to put in a block. */
export interface TxSpec {
  readonly txId: string;
  readonly mspId: string;
  readonly role: string;
  /** `contract:Transaction` then its arguments. */
  readonly args: readonly string[];
  readonly event?: { readonly name: string; readonly payload: string };
  readonly time: string;
  readonly validationCode?: number;
}

const signingKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

/** A self-signed certificate carrying Fabric CA attributes, as an enrolment certificate does. */
export function certificateWithRole(role: string, account?: string): string {
  const algorithm = der(0x30, oid([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
  const name = der(0x30, der(0x31, der(0x30, oid([0x55, 0x04, 0x03]), der(0x0c, Buffer.from(`member-${role}`)))));
  const validity = der(0x30, der(0x17, Buffer.from('250101000000Z')), der(0x18, Buffer.from('21000101000000Z')));
  const named = account === undefined ? {} : { 'loulan.account': account };
  const attrs = Buffer.from(JSON.stringify({ attrs: { 'loulan.role': role, ...named, 'hf.EnrollmentID': `member-${role}` } }));
  const extensions = der(0xa3, der(0x30, der(0x30, oid([0x2a, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01]), der(0x04, attrs))));
  const spki = signingKey.publicKey.export({ type: 'spki', format: 'der' });
  const tbs = der(
    0x30,
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, Buffer.from([1])),
    algorithm,
    name,
    validity,
    name,
    spki,
    extensions,
  );
  const cert = der(0x30, tbs, algorithm, der(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', tbs, signingKey.privateKey)])));
  return `-----BEGIN CERTIFICATE-----\n${cert.toString('base64')}\n-----END CERTIFICATE-----\n`;
}

/** `common.Envelope` bytes of an endorser transaction. */
export function envelope(spec: TxSpec): Uint8Array {
  const channelHeader = headerAt(spec.time);
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId('loulan');
  channelHeader.setTxId(spec.txId);
  const creator = new msp.SerializedIdentity();
  creator.setMspid(spec.mspId);
  creator.setIdBytes(Buffer.from(certificateWithRole(spec.role)));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator.serializeBinary());
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const input = new peer.ChaincodeInput();
  input.setArgsList(spec.args.map((arg) => Buffer.from(arg)));
  const chaincodeSpec = new peer.ChaincodeSpec();
  chaincodeSpec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(chaincodeSpec);
  const proposalPayload = new peer.ChaincodeProposalPayload();
  proposalPayload.setInput(invocation.serializeBinary());
  const chaincodeAction = new peer.ChaincodeAction();
  if (spec.event !== undefined) {
    const event = new peer.ChaincodeEvent();
    event.setEventName(spec.event.name);
    event.setPayload(Buffer.from(spec.event.payload));
    chaincodeAction.setEvents(event.serializeBinary());
  }
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(chaincodeAction.serializeBinary());
  const endorsedAction = new peer.ChaincodeEndorsedAction();
  endorsedAction.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposalPayload.serializeBinary());
  actionPayload.setAction(endorsedAction);
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);

  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const result = new common.Envelope();
  result.setPayload(payload.serializeBinary());
  return result.serializeBinary();
}

/** A channel of blocks, each chained to the one before. */
export class TestChannel {
  readonly blocks: common.Block[] = [];

  /** Appends a block holding these transactions (block 0 may hold none). */
  append(transactions: readonly TxSpec[]): common.Block {
    const previous = this.blocks[this.blocks.length - 1]?.getHeader();
    const data = transactions.map(envelope);
    const header = new common.BlockHeader();
    header.setNumber(this.blocks.length);
    header.setPreviousHash(
      previous === undefined
        ? new Uint8Array()
        : blockHeaderHash(previous.getNumber(), previous.getPreviousHash_asU8(), previous.getDataHash_asU8()),
    );
    header.setDataHash(blockDataHash(data));
    const blockData = new common.BlockData();
    blockData.setDataList(data);
    const metadata = new common.BlockMetadata();
    metadata.setMetadataList([
      new Uint8Array(),
      new Uint8Array(),
      Uint8Array.from(transactions.map((tx) => tx.validationCode ?? peer.TxValidationCode.VALID)),
      new Uint8Array(),
    ]);
    const block = new common.Block();
    block.setHeader(header);
    block.setData(blockData);
    block.setMetadata(metadata);
    this.blocks.push(block);
    return block;
  }

  /** Header hash of a block, hex. */
  headerHash(number: number): string {
    const header = this.blocks[number]?.getHeader();
    return header === undefined
      ? ''
      : blockHeaderHash(header.getNumber(), header.getPreviousHash_asU8(), header.getDataHash_asU8()).toString('hex');
  }

  /** Answers the qscc functions the audit module calls, as the peer would (bytes, or a "not found" error). */
  qscc(fn: string, args: readonly string[]): Uint8Array {
    const [, target = ''] = args;
    if (fn === 'GetChainInfo') {
      const info = new common.BlockchainInfo();
      info.setHeight(this.blocks.length);
      info.setCurrentblockhash(Buffer.from(this.headerHash(this.blocks.length - 1), 'hex'));
      info.setPreviousblockhash(Buffer.from(this.headerHash(this.blocks.length - 2), 'hex'));
      return info.serializeBinary();
    }
    const block =
      fn === 'GetBlockByNumber'
        ? this.blocks[Number(target)]
        : fn === 'GetBlockByTxID'
          ? this.blocks.find((candidate) =>
              candidate
                .getData()
                ?.getDataList_asU8()
                .some((entry) => txIdOf(entry) === target),
            )
          : undefined;
    if (block === undefined) {
      throw new Error(`no such ${fn} entry ${target}`);
    }
    return block.serializeBinary();
  }
}

/**
 * A channel header holding a timestamp. The Timestamp class has no typings here, so the header is decoded
 * from hand-written protobuf: field 3 (timestamp) = { 1: seconds, 2: nanos }.
 */
function headerAt(iso: string): common.ChannelHeader {
  const millis = Date.parse(iso);
  const timestamp = Buffer.concat([
    Buffer.from([0x08]),
    varint(Math.floor(millis / 1000)),
    Buffer.from([0x10]),
    varint((millis % 1000) * 1_000_000),
  ]);
  return common.ChannelHeader.deserializeBinary(Buffer.concat([Buffer.from([0x1a, timestamp.length]), timestamp]));
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
  return Buffer.from(bytes);
}

function txIdOf(entry: Uint8Array): string {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(entry).getPayload_asU8());
  return common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array()).getTxId();
}

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const length =
    body.length < 0x80
      ? Buffer.from([body.length])
      : body.length < 0x100
        ? Buffer.from([0x81, body.length])
        : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

function oid(bytes: number[]): Buffer {
  return der(0x06, Buffer.from(bytes));
}
