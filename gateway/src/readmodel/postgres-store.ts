import { Pool, type PoolClient, type PoolConfig } from 'pg';

import { withTransaction } from '../storage/postgres-transaction';
import { movementPage, movementsAfter, payoutPage, payoutsAfter, redemptionPage, redemptionsAfter } from './cursor';
import {
  type ColumnCodec,
  type MovementDbRow,
  type PayoutDbRow,
  payoutValues,
  type PlanDbRow,
  prefixOf,
  REDEMPTION_PARTY_COLUMN,
  type RedemptionDbRow,
  redemptionValues,
  toMovement,
  toPayout,
  toPlan,
  toRedemption,
  toVersion,
  type VersionDbRow,
} from './db-rows';
import { createReadModelSchema } from './postgres-schema';
import { type BlockRows, type MovementRow, type PayoutRow, type PlanRow, plansTouched, type RedemptionRow, type TrancheRow } from './rows';
import {
  type Checkpoint,
  type EventQuery,
  type MerchantSales,
  type MovementQuery,
  type Page,
  type PayoutQuery,
  type ReadModelStore,
  type RedemptionQuery,
  samePrefix,
  type StoredEvent,
  type ThroughputBucket,
  type Totals,
  type VerifiedPrefix,
  type VersionQuery,
} from './store';
import { BEFORE_FIRST_VERSION, foldLaneWrites, versionPage, type VersionRow } from './versions';

// pg returns BIGINT, count(*) and sum(…) as strings, since they may exceed 2^53; hence `string` below.
const PG_COLUMNS: ColumnCodec<string, boolean> = { int: toSafeNumber, flag: (value) => value };

/** {@link ReadModelStore} on PostgreSQL (tables `rm_*` in the connection's `search_path`). */
export class PostgresReadModelStore implements ReadModelStore {
  private constructor(private readonly pool: Pool) {}

  /**
   * Connects, creates the tables unless they exist, and returns the store; fails if the server
   * cannot be reached, so a wrong URL stops the gateway at start-up.
   *
   * @param config - pg pool settings, at least `connectionString`
   * @param onIdleError - told about errors of idle pooled connections (e.g. a server restart), which
   *   pg would otherwise raise as an unhandled 'error' event and so end the process
   */
  static async open(config: PoolConfig, onIdleError: (err: Error) => void): Promise<PostgresReadModelStore> {
    const pool = new Pool(config);
    pool.on('error', onIdleError);
    try {
      await createReadModelSchema(pool);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PostgresReadModelStore(pool);
  }

  /** Closes every pooled connection; the store is unusable afterwards. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  async checkpoint(): Promise<Checkpoint | null> {
    const { rows } = await this.pool.query<{ block: string | null; tx_id: string | null }>(
      'SELECT block, tx_id FROM rm_checkpoint WHERE id = 1',
    );
    const row = rows[0];
    return row === undefined || row.block === null ? null : { block: BigInt(row.block), txId: row.tx_id };
  }

  async applyBlock(rows: BlockRows): Promise<void> {
    await withTransaction(this.pool, 'BEGIN', async (client) => {
      // The row lock makes a second writer (another listener on the same database) wait until this
      // transaction ends and then read the checkpoint it wrote, so a block is never applied twice.
      const current = await client.query<{ block: string | null }>('SELECT block FROM rm_checkpoint WHERE id = 1 FOR UPDATE');
      const block = current.rows[0]?.block ?? null;
      if (block !== null && BigInt(block) >= rows.block) {
        return;
      }
      await write(client, rows);
    });
  }

  async clear(): Promise<void> {
    await withTransaction(this.pool, 'BEGIN', async (client) => {
      // Taken first, as applyBlock does, so a clear and a block write queue up instead of deadlocking.
      await client.query('SELECT block FROM rm_checkpoint WHERE id = 1 FOR UPDATE');
      await client.query(
        `TRUNCATE rm_transactions, rm_events, rm_event_accounts, rm_movements, rm_sales, rm_plans, rm_plan_tranches, rm_redemptions,
           rm_payouts, rm_versions, rm_lanes`,
      );
      await client.query('UPDATE rm_checkpoint SET block = NULL, tx_id = NULL WHERE id = 1');
      await client.query('UPDATE rm_chain_prefix SET block = NULL, header_hash = NULL WHERE id = 1');
    });
  }

  async transactionCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM rm_transactions');
    return toSafeNumber(rows[0]?.n ?? '0');
  }

  async movements(account: string, query: MovementQuery): Promise<Page<MovementRow>> {
    const after = movementsAfter(query.cursor);
    const { rows } = await this.pool.query<MovementDbRow<string>>(
      `SELECT account, tx_id, seq, time, delta, kind, counterparty, reference FROM rm_movements
       WHERE account = $1 AND time >= $2 AND time < $3
         AND ($4::text IS NULL OR (time, tx_id, seq) > ($4::text, $5::text, $6::integer))
       ORDER BY time, tx_id, seq LIMIT $7`,
      [account, query.from ?? '', query.to ?? '\uffff', after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, query.limit + 1],
    );
    return movementPage(
      rows.slice(0, query.limit).map((row) => toMovement(row, PG_COLUMNS)),
      rows.length > query.limit,
    );
  }

  async events(query: EventQuery): Promise<StoredEvent[]> {
    const { after, names, account, limit } = query;
    const position = [(after?.block ?? -1n).toString(), after?.txIndex ?? -1];
    const { rows } = await this.pool.query<{ tx_id: string; block: string; tx_index: number; name: string; payload: string; time: string }>(
      account === undefined ? PG_EVENTS_SQL : PG_ACCOUNT_EVENTS_SQL,
      [...position, names ?? null, limit, ...(account === undefined ? [] : [account])],
    );
    return rows.map((row) => ({
      txId: row.tx_id,
      block: BigInt(row.block),
      txIndex: row.tx_index,
      name: row.name,
      payload: row.payload,
      time: row.time,
    }));
  }

  async topMerchants(month: string, limit: number): Promise<MerchantSales[]> {
    const { rows } = await this.pool.query<{ merchant: string; sales_fen: string; purchases: string }>(
      `SELECT merchant, sum(amount_fen) AS sales_fen, count(*) AS purchases FROM rm_sales WHERE month = $1
       GROUP BY merchant ORDER BY sales_fen DESC, merchant LIMIT $2`,
      [month, limit],
    );
    return rows.map((row) => ({ merchant: row.merchant, salesFen: toSafeNumber(row.sales_fen), purchases: toSafeNumber(row.purchases) }));
  }

  async plans(status: string | undefined, limit: number, offset: number): Promise<PlanRow[]> {
    const { rows } = await this.pool.query<PlanDbRow<string>>(
      `SELECT plan_id, status, issuer, kind, cap_points, raised, updated_at, block, tx_index, record FROM rm_plans
       WHERE ($1::text IS NULL OR status = $1) ORDER BY plan_id LIMIT $2 OFFSET $3`,
      [status ?? null, limit, offset],
    );
    return rows.map((row) => toPlan(row, PG_COLUMNS));
  }

  async plan(planId: string): Promise<PlanRow | null> {
    const { rows } = await this.pool.query<PlanDbRow<string>>(
      'SELECT plan_id, status, issuer, kind, cap_points, raised, updated_at, block, tx_index, record FROM rm_plans WHERE plan_id = $1',
      [planId],
    );
    const row = rows[0];
    return row === undefined ? null : toPlan(row, PG_COLUMNS);
  }

  async redemptions(query: RedemptionQuery): Promise<Page<RedemptionRow>> {
    const { since, after } = redemptionsAfter(query);
    const { rows } = await this.pool.query<RedemptionDbRow<string>>(PG_REDEMPTIONS_SQL[query.by], [
      query.party,
      since,
      query.to ?? '\uffff',
      ...after,
      query.classId ?? null,
      query.limit + 1,
    ]);
    return redemptionPage(
      rows.slice(0, query.limit).map((row) => toRedemption(row, PG_COLUMNS)),
      rows.length > query.limit,
    );
  }

  async payouts(planId: string, query: PayoutQuery): Promise<Page<PayoutRow>> {
    const [tranche, seq] = payoutsAfter(query.cursor);
    const { rows } = await this.pool.query<PayoutDbRow<string>>(
      `SELECT plan_id, tranche, seq, investor, status, principal, yield_points, paid_at, tx_id FROM rm_payouts
       WHERE plan_id = $1 AND (tranche, seq) > ($2::integer, $3::integer) ORDER BY tranche, seq LIMIT $4`,
      [planId, tranche, seq, query.limit + 1],
    );
    return payoutPage(
      rows.slice(0, query.limit).map((row) => toPayout(row, PG_COLUMNS)),
      rows.length > query.limit,
    );
  }

  async totals(accounts: readonly string[]): Promise<Totals> {
    // One read-only snapshot, so the figures agree with each other while blocks keep arriving.
    return withTransaction(this.pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
      const all = await client.query<{ transactions: string; events: string; movements: string; balance_sum: string }>(
        `SELECT (SELECT count(*) FROM rm_transactions) AS transactions, (SELECT count(*) FROM rm_events) AS events,
                (SELECT count(*) FROM rm_movements) AS movements, (SELECT coalesce(sum(delta), 0) FROM rm_movements) AS balance_sum`,
      );
      const perAccount = await client.query<{ account: string; sum: string; n: string }>(
        'SELECT account, sum(delta) AS sum, count(*) AS n FROM rm_movements WHERE account = ANY($1::text[]) GROUP BY account',
        [accounts],
      );
      const sums: Record<string, number> = {};
      const counts: Record<string, number> = {};
      for (const account of accounts) {
        sums[account] = 0;
        counts[account] = 0;
      }
      for (const row of perAccount.rows) {
        sums[row.account] = toSafeNumber(row.sum);
        counts[row.account] = toSafeNumber(row.n);
      }
      const figures = all.rows[0];
      return {
        transactions: toSafeNumber(figures?.transactions ?? '0'),
        events: toSafeNumber(figures?.events ?? '0'),
        movements: toSafeNumber(figures?.movements ?? '0'),
        balanceSum: toSafeNumber(figures?.balance_sum ?? '0'),
        accounts: sums,
        movementCounts: counts,
      };
    });
  }

  async throughput(since: string): Promise<ThroughputBucket[]> {
    const { rows } = await this.pool.query<{ minute: string; transactions: string }>(
      `SELECT substr(time, 1, 16) || ':00.000Z' AS minute, count(*) AS transactions FROM rm_transactions
       WHERE time >= $1 GROUP BY substr(time, 1, 16) ORDER BY minute`,
      [since],
    );
    return rows.map((row) => ({ minute: row.minute, transactions: toSafeNumber(row.transactions) }));
  }

  async versions(entityType: string, entityId: string, query: VersionQuery): Promise<Page<VersionRow>> {
    // (-1, -1) precedes every version, so the first page uses the same index range scan as the others.
    const after = query.after ?? BEFORE_FIRST_VERSION;
    const { rows } = await this.pool.query<VersionDbRow<string, boolean>>(
      `SELECT entity_type, entity_id, block, tx_index, tx_id, time, is_delete, value, creator_msp, creator_role FROM rm_versions
       WHERE entity_type = $1 AND entity_id = $2 AND (block, tx_index) > ($3::bigint, $4::integer)
       ORDER BY block, tx_index LIMIT $5`,
      [entityType, entityId, after.block.toString(), after.txIndex, query.limit + 1],
    );
    return versionPage(
      rows.slice(0, query.limit).map((row) => toVersion(row, PG_COLUMNS)),
      rows.length > query.limit,
    );
  }

  async verifiedPrefix(): Promise<VerifiedPrefix | null> {
    const { rows } = await this.pool.query<{ block: string | null; header_hash: string | null }>(
      'SELECT block, header_hash FROM rm_chain_prefix WHERE id = 1',
    );
    return prefixOf(rows[0]);
  }

  async saveVerifiedPrefix(expected: VerifiedPrefix | null, next: VerifiedPrefix): Promise<boolean> {
    return withTransaction(this.pool, 'BEGIN', async (client) => {
      // The row lock orders concurrent verifications: the second one compares against what the first wrote.
      const { rows } = await client.query<{ block: string | null; header_hash: string | null }>(
        'SELECT block, header_hash FROM rm_chain_prefix WHERE id = 1 FOR UPDATE',
      );
      if (!samePrefix(prefixOf(rows[0]), expected)) {
        return false;
      }
      await client.query('UPDATE rm_chain_prefix SET block = $1, header_hash = $2 WHERE id = 1', [next.block.toString(), next.headerHash]);
      return true;
    });
  }
}

/** Inserts a block's rows (the caller holds the checkpoint lock) and advances the checkpoint. */
async function write(client: PoolClient, rows: BlockRows): Promise<void> {
  // One statement per table (arrays unnested server-side) instead of one round trip per row.
  await insertAll(
    client,
    'INSERT INTO rm_transactions SELECT * FROM unnest($1::text[], $2::bigint[], $3::integer[], $4::text[]) ON CONFLICT DO NOTHING',
    rows.transactions,
    (r) => [r.txId, r.block.toString(), r.txIndex, r.time],
  );
  await insertAll(
    client,
    'INSERT INTO rm_events SELECT * FROM unnest($1::text[], $2::bigint[], $3::integer[], $4::text[], $5::text[], $6::text[]) ON CONFLICT DO NOTHING',
    rows.events,
    (r) => [r.txId, r.block.toString(), r.txIndex, r.name, r.payload, r.time],
  );
  await insertAll(
    client,
    'INSERT INTO rm_event_accounts SELECT * FROM unnest($1::text[], $2::bigint[], $3::integer[]) ON CONFLICT DO NOTHING',
    rows.events.flatMap((r) => r.accounts.map((account) => ({ account, block: r.block, txIndex: r.txIndex }))),
    (r) => [r.account, r.block.toString(), r.txIndex],
  );
  await insertAll(
    client,
    `INSERT INTO rm_movements SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[])
     ON CONFLICT DO NOTHING`,
    rows.movements,
    (r) => [r.account, r.txId, r.seq, r.time, r.delta, r.kind, r.counterparty, r.reference],
  );
  await insertAll(
    client,
    'INSERT INTO rm_sales SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) ON CONFLICT DO NOTHING',
    rows.sales,
    (r) => [r.merchant, r.month, r.txId, r.amountFen, r.occurredAt],
  );
  // One row at a time: a block may hold several versions of a plan, which one upsert statement may
  // not touch twice. Only a later write replaces a plan, so replaying an old block cannot roll it back.
  // A new plan starts at 0 raised; writeRaised sets the figure from its tranches.
  for (const r of rows.plans) {
    await client.query(
      `INSERT INTO rm_plans AS p VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9) ON CONFLICT (plan_id) DO UPDATE SET
         status = excluded.status, issuer = excluded.issuer, kind = excluded.kind, cap_points = excluded.cap_points,
         updated_at = excluded.updated_at, block = excluded.block, tx_index = excluded.tx_index, record = excluded.record
       WHERE (excluded.block, excluded.tx_index) > (p.block, p.tx_index)`,
      [r.planId, r.status, r.issuer, r.kind, r.capPoints, r.updatedAt, r.block.toString(), r.txIndex, r.record],
    );
  }
  await writeExports(client, rows);
  await writeRaised(client, rows);
  await writeVersions(client, rows);
  await client.query(
    'INSERT INTO rm_checkpoint (id, block, tx_id) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET block = excluded.block, tx_id = excluded.tx_id',
    [rows.block.toString(), rows.lastTxId],
  );
}

/** The redemptions and payouts of the block, each written once (a redemption per order, a payout per position). */
async function writeExports(client: PoolClient, rows: BlockRows): Promise<void> {
  await insertAll(
    client,
    `INSERT INTO rm_redemptions SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
       $8::bigint[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[]) ON CONFLICT DO NOTHING`,
    rows.redemptions,
    redemptionValues,
  );
  await insertAll(
    client,
    `INSERT INTO rm_payouts SELECT * FROM unnest($1::text[], $2::integer[], $3::integer[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
       $8::text[], $9::text[]) ON CONFLICT DO NOTHING`,
    rows.payouts,
    payoutValues,
  );
}

/** The block's tranches, then the raised total of every plan the block touched: the sum of its tranches. */
async function writeRaised(client: PoolClient, rows: BlockRows): Promise<void> {
  // A hot plan's tranches are written many times a block, so only each tranche's last write is sent,
  // in one statement (which may touch a row once). The same guard as for plans.
  await insertAll(
    client,
    `INSERT INTO rm_plan_tranches AS t SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::bigint[], $5::integer[])
     ON CONFLICT (plan_id, tranche) DO UPDATE SET raised = excluded.raised, block = excluded.block, tx_index = excluded.tx_index
     WHERE (excluded.block, excluded.tx_index) > (t.block, t.tx_index)`,
    lastWrites(rows.tranches),
    (r) => [r.planId, r.tranche, r.raised, r.block.toString(), r.txIndex],
  );
  // The block's plans are summed too: a plan inserted after its first tranches (a tranche has no
  // plan row to update until then) starts at 0 and takes them up here.
  const planIds = plansTouched(rows);
  if (planIds.length > 0) {
    await client.query(
      `UPDATE rm_plans AS p SET raised = (SELECT coalesce(sum(t.raised), 0) FROM rm_plan_tranches AS t WHERE t.plan_id = p.plan_id)
       WHERE p.plan_id = ANY($1::text[])`,
      [planIds],
    );
  }
}

/**
 * Entity versions, account versions folded from the lane writes, and the lanes' new points. Safe to
 * read-compute-write: the caller holds the checkpoint lock, so no other writer touches the lanes meanwhile.
 */
async function writeVersions(client: PoolClient, rows: BlockRows): Promise<void> {
  const accounts = [...new Set(rows.laneWrites.map((w) => w.account))];
  const stored =
    accounts.length === 0
      ? []
      : (
          await client.query<{ account: string; lane: string; points: string }>(
            'SELECT account, lane, points FROM rm_lanes WHERE account = ANY($1::text[])',
            [accounts],
          )
        ).rows.map((row) => ({ account: row.account, lane: row.lane, points: toSafeNumber(row.points) }));
  const folded = foldLaneWrites(rows.laneWrites, stored);
  await insertAll(
    client,
    `INSERT INTO rm_versions SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::integer[], $5::text[], $6::text[], $7::boolean[], $8::text[],
       $9::text[], $10::text[]) ON CONFLICT DO NOTHING`,
    [...rows.versions, ...folded.versions],
    (v) => [v.entityType, v.entityId, v.block.toString(), v.txIndex, v.txId, v.time, v.isDelete, v.value, v.creatorMsp, v.creatorRole],
  );
  // The fold answers each lane once, so one upsert statement never touches a row twice.
  await insertAll(
    client,
    'INSERT INTO rm_lanes SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT (account, lane) DO UPDATE SET points = excluded.points',
    folded.lanes,
    (l) => [l.account, l.lane, l.points],
  );
}

/** The last of each tranche's writes; the rows are in block order. */
function lastWrites(tranches: readonly TrancheRow[]): TrancheRow[] {
  return [...new Map(tranches.map((r) => [`${r.planId}\u0000${String(r.tranche)}`, r])).values()];
}

/**
 * Runs an unnest insert of `rows`, unless there are none: `valuesOf` gives a row's parameters in the
 * statement's order, and the statement takes each parameter as one array (a column) over all rows.
 */
/** A page of redemptions by one party's column, in (time, merchant, order) order after a key, seeking the index to a time. */
function pgRedemptionsSql(column: (typeof REDEMPTION_PARTY_COLUMN)[keyof typeof REDEMPTION_PARTY_COLUMN]): string {
  return `SELECT merchant_id, order_id, class_id, issuer, holder, amount_fen, face_value_fen, pay_fen, rebate_fen, occurred_at,
      payable_day, request_id, tx_id, time FROM rm_redemptions
    WHERE ${column} = $1 AND time >= $2 AND time < $3 AND (time, merchant_id, order_id) > ($4::text, $5::text, $6::text)
      AND ($7::text IS NULL OR class_id = $7)
    ORDER BY time, merchant_id, order_id LIMIT $8`;
}
const PG_REDEMPTIONS_SQL = {
  merchant: pgRedemptionsSql(REDEMPTION_PARTY_COLUMN.merchant),
  issuer: pgRedemptionsSql(REDEMPTION_PARTY_COLUMN.issuer),
} as const;

const PG_NAME_FILTER = '($3::text[] IS NULL OR e.name = ANY($3::text[]))';
const PG_EVENTS_SQL = `SELECT e.tx_id, e.block, e.tx_index, e.name, e.payload, e.time FROM rm_events AS e
  WHERE (e.block, e.tx_index) > ($1::bigint, $2::integer) AND ${PG_NAME_FILTER}
  ORDER BY e.block, e.tx_index LIMIT $4`;
const PG_ACCOUNT_EVENTS_SQL = `SELECT e.tx_id, e.block, e.tx_index, e.name, e.payload, e.time
  FROM rm_event_accounts AS a JOIN rm_events AS e ON e.block = a.block AND e.tx_index = a.tx_index
  WHERE a.account = $5 AND (a.block, a.tx_index) > ($1::bigint, $2::integer) AND ${PG_NAME_FILTER}
  ORDER BY a.block, a.tx_index LIMIT $4`;

async function insertAll<Row>(client: PoolClient, sql: string, rows: readonly Row[], valuesOf: (row: Row) => unknown[]): Promise<void> {
  if (rows.length > 0) {
    await client.query(sql, columnsOf(rows.map(valuesOf)));
  }
}

/** Transposes rows of parameters (all of one length) into one array a parameter. */
function columnsOf(rows: readonly (readonly unknown[])[]): unknown[][] {
  const width = rows[0]?.length ?? 0;
  return Array.from({ length: width }, (_, column) => rows.map((values) => values[column]));
}

/** @throws Error when a count or sum no longer fits a JS number exactly (it never should for points) */
function toSafeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new Error(`read model value ${value} is not a safe integer`);
  }
  return n;
}
