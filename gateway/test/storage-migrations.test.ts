import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';

import { migrate } from '../src/storage/database';
import { CORE_MIGRATIONS } from '../src/storage/migrations';
import { SqliteMemberStore } from '../src/storage/sqlite-member-store';
import { match } from './support/matchers';

const T = '2025-01-01T00:00:00.000Z';

/** A database as a gateway of the previous release left it: the first two migrations and three members. */
function previousReleaseDatabase(): BetterSqlite3.Database {
  const db = new BetterSqlite3(join(mkdtempSync(join(tmpdir(), 'loulan-migrations-')), 'gateway.db'));
  db.pragma('foreign_keys = ON');
  migrate(db, CORE_MIGRATIONS.slice(0, 2));
  const insert = db.prepare(
    `INSERT INTO members (member_id, org, msp_id, role, account, is_org_admin, certificate_pem, encrypted_private_key,
       api_key_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'CERT', 'sealed', ?, ?, ?)`,
  );
  insert.run('platform-admin', 'platform', 'PlatformMSP', 'admin', 'treasury', 1, 'hash-platform', T, T);
  insert.run('retail-admin', 'retail', 'RetailMSP', 'admin', null, 1, 'hash-retail', T, T);
  // An admin of an organisation the gateway no longer configures: provisioning would not touch it.
  insert.run('bank-admin', 'bank', 'BankMSP', 'admin', null, 1, 'hash-bank', T, T);
  insert.run('shop-1', 'retail', 'RetailMSP', 'merchant', 'shop-1', 0, 'hash-shop', T, T);
  return db;
}

describe('member migrations 003 and 004', () => {
  it('move every API key to the keys table, keeping it usable, and drop the column', async () => {
    const db = previousReleaseDatabase();

    migrate(db, CORE_MIGRATIONS);
    const store = new SqliteMemberStore(db);

    expect(await store.findByLiveApiKey('hash-shop', T)).toMatchObject({ memberId: 'shop-1', role: 'merchant', disabledAt: null });
    expect(await store.listApiKeys('shop-1')).toEqual([
      {
        keyId: match.stringMatching(/^key_[0-9a-f]{16}$/),
        memberId: 'shop-1',
        source: 'issued',
        createdAt: T,
        expiresAt: null,
        revokedAt: null,
      },
    ]);
    expect(await store.listApiKeys('retail-admin')).toEqual([expect.objectContaining({ source: 'configuration' })]);
    const columns = db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('members')")
      .all()
      .map((c) => c.name);
    expect(columns).not.toContain('api_key_hash');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('give the retail and bank admins the org-admin role, the platform admin keeping admin', () => {
    const db = previousReleaseDatabase();

    migrate(db, CORE_MIGRATIONS);

    expect(db.prepare('SELECT member_id, role FROM members ORDER BY member_id').all()).toEqual([
      { member_id: 'bank-admin', role: 'org-admin' },
      { member_id: 'platform-admin', role: 'admin' },
      { member_id: 'retail-admin', role: 'org-admin' },
      { member_id: 'shop-1', role: 'merchant' },
    ]);
  });

  it('keep one member per account', () => {
    const db = previousReleaseDatabase();
    migrate(db, CORE_MIGRATIONS);

    expect(() =>
      db
        .prepare(
          `INSERT INTO members (member_id, org, msp_id, role, account, is_org_admin, certificate_pem, encrypted_private_key,
           created_at, updated_at) VALUES ('shop-2', 'retail', 'RetailMSP', 'merchant', 'shop-1', 0, 'C', 's', ?, ?)`,
        )
        .run(T, T),
    ).toThrow(/UNIQUE constraint failed: members.account/);
  });
});
