/**
 * Cost of one entity history page against the length of the history, on the read model's SQLite store
 * in memory (no network needed: `npx tsc -p bench/tsconfig.json && node .loulan/bench/bench/history.js`).
 * Indexes one account with BENCH_HISTORY_VERSIONS (default 200000) versions spread over its 64 lanes,
 * next to as many versions of other accounts, then times pages of 20 at the start, the middle and the
 * end of the walk. Prints figures; asserts nothing, so it never flakes. Target: the three are alike
 * (O(page)), where the chaincode's `GetHistory` reads the whole history for each page.
 */
import { performance } from 'node:perf_hooks';

import type { BlockRows } from '../gateway/src/readmodel/rows';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../gateway/src/readmodel/sqlite-store';
import { decodeVersionBookmark, type LaneWrite } from '../gateway/src/readmodel/versions';
import { openDatabase } from '../gateway/src/storage/database';

const VERSIONS = positiveInteger('BENCH_HISTORY_VERSIONS', 200_000);
const TXS_PER_BLOCK = 100;
const PAGE_SIZE = 20;
const ROUNDS = 200;

function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer`);
  }
  return value;
}

/** Block `n`: every transaction writes one lane of alice and one of another account. */
function blockRows(n: number): BlockRows {
  const laneWrites: LaneWrite[] = [];
  for (let txIndex = 0; txIndex < TXS_PER_BLOCK; txIndex += 1) {
    const tx = {
      block: BigInt(n),
      txIndex,
      txId: `tx-${n}-${txIndex}`,
      time: new Date(n * 1000).toISOString(),
      creatorMsp: 'RetailMSP',
      creatorRole: 'merchant',
    };
    laneWrites.push({ ...tx, account: 'alice', lane: String(txIndex % 64).padStart(2, '0'), points: n + txIndex });
    laneWrites.push({ ...tx, account: `other-${txIndex}`, lane: '00', points: n });
  }
  return {
    block: BigInt(n),
    lastTxId: null,
    transactions: [],
    events: [],
    movements: [],
    sales: [],
    plans: [],
    tranches: [],
    versions: [],
    redemptions: [],
    payouts: [],
    laneWrites,
  };
}

async function main(): Promise<void> {
  const store = new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS));
  const blocks = Math.ceil(VERSIONS / TXS_PER_BLOCK);
  const started = performance.now();
  for (let n = 1; n <= blocks; n += 1) {
    await store.applyBlock(blockRows(n));
  }
  console.log(
    `indexed ${blocks * TXS_PER_BLOCK} versions of alice (and as many of others) in ${(performance.now() - started).toFixed(0)} ms`,
  );

  const positions = {
    start: undefined,
    middle: { block: BigInt(Math.floor(blocks / 2)), txIndex: 0 },
    end: { block: BigInt(blocks), txIndex: TXS_PER_BLOCK - PAGE_SIZE - 1 },
  };
  for (const [name, after] of Object.entries(positions)) {
    const t0 = performance.now();
    let read = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const page = await store.versions('account', 'alice', after === undefined ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, after });
      read += page.items.length;
      // Decoding the bookmark is part of what a request does.
      decodeVersionBookmark(page.cursor ?? '');
    }
    console.log(
      `page of ${PAGE_SIZE} at the ${name.padEnd(6)}: ${(((performance.now() - t0) / ROUNDS) * 1000).toFixed(0)} µs (${read / ROUNDS} versions a page)`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
