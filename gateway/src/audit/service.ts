import type { CouponsContract } from '../coupons/contract';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { CallerIdentity } from '../fabric/gateway';
import type { PointsContract } from '../points/contract';
import { DEFAULT_FRESHNESS, type FreshnessOptions, waitForBlock } from '../readmodel/freshness';
import { type ReadModelStore, samePrefix, type VerifiedPrefix } from '../readmodel/store';
import { decodeVersionBookmark, type VersionRow } from '../readmodel/versions';
import {
  type BlockDetail,
  blockDetail,
  type BlockLink,
  blockLink,
  type BlockSummary,
  blockSummary,
  type ChainBreak,
  chainInfo,
  linkHeaderHash,
  verifyLink,
} from './blocks';
import type { AuditLedger } from './ledger';
import { transactionInBlock, type TransactionView } from './transaction';

/** The member an audit request runs for (the auth module's `AuthenticatedMember` fits structurally). */
export interface AuditCaller extends CallerIdentity {
  readonly role: string;
  /** The member's own ledger account; null for auditors. */
  readonly account: string | null;
}

/** One version of an entity's history. */
export interface HistoryItem {
  readonly txId: string;
  readonly time: string;
  readonly isDelete: boolean;
  readonly value: unknown;
  readonly blockNumber: string;
  readonly creatorMsp: string | null;
  readonly creatorRole: string | null;
}

/** One page of an entity's history (docs/audit.md). */
export interface HistoryPage {
  readonly entityType: string;
  readonly entityId: string;
  readonly items: HistoryItem[];
  /** Bookmark of the next page; `""` after the last one. */
  readonly bookmark: string;
}

/** The answer of {@link AuditService.verify}. */
export interface ChainVerification {
  readonly height: string;
  readonly verified: boolean;
  readonly firstBreak: ChainBreak | null;
  /** The first block this call read and checked (the height when there was nothing new). */
  readonly verifiedFrom: string;
  /** How many blocks this call read and checked beyond the stored verified prefix. */
  readonly verifiedNow: number;
}

/** What the audit view reads from the read model: entity versions, its checkpoint, the verified prefix. */
export type AuditIndex = Pick<ReadModelStore, 'checkpoint' | 'versions' | 'verifiedPrefix' | 'saveVerifiedPrefix'>;

/** Where the audit view keeps its derived state; without an index, history is unavailable and verify starts at 0. */
export interface AuditServiceOptions {
  readonly index?: AuditIndex;
  /** How long a history request waits for the read model to reach the chain height. */
  readonly freshness?: FreshnessOptions;
}

const VERIFY_BATCH = 10n;
// Progress is saved this often, so a long first verification that is cut short is not redone.
const SAVE_EVERY_BLOCKS = 100n;
const ROLES_SEEING_EVERYTHING: ReadonlySet<string> = new Set(['auditor', 'admin']);
const STATEMENT_ID = /^.+:\d{4}-\d{2}-\d{2}$/;

/**
 * The auditor view of docs/audit.md. History comes from the read model, with the chaincode's rule
 * (auditors and the platform admin read any entity, other members their own account); everything else
 * read here (blocks, transactions, verification, invariants, chain) is refused to anyone but auditors and
 * the platform admin.
 */
export class AuditService {
  private readonly index: AuditIndex | undefined;
  private readonly freshness: FreshnessOptions;

  constructor(
    private readonly ledger: AuditLedger,
    private readonly points: PointsContract,
    private readonly coupons: CouponsContract,
    private readonly mspIds: readonly string[],
    options: AuditServiceOptions = {},
  ) {
    this.index = options.index;
    this.freshness = options.freshness ?? DEFAULT_FRESHNESS;
  }

  /**
   * One page of an entity's history in chain order, from the read model's index: one indexed range read
   * per page, whatever the length of the history. The read model is first brought up to the chain height
   * the peer reports, so a member sees its own writes.
   *
   * @throws ForbiddenError for another member's entity, ValidationError for a bad id or bookmark,
   *   ReadModelBehindError when the read model does not catch up in time
   */
  async history(caller: AuditCaller, entityType: string, entityId: string, pageSize: number, bookmark: string): Promise<HistoryPage> {
    if (!ROLES_SEEING_EVERYTHING.has(caller.role) && !(entityType === 'account' && entityId === caller.account)) {
      throw new ForbiddenError('only an auditor or a platform admin may read this history; members read their own account', {
        details: { role: caller.role, entityType },
      });
    }
    if (entityType === 'statement' && !STATEMENT_ID.test(entityId)) {
      throw new ValidationError('a statement id is <shelfId>:<YYYY-MM-DD>', { details: { field: 'entityId' } });
    }
    const after = bookmark === '' ? undefined : decodeVersionBookmark(bookmark);
    if (after === null) {
      throw new ValidationError('bookmark is not one this history returned', { details: { field: 'bookmark' } });
    }
    const index = this.requireIndex();
    const height = BigInt((await this.chainInfo(caller)).height);
    await waitForBlock(index, height - 1n, this.freshness);
    const page = await index.versions(entityType, entityId, after === undefined ? { limit: pageSize } : { limit: pageSize, after });
    return { entityType, entityId, items: page.items.map(historyItem), bookmark: page.cursor ?? '' };
  }

  /** A transaction as its block records it. */
  async transaction(caller: AuditCaller, txId: string): Promise<TransactionView> {
    requireAuditor(caller);
    const view = transactionInBlock(await this.ledger.blockOfTransaction(caller, txId), txId);
    if (view === undefined) {
      throw new NotFoundError(`transaction ${txId} is not in the block the peer named`, { details: { txId } });
    }
    return view;
  }

  /** Up to `limit` blocks from `from` (default the tip) downwards, newest first. */
  async blocks(caller: AuditCaller, from: bigint | undefined, limit: number): Promise<{ height: string; items: BlockSummary[] }> {
    requireAuditor(caller);
    const height = BigInt((await this.chainInfo(caller)).height);
    const top = from === undefined || from >= height ? height - 1n : from;
    const numbers: bigint[] = [];
    for (let number = top; number >= 0n && numbers.length < limit; number--) {
      numbers.push(number);
    }
    const items = await Promise.all(numbers.map(async (number) => blockSummary(await this.ledger.block(caller, number))));
    return { height: height.toString(), items };
  }

  /** One block. */
  async block(caller: AuditCaller, number: bigint): Promise<BlockDetail> {
    requireAuditor(caller);
    return blockDetail(await this.ledger.block(caller, number));
  }

  /**
   * Checks the hash chain from block 0 to the tip, reporting the first break. Blocks up to the stored
   * verified prefix are not read again: the call reads the prefix's last block to confirm the peer still
   * serves the chain that prefix ends in (else it starts over from block 0, e.g. after the ledger was
   * replaced), checks only the blocks after it, and stores the longer prefix.
   */
  async verify(caller: AuditCaller): Promise<ChainVerification> {
    requireAuditor(caller);
    const height = BigInt((await this.chainInfo(caller)).height);
    const stored = (await this.index?.verifiedPrefix()) ?? null;
    const start = stored !== null && (await this.stillServed(caller, stored, height)) ? stored : null;
    const from = start === null ? 0n : start.block + 1n;
    const progress = new PrefixProgress(this.index, stored, start);
    const { firstBreak, checked } = await this.checkBlocks(caller, from, height, progress);
    await progress.save();
    return {
      height: height.toString(),
      verified: firstBreak === null,
      firstBreak,
      verifiedFrom: from.toString(),
      verifiedNow: Number(checked),
    };
  }

  /** The points invariant and the supply of every coupon class. */
  async invariants(caller: AuditCaller): Promise<{ points: unknown; coupons: unknown[]; holds: boolean }> {
    requireAuditor(caller);
    const [points, classIds] = await Promise.all([this.points.checkInvariant(caller), this.ledger.couponClassIds(caller)]);
    const coupons = await Promise.all(classIds.map((classId) => this.coupons.checkSupply(caller, classId)));
    return { points, coupons, holds: points.holds && coupons.every((supply) => supply.holds) };
  }

  /** Height and tip hashes of the gateway's peer, and the height a peer of each organisation reports. */
  async chain(caller: AuditCaller): Promise<{
    height: string;
    currentBlockHash: string;
    previousBlockHash: string;
    peers: Array<{ mspId: string; height: string | null }>;
  }> {
    requireAuditor(caller);
    const [info, peers] = await Promise.all([
      this.chainInfo(caller),
      Promise.all(
        this.mspIds.map(async (mspId) => ({
          mspId,
          // An organisation whose peers cannot be reached is reported, not fatal: spotting it is the point.
          height: await this.ledger.chainInfo(caller, mspId).then(
            (bytes) => chainInfo(bytes).height,
            () => null,
          ),
        })),
      ),
    ]);
    return { ...info, peers };
  }

  private async chainInfo(caller: AuditCaller): Promise<ReturnType<typeof chainInfo>> {
    return chainInfo(await this.ledger.chainInfo(caller));
  }

  private requireIndex(): AuditIndex {
    if (this.index === undefined) {
      throw new NotFoundError('this gateway has no read model, which entity history is served from');
    }
    return this.index;
  }

  /** Whether the peer still serves block `prefix.block` with the header hash that was verified. */
  private async stillServed(caller: AuditCaller, prefix: VerifiedPrefix, height: bigint): Promise<boolean> {
    if (prefix.block >= height) {
      return false;
    }
    const [link] = await this.links(caller, prefix.block, 1n);
    return link !== undefined && linkHeaderHash(link).toString('hex') === prefix.headerHash;
  }

  /** Checks blocks `from` … `height` − 1 in order, extending `progress`, up to the first break. */
  private async checkBlocks(
    caller: AuditCaller,
    from: bigint,
    height: bigint,
    progress: PrefixProgress,
  ): Promise<{ firstBreak: ChainBreak | null; checked: bigint }> {
    for (let first = from; first < height; first += VERIFY_BATCH) {
      for (const link of await this.links(caller, first, min(VERIFY_BATCH, height - first))) {
        const broken = verifyLink(link, progress.headerHash());
        if (broken !== null) {
          return { firstBreak: broken, checked: link.number - from + 1n };
        }
        progress.extend(link);
      }
      await progress.saveEvery(SAVE_EVERY_BLOCKS);
    }
    return { firstBreak: null, checked: height - from };
  }

  /** `count` blocks from `first` on, read in parallel. */
  private async links(caller: AuditCaller, first: bigint, count: bigint): Promise<BlockLink[]> {
    const numbers = Array.from({ length: Number(count) }, (_, index) => first + BigInt(index));
    return Promise.all(numbers.map(async (number) => blockLink(await this.ledger.block(caller, number))));
  }
}

function requireAuditor(caller: AuditCaller): void {
  if (!ROLES_SEEING_EVERYTHING.has(caller.role)) {
    throw new ForbiddenError('only an auditor or the platform admin may read this', { details: { role: caller.role } });
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/**
 * A verification's progress, saved as the verified prefix by compare and set from the prefix this call
 * read: a verification running at the same time that saved first wins, and this one then stops saving.
 */
class PrefixProgress {
  private last: { readonly block: bigint; readonly headerHash: Buffer } | null;
  /** What the store holds as far as this call knows; undefined once another verification moved it. */
  private base: VerifiedPrefix | null | undefined;
  private unsaved = 0n;

  constructor(
    private readonly index: AuditIndex | undefined,
    stored: VerifiedPrefix | null,
    start: VerifiedPrefix | null,
  ) {
    this.base = stored;
    this.last = start === null ? null : { block: start.block, headerHash: Buffer.from(start.headerHash, 'hex') };
  }

  /** Header hash of the last block verified, which the next block must name; undefined before block 0. */
  headerHash(): Buffer | undefined {
    return this.last?.headerHash;
  }

  extend(link: BlockLink): void {
    this.last = { block: link.number, headerHash: linkHeaderHash(link) };
    this.unsaved += 1n;
  }

  async saveEvery(blocks: bigint): Promise<void> {
    if (this.unsaved >= blocks) {
      await this.save();
    }
  }

  async save(): Promise<void> {
    const next = this.last === null ? null : { block: this.last.block, headerHash: this.last.headerHash.toString('hex') };
    if (this.index === undefined || this.base === undefined || next === null || samePrefix(this.base, next)) {
      return;
    }
    this.base = (await this.index.saveVerifiedPrefix(this.base, next)) ? next : undefined;
    this.unsaved = 0n;
  }
}

function historyItem(version: VersionRow): HistoryItem {
  return {
    txId: version.txId,
    time: version.time,
    isDelete: version.isDelete,
    value: version.value === null ? null : parseJson(version.value),
    blockNumber: version.block.toString(),
    creatorMsp: version.creatorMsp,
    creatorRole: version.creatorRole,
  };
}

// Every module stores JSON; a value that is not is shown as absent rather than failing the audit, as the chaincode's history does.
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
