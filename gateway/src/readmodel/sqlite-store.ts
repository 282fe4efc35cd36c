import { type Database, type Migration, sqlMigration, StatementCache } from '../storage/database';
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
import { type BlockRows, type MovementRow, type PayoutRow, type PlanRow, plansTouched, type RedemptionRow } from './rows';
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
import { BEFORE_FIRST_VERSION, foldLaneWrites, type LanePoints, versionPage, type VersionRow } from './versions';

/** Schema of the read model, passed to `openDatabase` with the gateway's other migrations. */
export const READ_MODEL_MIGRATIONS: readonly Migration[] = [
  sqlMigration(
    'readmodel/001-tables',
    `
        CREATE TABLE rm_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), block INTEGER NOT NULL, tx_id TEXT) STRICT;
        CREATE TABLE rm_transactions (tx_id TEXT PRIMARY KEY, block INTEGER NOT NULL, tx_index INTEGER NOT NULL, time TEXT NOT NULL) STRICT;
        CREATE INDEX rm_transactions_time ON rm_transactions (time);
        CREATE TABLE rm_events (
          tx_id TEXT NOT NULL, block INTEGER NOT NULL, tx_index INTEGER NOT NULL, name TEXT NOT NULL,
          payload TEXT NOT NULL, time TEXT NOT NULL, PRIMARY KEY (tx_id, name)) STRICT;
        CREATE TABLE rm_movements (
          account TEXT NOT NULL, tx_id TEXT NOT NULL, seq INTEGER NOT NULL, time TEXT NOT NULL, delta INTEGER NOT NULL,
          kind TEXT NOT NULL, counterparty TEXT, reference TEXT, PRIMARY KEY (account, tx_id, seq)) STRICT;
        CREATE INDEX rm_movements_by_time ON rm_movements (account, time, tx_id, seq);
        CREATE TABLE rm_sales (
          merchant TEXT NOT NULL, month TEXT NOT NULL, tx_id TEXT NOT NULL, amount_fen INTEGER NOT NULL,
          occurred_at TEXT NOT NULL, PRIMARY KEY (merchant, month, tx_id)) STRICT;
        CREATE INDEX rm_sales_by_month ON rm_sales (month, merchant);
        CREATE TABLE rm_plans (
          plan_id TEXT PRIMARY KEY, status TEXT NOT NULL, issuer TEXT NOT NULL, kind TEXT NOT NULL,
          cap_points INTEGER NOT NULL, raised INTEGER NOT NULL, updated_at TEXT NOT NULL,
          block INTEGER NOT NULL, tx_index INTEGER NOT NULL, record TEXT NOT NULL) STRICT;
        CREATE INDEX rm_plans_by_status ON rm_plans (status, plan_id);
      `,
  ),
  // Entity history (versions, and the lane points their balances are computed from) and the verified
  // prefix of the hash chain. The checkpoint is dropped so that the listener replays from block 0 and
  // fills the new tables; the rows already stored are kept, and the replay inserts none of them twice.
  sqlMigration(
    'readmodel/002-history-and-chain-prefix',
    `
        CREATE TABLE rm_versions (
          entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, block INTEGER NOT NULL, tx_index INTEGER NOT NULL,
          tx_id TEXT NOT NULL, time TEXT NOT NULL, is_delete INTEGER NOT NULL, value TEXT, creator_msp TEXT, creator_role TEXT,
          PRIMARY KEY (entity_type, entity_id, block, tx_index)) STRICT;
        CREATE TABLE rm_lanes (account TEXT NOT NULL, lane TEXT NOT NULL, points INTEGER NOT NULL, PRIMARY KEY (account, lane)) STRICT;
        CREATE TABLE rm_chain_prefix (id INTEGER PRIMARY KEY CHECK (id = 1), block INTEGER NOT NULL, header_hash TEXT NOT NULL) STRICT;
        DELETE FROM rm_checkpoint;
      `,
  ),
  // The tranches a plan's raised total is summed from (the plan record no longer holds it). The
  // checkpoint is dropped, as by 002, so that the replay fills the table and recomputes every total.
  sqlMigration(
    'readmodel/003-plan-tranches',
    `
        CREATE TABLE rm_plan_tranches (
          plan_id TEXT NOT NULL, tranche INTEGER NOT NULL, raised INTEGER NOT NULL, block INTEGER NOT NULL,
          tx_index INTEGER NOT NULL, PRIMARY KEY (plan_id, tranche)) STRICT;
        DELETE FROM rm_checkpoint;
      `,
  ),
  // The event stream (docs/events.md): events in chain order, and the accounts each concerns. The
  // checkpoint is dropped, as by 002, so that the replay fills the accounts of the events already stored.
  sqlMigration(
    'readmodel/004-event-stream',
    `
        CREATE INDEX rm_events_by_position ON rm_events (block, tx_index);
        CREATE TABLE rm_event_accounts (
          account TEXT NOT NULL, block INTEGER NOT NULL, tx_index INTEGER NOT NULL, PRIMARY KEY (account, block, tx_index)) STRICT;
        DELETE FROM rm_checkpoint;
      `,
  ),
  // The CSV exports' listings (docs/readmodel.md "Exports"): coupon redemptions by merchant and by
  // issuer, and JOSP payouts in roster order. The checkpoint is dropped, as by 002, so that the replay
  // fills them from the redemptions and payouts already on the chain.
  sqlMigration(
    'readmodel/005-redemptions-and-payouts',
    `
        CREATE TABLE rm_redemptions (
          merchant_id TEXT NOT NULL, order_id TEXT NOT NULL, class_id TEXT NOT NULL, issuer TEXT NOT NULL, holder TEXT NOT NULL,
          amount_fen INTEGER NOT NULL, face_value_fen INTEGER NOT NULL, pay_fen INTEGER NOT NULL, rebate_fen INTEGER NOT NULL,
          occurred_at TEXT NOT NULL, payable_day TEXT, request_id TEXT NOT NULL, tx_id TEXT NOT NULL, time TEXT NOT NULL,
          PRIMARY KEY (merchant_id, order_id)) STRICT;
        CREATE INDEX rm_redemptions_by_merchant ON rm_redemptions (merchant_id, time, order_id);
        CREATE INDEX rm_redemptions_by_issuer ON rm_redemptions (issuer, time, merchant_id, order_id);
        CREATE TABLE rm_payouts (
          plan_id TEXT NOT NULL, tranche INTEGER NOT NULL, seq INTEGER NOT NULL, investor TEXT NOT NULL, status TEXT NOT NULL,
          principal INTEGER NOT NULL, yield_points INTEGER NOT NULL, paid_at TEXT NOT NULL, tx_id TEXT NOT NULL,
          PRIMARY KEY (plan_id, tranche, seq)) STRICT;
        DELETE FROM rm_checkpoint;
      `,
  ),
];

const TABLES = [
  'rm_checkpoint',
  'rm_transactions',
  'rm_events',
  'rm_event_accounts',
  'rm_movements',
  'rm_sales',
  'rm_plans',
  'rm_plan_tranches',
  'rm_redemptions',
  'rm_payouts',
  'rm_versions',
  'rm_lanes',
  'rm_chain_prefix',
];

// better-sqlite3 returns INTEGER columns as numbers, and the tables store booleans as 0 or 1.
const SQLITE_COLUMNS: ColumnCodec<number, number> = { int: (value) => value, flag: (value) => value === 1 };

/** An `rm_events` row as better-sqlite3 returns it. */
interface EventDbRow {
  readonly tx_id: string;
  readonly block: number;
  readonly tx_index: number;
  readonly name: string;
  readonly payload: string;
  readonly time: string;
}

/** A page of redemptions by one party's column, in (time, merchant, order) order after a key, seeking the index to a time. */
function redemptionsSql(column: (typeof REDEMPTION_PARTY_COLUMN)[keyof typeof REDEMPTION_PARTY_COLUMN]): string {
  return `SELECT * FROM rm_redemptions WHERE ${column} = ? AND time >= ? AND time < ? AND (time, merchant_id, order_id) > (?, ?, ?)
      AND (? IS NULL OR class_id = ?)
    ORDER BY time, merchant_id, order_id LIMIT ?`;
}

const NAME_FILTER = '(? IS NULL OR e.name IN (SELECT value FROM json_each(?)))';
const EVENTS_SQL = `SELECT e.* FROM rm_events AS e
  WHERE (e.block > ? OR (e.block = ? AND e.tx_index > ?)) AND ${NAME_FILTER}
  ORDER BY e.block, e.tx_index LIMIT ?`;
const ACCOUNT_EVENTS_SQL = `SELECT e.* FROM rm_event_accounts AS a JOIN rm_events AS e ON e.block = a.block AND e.tx_index = a.tx_index
  WHERE a.account = ? AND (a.block > ? OR (a.block = ? AND a.tx_index > ?)) AND ${NAME_FILTER}
  ORDER BY a.block, a.tx_index LIMIT ?`;

function toStoredEvent(row: EventDbRow): StoredEvent {
  return { txId: row.tx_id, block: BigInt(row.block), txIndex: row.tx_index, name: row.name, payload: row.payload, time: row.time };
}

/** {@link ReadModelStore} on the gateway's SQLite database (tables prefixed `rm_`). */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly applyTx: { immediate(rows: BlockRows): void };
  private readonly statements: StatementCache;

  constructor(private readonly db: Database) {
    this.statements = new StatementCache(db);
    this.applyTx = db.transaction((rows: BlockRows) => {
      this.write(rows);
    });
  }

  async checkpoint(): Promise<Checkpoint | null> {
    const row = this.db.prepare<[], { block: number; tx_id: string | null }>('SELECT block, tx_id FROM rm_checkpoint WHERE id = 1').get();
    return row === undefined ? null : { block: BigInt(row.block), txId: row.tx_id };
  }

  async applyBlock(rows: BlockRows): Promise<void> {
    this.applyTx.immediate(rows);
  }

  async clear(): Promise<void> {
    this.db
      .transaction(() => {
        TABLES.forEach((table) => this.db.exec(`DELETE FROM ${table}`));
      })
      .immediate();
  }

  async transactionCount(): Promise<number> {
    return this.count('SELECT count(*) AS n FROM rm_transactions');
  }

  async movements(account: string, query: MovementQuery): Promise<Page<MovementRow>> {
    const after = movementsAfter(query.cursor);
    const rows = this.db
      .prepare<unknown[], MovementDbRow<number>>(
        `SELECT * FROM rm_movements WHERE account = ? AND time >= ? AND time < ?
           AND (? IS NULL OR (time, tx_id, seq) > (?, ?, ?))
         ORDER BY time, tx_id, seq LIMIT ?`,
      )
      .all(
        account,
        query.from ?? '',
        query.to ?? '\uffff',
        after === null ? null : 1,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        query.limit + 1,
      );
    return movementPage(
      rows.slice(0, query.limit).map((row) => toMovement(row, SQLITE_COLUMNS)),
      rows.length > query.limit,
    );
  }

  async events(query: EventQuery): Promise<StoredEvent[]> {
    const { after, names, account, limit } = query;
    // A name filter is one JSON array parameter, so that one prepared statement serves every filter.
    const position = [after?.block ?? -1n, after?.block ?? -1n, after?.txIndex ?? -1];
    const namesJson = names === undefined ? null : JSON.stringify(names);
    const rows =
      account === undefined
        ? this.statements.get<unknown[], EventDbRow>(EVENTS_SQL).all(...position, namesJson, namesJson, limit)
        : this.statements.get<unknown[], EventDbRow>(ACCOUNT_EVENTS_SQL).all(account, ...position, namesJson, namesJson, limit);
    return rows.map(toStoredEvent);
  }

  async topMerchants(month: string, limit: number): Promise<MerchantSales[]> {
    return this.db
      .prepare<[string, number], MerchantSales>(
        `SELECT merchant, sum(amount_fen) AS salesFen, count(*) AS purchases FROM rm_sales WHERE month = ?
         GROUP BY merchant ORDER BY salesFen DESC, merchant LIMIT ?`,
      )
      .all(month, limit);
  }

  async plans(status: string | undefined, limit: number, offset: number): Promise<PlanRow[]> {
    return this.db
      .prepare<[string | null, string | null, number, number], PlanDbRow<number>>(
        'SELECT * FROM rm_plans WHERE (? IS NULL OR status = ?) ORDER BY plan_id LIMIT ? OFFSET ?',
      )
      .all(status ?? null, status ?? null, limit, offset)
      .map((row) => toPlan(row, SQLITE_COLUMNS));
  }

  async plan(planId: string): Promise<PlanRow | null> {
    const row = this.db.prepare<[string], PlanDbRow<number>>('SELECT * FROM rm_plans WHERE plan_id = ?').get(planId);
    return row === undefined ? null : toPlan(row, SQLITE_COLUMNS);
  }

  async redemptions(query: RedemptionQuery): Promise<Page<RedemptionRow>> {
    const { since, after } = redemptionsAfter(query);
    const classId = query.classId ?? null;
    const rows = this.statements
      .get<unknown[], RedemptionDbRow<number>>(redemptionsSql(REDEMPTION_PARTY_COLUMN[query.by]))
      .all(query.party, since, query.to ?? '\uffff', ...after, classId, classId, query.limit + 1);
    return redemptionPage(
      rows.slice(0, query.limit).map((row) => toRedemption(row, SQLITE_COLUMNS)),
      rows.length > query.limit,
    );
  }

  async payouts(planId: string, query: PayoutQuery): Promise<Page<PayoutRow>> {
    const [tranche, seq] = payoutsAfter(query.cursor);
    const rows = this.statements
      .get<unknown[], PayoutDbRow<number>>(
        'SELECT * FROM rm_payouts WHERE plan_id = ? AND (tranche, seq) > (?, ?) ORDER BY tranche, seq LIMIT ?',
      )
      .all(planId, tranche, seq, query.limit + 1);
    return payoutPage(
      rows.slice(0, query.limit).map((row) => toPayout(row, SQLITE_COLUMNS)),
      rows.length > query.limit,
    );
  }

  async totals(accounts: readonly string[]): Promise<Totals> {
    const perAccount = this.db.prepare<[string], { sum: number | null; n: number }>(
      'SELECT sum(delta) AS sum, count(*) AS n FROM rm_movements WHERE account = ?',
    );
    const sums: Record<string, number> = {};
    const counts: Record<string, number> = {};
    for (const account of accounts) {
      const row = perAccount.get(account);
      sums[account] = row?.sum ?? 0;
      counts[account] = row?.n ?? 0;
    }
    return {
      transactions: this.count('SELECT count(*) AS n FROM rm_transactions'),
      events: this.count('SELECT count(*) AS n FROM rm_events'),
      movements: this.count('SELECT count(*) AS n FROM rm_movements'),
      balanceSum: this.count('SELECT coalesce(sum(delta), 0) AS n FROM rm_movements'),
      accounts: sums,
      movementCounts: counts,
    };
  }

  async throughput(since: string): Promise<ThroughputBucket[]> {
    return this.db
      .prepare<[string], { minute: string; transactions: number }>(
        `SELECT substr(time, 1, 16) || ':00.000Z' AS minute, count(*) AS transactions FROM rm_transactions
         WHERE time >= ? GROUP BY substr(time, 1, 16) ORDER BY minute`,
      )
      .all(since);
  }

  async versions(entityType: string, entityId: string, query: VersionQuery): Promise<Page<VersionRow>> {
    // (-1, -1) precedes every version, so the first page uses the same index range seek as the others.
    const after = query.after ?? BEFORE_FIRST_VERSION;
    const rows = this.db
      .prepare<unknown[], VersionDbRow<number, number>>(
        `SELECT * FROM rm_versions WHERE entity_type = ? AND entity_id = ? AND (block, tx_index) > (?, ?)
         ORDER BY block, tx_index LIMIT ?`,
      )
      .all(entityType, entityId, after.block, after.txIndex, query.limit + 1);
    return versionPage(
      rows.slice(0, query.limit).map((row) => toVersion(row, SQLITE_COLUMNS)),
      rows.length > query.limit,
    );
  }

  async verifiedPrefix(): Promise<VerifiedPrefix | null> {
    return this.storedPrefix();
  }

  async saveVerifiedPrefix(expected: VerifiedPrefix | null, next: VerifiedPrefix): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        if (!samePrefix(this.storedPrefix(), expected)) {
          return false;
        }
        this.db
          .prepare(
            'INSERT INTO rm_chain_prefix (id, block, header_hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET block = excluded.block, header_hash = excluded.header_hash',
          )
          .run(next.block, next.headerHash);
        return true;
      })
      .immediate();
  }

  private write(rows: BlockRows): void {
    const current = this.statements.get<[], { block: number }>('SELECT block FROM rm_checkpoint WHERE id = 1').get();
    if (current !== undefined && BigInt(current.block) >= rows.block) {
      return;
    }
    const tx = this.statements.get('INSERT OR IGNORE INTO rm_transactions VALUES (?, ?, ?, ?)');
    rows.transactions.forEach((r) => tx.run(r.txId, r.block, r.txIndex, r.time));
    const event = this.statements.get('INSERT OR IGNORE INTO rm_events VALUES (?, ?, ?, ?, ?, ?)');
    rows.events.forEach((r) => event.run(r.txId, r.block, r.txIndex, r.name, r.payload, r.time));
    const concerned = this.statements.get('INSERT OR IGNORE INTO rm_event_accounts VALUES (?, ?, ?)');
    rows.events.forEach((r) => {
      r.accounts.forEach((account) => concerned.run(account, r.block, r.txIndex));
    });
    const movement = this.statements.get('INSERT OR IGNORE INTO rm_movements VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    rows.movements.forEach((r) => movement.run(r.account, r.txId, r.seq, r.time, r.delta, r.kind, r.counterparty, r.reference));
    const sale = this.statements.get('INSERT OR IGNORE INTO rm_sales VALUES (?, ?, ?, ?, ?)');
    rows.sales.forEach((r) => sale.run(r.merchant, r.month, r.txId, r.amountFen, r.occurredAt));
    // Only a later write replaces a plan or a tranche, so replaying an old block cannot roll one back.
    // A new plan starts at 0 raised; the sum of its tranches below sets the figure.
    const plan = this.statements.get(
      `INSERT INTO rm_plans VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT (plan_id) DO UPDATE SET
         status = excluded.status, issuer = excluded.issuer, kind = excluded.kind, cap_points = excluded.cap_points,
         updated_at = excluded.updated_at, block = excluded.block, tx_index = excluded.tx_index, record = excluded.record
       WHERE (excluded.block, excluded.tx_index) > (rm_plans.block, rm_plans.tx_index)`,
    );
    rows.plans.forEach((r) => plan.run(r.planId, r.status, r.issuer, r.kind, r.capPoints, r.updatedAt, r.block, r.txIndex, r.record));
    this.writeExports(rows);
    this.writeRaised(rows);
    this.writeVersions(rows);
    this.statements
      .get(
        'INSERT INTO rm_checkpoint (id, block, tx_id) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET block = excluded.block, tx_id = excluded.tx_id',
      )
      .run(rows.block, rows.lastTxId);
  }

  /** The redemptions and payouts of the block, each written once (a redemption per order, a payout per position). */
  private writeExports(rows: BlockRows): void {
    const redemption = this.statements.get('INSERT OR IGNORE INTO rm_redemptions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    rows.redemptions.forEach((r) => redemption.run(...redemptionValues(r)));
    const payout = this.statements.get('INSERT OR IGNORE INTO rm_payouts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    rows.payouts.forEach((r) => payout.run(...payoutValues(r)));
  }

  /** The block's tranches, then the raised total of every plan the block touched: the sum of its tranches. */
  private writeRaised(rows: BlockRows): void {
    const tranche = this.statements.get(
      `INSERT INTO rm_plan_tranches VALUES (?, ?, ?, ?, ?) ON CONFLICT (plan_id, tranche) DO UPDATE SET
         raised = excluded.raised, block = excluded.block, tx_index = excluded.tx_index
       WHERE (excluded.block, excluded.tx_index) > (rm_plan_tranches.block, rm_plan_tranches.tx_index)`,
    );
    rows.tranches.forEach((r) => tranche.run(r.planId, r.tranche, r.raised, r.block, r.txIndex));
    // The block's plans are summed too: a plan inserted after its first tranches (a tranche has no
    // plan row to update until then) starts at 0 and takes them up here.
    const raised = this.statements.get(
      `UPDATE rm_plans SET raised = (SELECT coalesce(sum(t.raised), 0) FROM rm_plan_tranches AS t WHERE t.plan_id = rm_plans.plan_id)
       WHERE plan_id = ?`,
    );
    plansTouched(rows).forEach((planId) => raised.run(planId));
  }

  /** Entity versions, account versions folded from the lane writes, and the lanes' new points. */
  private writeVersions(rows: BlockRows): void {
    const laneOf = this.statements.get<[string], LanePoints>('SELECT account, lane, points FROM rm_lanes WHERE account = ?');
    const stored = [...new Set(rows.laneWrites.map((w) => w.account))].flatMap((account) => laneOf.all(account));
    const folded = foldLaneWrites(rows.laneWrites, stored);
    const version = this.statements.get('INSERT OR IGNORE INTO rm_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    [...rows.versions, ...folded.versions].forEach((v) =>
      version.run(v.entityType, v.entityId, v.block, v.txIndex, v.txId, v.time, v.isDelete ? 1 : 0, v.value, v.creatorMsp, v.creatorRole),
    );
    const lane = this.statements.get(
      'INSERT INTO rm_lanes VALUES (?, ?, ?) ON CONFLICT (account, lane) DO UPDATE SET points = excluded.points',
    );
    folded.lanes.forEach((l) => lane.run(l.account, l.lane, l.points));
  }

  private storedPrefix(): VerifiedPrefix | null {
    return prefixOf(
      this.db.prepare<[], { block: number; header_hash: string }>('SELECT block, header_hash FROM rm_chain_prefix WHERE id = 1').get(),
    );
  }

  private count(sql: string): number {
    return this.db.prepare<[], { n: number }>(sql).get()?.n ?? 0;
  }
}
