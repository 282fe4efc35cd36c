/**
 * Hands out the balance lanes of merchant accounts so that concurrent requests for one merchant never
 * share a lane (docs/points.md, "Hot accounts: balance lanes"): their read and write sets stay disjoint
 * and they do not invalidate each other with MVCC conflicts.
 *
 * Lanes are handed out in rotation (a released lane goes to the back of the free queue) so debits and
 * credits spread over every lane instead of draining lane 0. When every lane of an account is in use,
 * requests wait in FIFO order.
 */
export class LanePool {
  private readonly accounts = new Map<string, AccountLanes>();

  /**
   * @param lanes - lanes per account, at most the chaincode's 64.
   * @param random - picks where an account's rotation starts, so an account that goes idle (and is
   *   forgotten) does not restart at lane 0 every time.
   */
  constructor(
    private readonly lanes: number,
    private readonly random: () => number = Math.random,
  ) {
    if (!Number.isSafeInteger(lanes) || lanes < 1) {
      throw new RangeError(`lanes must be a positive integer, got ${lanes}`);
    }
  }

  /**
   * Runs `work` with a lane of `account` that no other in-flight call holds, releasing it afterwards
   * whether `work` succeeds or fails.
   */
  async withLane<T>(account: string, work: (lane: number) => Promise<T>): Promise<T> {
    const lane = await this.acquire(account);
    try {
      return await work(lane);
    } finally {
      this.release(account, lane);
    }
  }

  /** Lanes of `account` currently held, for tests and diagnostics. */
  inUse(account: string): number {
    const state = this.accounts.get(account);
    return state === undefined ? 0 : this.lanes - state.free.length;
  }

  private acquire(account: string): Promise<number> {
    let state = this.accounts.get(account);
    if (state === undefined) {
      const start = Math.floor(this.random() * this.lanes);
      state = { free: Array.from({ length: this.lanes }, (_, i) => (start + i) % this.lanes), waiters: [] };
      this.accounts.set(account, state);
    }
    const lane = state.free.shift();
    if (lane !== undefined) {
      return Promise.resolve(lane);
    }
    const waiters = state.waiters;
    return new Promise((resolve) => waiters.push(resolve));
  }

  private release(account: string, lane: number): void {
    const state = this.accounts.get(account);
    if (state === undefined) {
      return;
    }
    const next = state.waiters.shift();
    if (next !== undefined) {
      next(lane);
      return;
    }
    state.free.push(lane);
    // Forget idle accounts so memory follows the number of busy merchants, not of all merchants ever seen.
    if (state.free.length === this.lanes) {
      this.accounts.delete(account);
    }
  }
}

interface AccountLanes {
  readonly free: number[];
  readonly waiters: Array<(lane: number) => void>;
}
