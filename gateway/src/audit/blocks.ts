/**
 * Decodes blocks and chain info as qscc returns them (protobuf bytes) into the audit view's JSON shapes,
 * and checks the hash chain. Pure: no Fabric calls.
 */
import { common } from '@hyperledger/fabric-protos';

import { blockDataHash, blockHeaderHash } from './block-hash';

/** A block as the audit API shows it (docs/audit.md). Block numbers are decimal strings. */
export interface BlockSummary {
  readonly number: string;
  readonly dataHash: string;
  readonly previousHash: string;
  readonly headerHash: string;
  readonly txCount: number;
  /** Timestamp of the block's first transaction, ISO 8601; null when it has none. */
  readonly time: string | null;
}

/** A block's detail: its summary and the ids of its transactions, in block order. */
export interface BlockDetail extends BlockSummary {
  readonly txIds: string[];
}

/** The parts of a block the hash-chain check needs. */
export interface BlockLink {
  readonly number: bigint;
  readonly previousHash: Buffer;
  readonly dataHash: Buffer;
  readonly data: readonly Uint8Array[];
}

/** The channel's height and tip hashes, from qscc `GetChainInfo`. */
export interface ChainInfo {
  readonly height: string;
  readonly currentBlockHash: string;
  readonly previousBlockHash: string;
}

/** The first block where the chain does not hold; see {@link verifyLink}. */
export interface ChainBreak {
  readonly number: string;
  readonly expectedPreviousHash: string;
  readonly actualPreviousHash: string;
}

/** Decodes `common.Block` bytes into the links the chain check needs. */
export function blockLink(bytes: Uint8Array): BlockLink {
  const block = common.Block.deserializeBinary(bytes);
  const header = block.getHeader();
  return {
    number: BigInt(header?.getNumber() ?? 0),
    previousHash: Buffer.from(header?.getPreviousHash_asU8() ?? new Uint8Array()),
    dataHash: Buffer.from(header?.getDataHash_asU8() ?? new Uint8Array()),
    data: block.getData()?.getDataList_asU8() ?? [],
  };
}

/** Decodes `common.Block` bytes into the block's detail. */
export function blockDetail(bytes: Uint8Array): BlockDetail {
  const link = blockLink(bytes);
  const headers = link.data.map(channelHeaderOf);
  const first = headers[0];
  return {
    number: link.number.toString(),
    dataHash: link.dataHash.toString('hex'),
    previousHash: link.previousHash.toString('hex'),
    headerHash: linkHeaderHash(link).toString('hex'),
    txCount: link.data.length,
    time: first === undefined ? null : timestampOf(first),
    txIds: headers.map((header) => header?.getTxId() ?? ''),
  };
}

/** The summary part of {@link blockDetail}. */
export function blockSummary(bytes: Uint8Array): BlockSummary {
  const detail = blockDetail(bytes);
  return {
    number: detail.number,
    dataHash: detail.dataHash,
    previousHash: detail.previousHash,
    headerHash: detail.headerHash,
    txCount: detail.txCount,
    time: detail.time,
  };
}

/** Decodes `common.BlockchainInfo` bytes. */
export function chainInfo(bytes: Uint8Array): ChainInfo {
  const info = common.BlockchainInfo.deserializeBinary(bytes);
  return {
    height: String(info.getHeight()),
    currentBlockHash: Buffer.from(info.getCurrentblockhash_asU8()).toString('hex'),
    previousBlockHash: Buffer.from(info.getPreviousblockhash_asU8()).toString('hex'),
  };
}

/** The header hash of a block: what the next block's `previousHash` must be. */
export function linkHeaderHash(link: BlockLink): Buffer {
  return blockHeaderHash(link.number, link.previousHash, link.dataHash);
}

/**
 * Checks one block against its predecessor: its data hash must be SHA-256 of its data, and its previous
 * hash the header hash of the predecessor (none for block 0).
 *
 * @param block - the block to check
 * @param previousHeaderHash - header hash of the block before it; undefined for block 0
 * @returns null when the block holds, else the break (for a data hash mismatch the "previous hash" fields
 *   carry the computed and the recorded data hash)
 */
export function verifyLink(block: BlockLink, previousHeaderHash: Buffer | undefined): ChainBreak | null {
  const computedData = blockDataHash(block.data);
  if (!computedData.equals(block.dataHash)) {
    return {
      number: block.number.toString(),
      expectedPreviousHash: computedData.toString('hex'),
      actualPreviousHash: block.dataHash.toString('hex'),
    };
  }
  if (previousHeaderHash === undefined) {
    return null;
  }
  return previousHeaderHash.equals(block.previousHash)
    ? null
    : {
        number: block.number.toString(),
        expectedPreviousHash: previousHeaderHash.toString('hex'),
        actualPreviousHash: block.previousHash.toString('hex'),
      };
}

interface ProtoTimestamp {
  getSeconds(): number;
  getNanos(): number;
}

/**
 * The timestamp of a channel header as ISO 8601, or null when it has none. google-protobuf's Timestamp
 * comes without typings, so its shape is checked here rather than trusted.
 */
export function timestampOf(header: common.ChannelHeader): string | null {
  const timestamp: unknown = header.getTimestamp();
  if (!isProtoTimestamp(timestamp)) {
    return null;
  }
  return new Date(timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1_000_000)).toISOString();
}

function isProtoTimestamp(value: unknown): value is ProtoTimestamp {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<ProtoTimestamp>).getSeconds === 'function' &&
    typeof (value as Partial<ProtoTimestamp>).getNanos === 'function'
  );
}

function channelHeaderOf(envelopeBytes: Uint8Array): common.ChannelHeader | undefined {
  try {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    const header = payload.getHeader();
    return header === undefined ? undefined : common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  } catch {
    // A block entry that is not an envelope has no transaction id or time to show.
    return undefined;
  }
}
