/**
 * Moves points between accounts within one transaction: lane-aware debits and credits,
 * each change written as a statement line.
 *
 * Fabric does not let a transaction read its own writes, so the book remembers every lane
 * it has written and answers later reads from that, keeping two changes of one lane in a
 * transaction from overwriting each other. It also keeps the ledger-wide totals that
 * `CheckInvariant` reads (./holding-totals.ts).
 *
 * @packageDocumentation
 */
import { requireOpenAccount } from '../ledger/accounts';
import { safeAdd } from '../ledger/args';
import { InsufficientPointsError } from '../ledger/errors';
import { creditLane, LANE_COUNT } from '../ledger/lanes';
import type { CreditTarget, EscrowLeg, EscrowRef, Leg, PointsBook, Transfer } from '../ledger/points-book';
import type { Stub } from '../ledger/stub';
import { escrowKey, escrowLabel, readEscrow, writeEscrow } from './escrow';
import { type HoldingTotals, readHoldingShard, writeHoldingShard } from './holding-totals';
import { planDebit, spreadEvenly } from './lanes';
import { readLane, writeLane, writeMovement } from './repository';

/** The points module's {@link PointsBook}: balances, escrows and statement lines of one transaction. */
export class LaneBook implements PointsBook {
  private readonly written = new Map<string, number>();
  private readonly escrows = new Map<string, number>();
  private readonly checkedOpen = new Set<string>();
  private movements = 0;
  /** How much this transaction changed Σ balances and Σ escrows so far. */
  private balanceChange = 0;
  private escrowChange = 0;
  /** The transaction's holding-totals shard as read, once it has been needed. */
  private shardBase: HoldingTotals | undefined;

  /**
   * @param stub - the transaction's stub
   * @param txId - the transaction's id
   * @param time - the transaction's time, ISO 8601
   */
  constructor(
    private readonly stub: Stub,
    private readonly txId: string,
    private readonly time: string,
  ) {}

  /**
   * Takes points from an account, starting at `startLane` and sweeping the other lanes
   * when it is short.
   *
   * @param leg - account, amount and statement details
   * @param startLane - the lane to take from first
   * @throws InsufficientPointsError when the account holds fewer points
   */
  async debit(leg: Leg, startLane: number): Promise<void> {
    await this.debitLanes(leg, startLane);
    await this.settleTotals();
  }

  /**
   * Adds points to an account. Only an opened account can receive points: points sent to an id
   * nobody owns yet would belong to whichever organisation opened it first.
   *
   * @param leg - account, amount and statement details
   * @param target - a lane, or `spread` for all lanes evenly
   * @throws AccountNotOpenError when the account was never opened
   */
  async credit(leg: Leg, target: CreditTarget): Promise<void> {
    await this.creditLanes(leg, target);
    await this.settleTotals();
  }

  // debit and credit without settling the totals: a transfer or an escrow move settles once,
  // after both sides, so a transfer (which changes neither sum) never touches a shard.
  private async debitLanes(leg: Leg, startLane: number): Promise<void> {
    const plan = await planDebit(startLane, leg.points, (lane) => this.lane(leg.account, lane));
    if ('shortOf' in plan) {
      throw new InsufficientPointsError(`account ${leg.account} holds fewer than ${leg.points} points`, {
        account: leg.account,
        needed: leg.points,
        available: plan.available,
      });
    }
    for (const take of plan.takes) {
      await this.setLane(leg.account, take.lane, (await this.lane(leg.account, take.lane)) - take.points);
    }
    await this.record(leg, -leg.points);
  }

  private async creditLanes(leg: Leg, target: CreditTarget): Promise<void> {
    await this.requireOpen(leg.account);
    const shares = target === 'spread' ? spreadEvenly(leg.points) : laneShares(target, leg.points);
    for (let lane = 0; lane < LANE_COUNT; lane++) {
      const share = shares[lane] ?? 0;
      if (share > 0) {
        await this.setLane(leg.account, lane, safeAdd(await this.lane(leg.account, lane), share));
      }
    }
    await this.record(leg, leg.points);
  }

  /**
   * Moves points from one account to another: a debit and a credit, each with its
   * statement line naming the other account.
   *
   * @param move - both accounts, lanes and statement details
   * @throws InsufficientPointsError when `from` holds fewer points
   */
  async transfer(move: Transfer): Promise<void> {
    const common = { points: move.points, kind: move.kind, requestId: move.requestId, reference: move.reference };
    await this.debitLanes({ ...common, account: move.from, counterparty: move.to }, move.fromLane);
    await this.creditLanes({ ...common, account: move.to, counterparty: move.from }, move.toTarget);
    await this.settleTotals();
  }

  /**
   * Moves points from an account into an escrow holding (statement line on the account,
   * the escrow named as counterparty).
   *
   * @param leg - account, amount and statement details
   * @param escrow - the holding to fill
   * @param startLane - the lane to debit first
   * @throws InsufficientPointsError when the account holds fewer points
   */
  async lockEscrow(leg: EscrowLeg, escrow: EscrowRef, startLane: number): Promise<void> {
    await this.debitLanes({ ...leg, counterparty: escrowLabel(escrow) }, startLane);
    const key = escrowKey(this.stub, escrow);
    await this.setEscrow(key, safeAdd(await this.escrow(key), leg.points));
    await this.settleTotals();
  }

  /**
   * Moves points out of an escrow holding into an account.
   *
   * @param leg - receiving account, amount and statement details
   * @param escrow - the holding to draw on
   * @param target - a lane, or `spread`
   * @throws Error when the holding has fewer points: callers release only what they locked,
   *   so a shortfall is a defect, not a client error
   */
  async releaseEscrow(leg: EscrowLeg, escrow: EscrowRef, target: CreditTarget): Promise<void> {
    const key = escrowKey(this.stub, escrow);
    const held = await this.escrow(key);
    if (held < leg.points) {
      throw new Error(`escrow ${escrowLabel(escrow)} holds ${held} points, fewer than ${leg.points}`);
    }
    await this.setEscrow(key, held - leg.points);
    await this.creditLanes({ ...leg, counterparty: escrowLabel(escrow) }, target);
    await this.settleTotals();
  }

  /**
   * @param escrow - the holding
   * @returns the points it holds, this transaction's writes included
   */
  async escrowed(escrow: EscrowRef): Promise<number> {
    return this.escrow(escrowKey(this.stub, escrow));
  }

  /**
   * Rewrites an account's lanes so each holds an even share, without a statement line
   * (the balance does not change).
   *
   * @param account - the account
   * @param lanes - current points per lane, as read by the caller
   * @returns the balance
   */
  async rebalance(account: string, lanes: ReadonlyMap<number, number>): Promise<number> {
    const balance = [...lanes.values()].reduce((sum, points) => safeAdd(sum, points), 0);
    const shares = spreadEvenly(balance);
    for (let lane = 0; lane < LANE_COUNT; lane++) {
      const share = shares[lane] ?? 0;
      if (share !== (lanes.get(lane) ?? 0)) {
        await this.setLane(account, lane, share);
      }
    }
    await this.settleTotals();
    return balance;
  }

  /**
   * Tells the book that this transaction opened `account`: Fabric does not let a transaction
   * read its own writes, so the book could not see the new register entry.
   *
   * @param account - the account just opened
   */
  opened(account: string): void {
    this.checkedOpen.add(account);
  }

  private async requireOpen(account: string): Promise<void> {
    if (!this.checkedOpen.has(account)) {
      await requireOpenAccount(this.stub, account, 'account');
      this.checkedOpen.add(account);
    }
  }

  private async lane(account: string, lane: number): Promise<number> {
    return this.written.get(`${account}/${lane}`) ?? readLane(this.stub, account, lane);
  }

  private async escrow(key: string): Promise<number> {
    return this.escrows.get(key) ?? readEscrow(this.stub, key);
  }

  private async setEscrow(key: string, points: number): Promise<void> {
    this.escrowChange = safeAdd(this.escrowChange, points - (await this.escrow(key)));
    this.escrows.set(key, points);
    await writeEscrow(this.stub, key, points);
  }

  private async setLane(account: string, lane: number, points: number): Promise<void> {
    this.balanceChange = safeAdd(this.balanceChange, points - (await this.lane(account, lane)));
    this.written.set(`${account}/${lane}`, points);
    await writeLane(this.stub, account, lane, points);
  }

  /**
   * Writes this transaction's change of Σ balances and Σ escrows into its shard, after every
   * public operation. A transaction that changed neither (every transfer) reads no shard, so
   * it gains no key in common with other transactions.
   */
  private async settleTotals(): Promise<void> {
    if (this.balanceChange === 0 && this.escrowChange === 0 && this.shardBase === undefined) {
      return;
    }
    const shard = creditLane(this.txId);
    this.shardBase ??= await readHoldingShard(this.stub, shard);
    await writeHoldingShard(this.stub, shard, {
      balances: safeAdd(this.shardBase.balances, this.balanceChange),
      escrows: safeAdd(this.shardBase.escrows, this.escrowChange),
    });
  }

  private async record(leg: Leg, delta: number): Promise<void> {
    const movement = {
      txId: this.txId,
      time: this.time,
      account: leg.account,
      delta,
      kind: leg.kind,
      counterparty: leg.counterparty,
      requestId: leg.requestId,
      reference: leg.reference,
    };
    await writeMovement(this.stub, movement, this.movements);
    this.movements += 1;
  }
}

function laneShares(lane: number, points: number): number[] {
  return Array.from({ length: LANE_COUNT }, (_, index) => (index === lane ? points : 0));
}
