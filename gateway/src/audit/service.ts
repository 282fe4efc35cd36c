import { LruCache } from '../auth/lru-cache';
import { ForbiddenError, NotFoundError } from '../errors';
import type { CallerIdentity } from '../fabric/gateway';
import type { PointsContract } from '../points/contract';
import type { CouponsContract } from '../coupons/contract';
import { blockDetail, blockLink, blockSummary, chainInfo, verifyLink, type BlockDetail, type BlockLink, type BlockSummary, type ChainBreak } from './blocks';
import type { AuditLedger } from './ledger';
import { transactionInBlock, type TransactionView } from './transaction';

/** The member an audit request runs for (the auth module's `AuthenticatedMember` fits structurally). */
export interface AuditCaller extends CallerIdentity {
  readonly role: string;
}

/** One enriched version of an entity's history. */
export interface HistoryItem {
  readonly txId: string;
  readonly time: string;
  readonly isDelete: boolean;
  readonly value: unknown;
  readonly blockNumber: string | null;
  readonly creatorMsp: string | null;
  readonly creatorRole: string | null;
}

type TxFacts = Pick<HistoryItem, 'blockNumber' | 'creatorMsp' | 'creatorRole'>;

const TX_CACHE_SIZE = 10_000;
const VERIFY_BATCH = 10;
const ROLES_SEEING_EVERYTHING: ReadonlySet<string> = new Set(['auditor', 'admin']);

/**
 * The auditor view of docs/audit.md. History authorisation is the chaincode's; everything else read here
 * (blocks, transactions, invariants, chain) is refused to anyone but auditors and the platform admin.
 */
export class AuditService {
  // Committed transactions never change, so what was read once serves every later page.
  private readonly txFacts = new LruCache<string, TxFacts>(TX_CACHE_SIZE);

  constructor(
    private readonly ledger: AuditLedger,
    private readonly points: PointsContract,
    private readonly coupons: CouponsContract,
    private readonly mspIds: readonly string[],
  ) {}

  /** One page of an entity's history, each version with its block and creator. */
  async history(caller: AuditCaller, entityType: string, entityId: string, pageSize: number, bookmark: string): Promise<{ entityType: string; entityId: string; items: HistoryItem[]; bookmark: string }> {
    const page = await this.ledger.history(caller, entityType, entityId, pageSize, bookmark);
    const items = await Promise.all(page.items.map(async (item) => ({ ...item, ...(await this.factsOf(caller, item.txId)) })));
    return { entityType: page.entityType, entityId: page.entityId, items, bookmark: page.bookmark };
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

  /** Checks the hash chain from block 0 to the tip, reporting the first break. */
  async verify(caller: AuditCaller): Promise<{ height: string; verified: boolean; firstBreak: ChainBreak | null }> {
    requireAuditor(caller);
    const height = BigInt((await this.chainInfo(caller)).height);
    let previous: BlockLink | undefined;
    for (let start = 0n; start < height; start += BigInt(VERIFY_BATCH)) {
      const numbers = Array.from({ length: Number(min(BigInt(VERIFY_BATCH), height - start)) }, (_, index) => start + BigInt(index));
      const links = await Promise.all(numbers.map(async (number) => blockLink(await this.ledger.block(caller, number))));
      for (const link of links) {
        const broken = verifyLink(link, previous);
        if (broken !== null) {
          return { height: height.toString(), verified: false, firstBreak: broken };
        }
        previous = link;
      }
    }
    return { height: height.toString(), verified: true, firstBreak: null };
  }

  /** The points invariant and the supply of every coupon class. */
  async invariants(caller: AuditCaller): Promise<{ points: unknown; coupons: unknown[]; holds: boolean }> {
    requireAuditor(caller);
    const [points, classIds] = await Promise.all([this.points.checkInvariant(caller), this.ledger.couponClassIds(caller)]);
    const coupons = await Promise.all(classIds.map((classId) => this.coupons.checkSupply(caller, classId)));
    return { points, coupons, holds: points.holds && coupons.every((supply) => supply.holds) };
  }

  /** Height and tip hashes of the gateway's peer, and the height a peer of each organisation reports. */
  async chain(caller: AuditCaller): Promise<{ height: string; currentBlockHash: string; previousBlockHash: string; peers: Array<{ mspId: string; height: string | null }> }> {
    requireAuditor(caller);
    const [info, peers] = await Promise.all([
      this.chainInfo(caller),
      Promise.all(
        this.mspIds.map(async (mspId) => ({
          mspId,
          // An organisation whose peers cannot be reached is reported, not fatal: spotting it is the point.
          height: await this.ledger.chainInfo(caller, mspId).then((bytes) => chainInfo(bytes).height, () => null),
        })),
      ),
    ]);
    return { ...info, peers };
  }

  private async chainInfo(caller: AuditCaller): Promise<ReturnType<typeof chainInfo>> {
    return chainInfo(await this.ledger.chainInfo(caller));
  }

  private async factsOf(caller: AuditCaller, txId: string): Promise<TxFacts> {
    const cached = this.txFacts.get(txId);
    if (cached !== undefined) {
      return cached;
    }
    const view = transactionInBlock(await this.ledger.blockOfTransaction(caller, txId), txId);
    const facts: TxFacts = {
      blockNumber: view?.blockNumber ?? null,
      creatorMsp: view?.creatorMsp ?? null,
      creatorRole: view?.creatorRole ?? null,
    };
    if (view !== undefined) {
      this.txFacts.set(txId, facts);
    }
    return facts;
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
