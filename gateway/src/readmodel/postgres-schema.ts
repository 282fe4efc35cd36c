import type { Pool } from 'pg';

import { withTransaction } from '../storage/postgres-transaction';

// Any constant works; it only has to be the same in every gateway sharing the database.
const SCHEMA_LOCK = 7_107_955_431;

/*
 * The tables of the SQLite store with BIGINT for blocks and amounts. Ordered and compared text
 * columns use the "C" collation: byte order, i.e. SQLite's, so cursors and rankings match.
 * The checkpoint row always exists (block NULL before the first block) so that `applyBlock` can
 * lock it with SELECT … FOR UPDATE even on an empty read model; so does the verified prefix's row.
 */
const DDL = `
  CREATE TABLE IF NOT EXISTS rm_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), block BIGINT, tx_id TEXT);
  INSERT INTO rm_checkpoint (id, block, tx_id) VALUES (1, NULL, NULL) ON CONFLICT (id) DO NOTHING;
  CREATE TABLE IF NOT EXISTS rm_transactions (
    tx_id TEXT COLLATE "C" PRIMARY KEY, block BIGINT NOT NULL, tx_index INTEGER NOT NULL, time TEXT COLLATE "C" NOT NULL);
  CREATE INDEX IF NOT EXISTS rm_transactions_time ON rm_transactions (time);
  CREATE TABLE IF NOT EXISTS rm_events (
    tx_id TEXT COLLATE "C" NOT NULL, block BIGINT NOT NULL, tx_index INTEGER NOT NULL, name TEXT COLLATE "C" NOT NULL,
    payload TEXT NOT NULL, time TEXT COLLATE "C" NOT NULL, PRIMARY KEY (tx_id, name));
  CREATE INDEX IF NOT EXISTS rm_events_by_position ON rm_events (block, tx_index);
  CREATE TABLE IF NOT EXISTS rm_event_accounts (
    account TEXT COLLATE "C" NOT NULL, block BIGINT NOT NULL, tx_index INTEGER NOT NULL, PRIMARY KEY (account, block, tx_index));
  CREATE TABLE IF NOT EXISTS rm_movements (
    account TEXT COLLATE "C" NOT NULL, tx_id TEXT COLLATE "C" NOT NULL, seq INTEGER NOT NULL, time TEXT COLLATE "C" NOT NULL,
    delta BIGINT NOT NULL, kind TEXT NOT NULL, counterparty TEXT, reference TEXT, PRIMARY KEY (account, tx_id, seq));
  CREATE INDEX IF NOT EXISTS rm_movements_by_time ON rm_movements (account, time, tx_id, seq);
  CREATE TABLE IF NOT EXISTS rm_sales (
    merchant TEXT COLLATE "C" NOT NULL, month TEXT COLLATE "C" NOT NULL, tx_id TEXT COLLATE "C" NOT NULL,
    amount_fen BIGINT NOT NULL, occurred_at TEXT NOT NULL, PRIMARY KEY (merchant, month, tx_id));
  CREATE INDEX IF NOT EXISTS rm_sales_by_month ON rm_sales (month, merchant);
  CREATE TABLE IF NOT EXISTS rm_plans (
    plan_id TEXT COLLATE "C" PRIMARY KEY, status TEXT COLLATE "C" NOT NULL, issuer TEXT NOT NULL, kind TEXT NOT NULL,
    cap_points BIGINT NOT NULL, raised BIGINT NOT NULL, updated_at TEXT NOT NULL,
    block BIGINT NOT NULL, tx_index INTEGER NOT NULL, record TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS rm_plans_by_status ON rm_plans (status, plan_id);
  CREATE TABLE IF NOT EXISTS rm_plan_tranches (
    plan_id TEXT COLLATE "C" NOT NULL, tranche INTEGER NOT NULL, raised BIGINT NOT NULL, block BIGINT NOT NULL,
    tx_index INTEGER NOT NULL, PRIMARY KEY (plan_id, tranche));
  CREATE TABLE IF NOT EXISTS rm_redemptions (
    merchant_id TEXT COLLATE "C" NOT NULL, order_id TEXT COLLATE "C" NOT NULL, class_id TEXT COLLATE "C" NOT NULL,
    issuer TEXT COLLATE "C" NOT NULL, holder TEXT NOT NULL, amount_fen BIGINT NOT NULL, face_value_fen BIGINT NOT NULL,
    pay_fen BIGINT NOT NULL, rebate_fen BIGINT NOT NULL, occurred_at TEXT NOT NULL, payable_day TEXT, request_id TEXT NOT NULL,
    tx_id TEXT NOT NULL, time TEXT COLLATE "C" NOT NULL, PRIMARY KEY (merchant_id, order_id));
  CREATE INDEX IF NOT EXISTS rm_redemptions_by_merchant ON rm_redemptions (merchant_id, time, order_id);
  CREATE INDEX IF NOT EXISTS rm_redemptions_by_issuer ON rm_redemptions (issuer, time, merchant_id, order_id);
  CREATE TABLE IF NOT EXISTS rm_payouts (
    plan_id TEXT COLLATE "C" NOT NULL, tranche INTEGER NOT NULL, seq INTEGER NOT NULL, investor TEXT NOT NULL, status TEXT NOT NULL,
    principal BIGINT NOT NULL, yield_points BIGINT NOT NULL, paid_at TEXT NOT NULL, tx_id TEXT NOT NULL,
    PRIMARY KEY (plan_id, tranche, seq));
  CREATE TABLE IF NOT EXISTS rm_versions (
    entity_type TEXT COLLATE "C" NOT NULL, entity_id TEXT COLLATE "C" NOT NULL, block BIGINT NOT NULL, tx_index INTEGER NOT NULL,
    tx_id TEXT NOT NULL, time TEXT NOT NULL, is_delete BOOLEAN NOT NULL, value TEXT, creator_msp TEXT, creator_role TEXT,
    PRIMARY KEY (entity_type, entity_id, block, tx_index));
  CREATE TABLE IF NOT EXISTS rm_lanes (
    account TEXT COLLATE "C" NOT NULL, lane TEXT COLLATE "C" NOT NULL, points BIGINT NOT NULL, PRIMARY KEY (account, lane));
  CREATE TABLE IF NOT EXISTS rm_chain_prefix (id INTEGER PRIMARY KEY CHECK (id = 1), block BIGINT, header_hash TEXT);
  INSERT INTO rm_chain_prefix (id, block, header_hash) VALUES (1, NULL, NULL) ON CONFLICT (id) DO NOTHING;
`;

/**
 * Creates the read model tables (`rm_*`, in the connection's `search_path`) unless they exist.
 * Safe when several gateways start at once: CREATE … IF NOT EXISTS alone can still fail on a
 * concurrent create, so the statements run under a transaction-scoped advisory lock. A database
 * created before the history tables, the plan tranches, the event accounts or the redemptions and
 * payouts existed has its checkpoint dropped when they are added, so the listener replays from block 0
 * and fills them (the replay inserts none of the other rows twice).
 */
export async function createReadModelSchema(pool: Pool): Promise<void> {
  await withTransaction(pool, 'BEGIN', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    const before = await client.query<{ missing: boolean }>(
      `SELECT to_regclass('rm_versions') IS NULL OR to_regclass('rm_plan_tranches') IS NULL OR to_regclass('rm_event_accounts') IS NULL
         OR to_regclass('rm_redemptions') IS NULL OR to_regclass('rm_payouts') IS NULL AS missing`,
    );
    await client.query(DDL);
    if (before.rows[0]?.missing === true) {
      await client.query('UPDATE rm_checkpoint SET block = NULL, tx_id = NULL WHERE id = 1');
    }
  });
}
