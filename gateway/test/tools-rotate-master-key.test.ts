import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { Pool } from 'pg';

import { PostgresSubscriptionStore } from '../src/events/webhooks/postgres-store';
import { SqliteSubscriptionStore, WEBHOOK_MIGRATIONS, webhookSecretContext } from '../src/events/webhooks/sqlite-store';
import { openDatabase } from '../src/storage/database';
import { KeyRing, SealedValueError } from '../src/storage/key-ring';
import { enrollmentSecretContext, privateKeyContext } from '../src/storage/member-store';
import { SqliteMemberStore } from '../src/storage/sqlite-member-store';
import { parseRotateArgs, rotateMasterKey, RotationInputError, runRotateMasterKey } from '../src/tools/rotate-master-key';

const oldKey = Buffer.alloc(32, 0x11);
const olderKey = Buffer.alloc(32, 0x22);
const newKey = Buffer.alloc(32, 0x33);
const strangerKey = Buffer.alloc(32, 0x44);

/** A gateway database with two members and one registration in progress, sealed as `sealers` say. */
async function gatewayDatabase(sealers: { alice?: Buffer; bob?: Buffer; carol?: Buffer } = {}): Promise<{
  dir: string;
  dbFile: string;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'loulan-rotate-test-'));
  const file = join(dir, 'gateway.db');
  const db = openDatabase(file);
  const store = new SqliteMemberStore(db);
  const now = '2025-01-02T03:04:05.000Z';
  const profile = (memberId: string): { memberId: string; org: string; mspId: string; role: string; account: string } => ({
    memberId,
    org: 'retail',
    mspId: 'RetailMSP',
    role: 'merchant',
    account: memberId,
  });
  const ring = (key: Buffer | undefined): KeyRing => new KeyRing([key ?? oldKey]);
  for (const [index, memberId] of ['alice', 'bob', 'carol'].entries()) {
    const sealer = ring(sealers[memberId as keyof typeof sealers]);
    await store.beginRegistration({
      kind: 'registration',
      ...profile(memberId),
      sealedSecret: sealer.seal(`secret-of-${memberId}`, enrollmentSecretContext(memberId)),
      createdAt: now,
    });
    if (memberId === 'carol') {
      continue; // carol's registration stays in progress: its enrolment secret is stored sealed
    }
    await store.completeRegistration({
      ...profile(memberId),
      isOrgAdmin: false,
      certificatePem: '-----BEGIN CERTIFICATE-----\n',
      sealedPrivateKey: sealer.seal(`private-key-of-${memberId}`, privateKeyContext(memberId)),
      apiKey: { keyId: `key_${String(index).padStart(16, '0')}`, hash: String(index).repeat(64) },
      now,
    });
  }
  db.close();
  return { dir, dbFile: file };
}

function keyFile(dir: string, name: string, key: Buffer, mode = 0o600): string {
  const file = join(dir, name);
  writeFileSync(file, `${key.toString('hex')}\n`);
  chmodSync(file, mode);
  return file;
}

interface StoredSecrets {
  privateKeys: Record<string, string>;
  secrets: Record<string, string>;
}

function storedSecrets(dbFile: string): StoredSecrets {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  try {
    const rows = (sql: string): Record<string, string> =>
      Object.fromEntries(
        db
          .prepare<[], { id: string; v: string }>(sql)
          .all()
          .map(({ id, v }) => [id, v]),
      );
    return {
      privateKeys: rows('SELECT member_id AS id, encrypted_private_key AS v FROM members'),
      secrets: rows('SELECT member_id AS id, encrypted_secret AS v FROM member_registrations'),
    };
  } finally {
    db.close();
  }
}

describe('rotateMasterKey', () => {
  it('re-seals every private key and enrolment secret so that the new key alone opens them', async () => {
    const { dir, dbFile } = await gatewayDatabase();
    const options = { dbFile, oldKeyFiles: [keyFile(dir, 'old.key', oldKey)], newKeyFile: keyFile(dir, 'new.key', newKey) };

    const report = await rotateMasterKey(options);

    const newOnly = new KeyRing([newKey]);
    expect(report).toEqual({ resealed: 3, alreadyCurrent: 0, keyId: newOnly.currentKeyId });
    const { privateKeys, secrets } = storedSecrets(dbFile);
    expect(Object.keys(privateKeys).sort()).toEqual(['alice', 'bob']);
    for (const [memberId, sealed] of Object.entries(privateKeys)) {
      expect(newOnly.open(sealed, privateKeyContext(memberId)).toString()).toBe(`private-key-of-${memberId}`);
      expect(() => new KeyRing([oldKey]).open(sealed, privateKeyContext(memberId))).toThrow(/unknown key/);
    }
    expect(newOnly.open(secrets.carol ?? '', enrollmentSecretContext('carol')).toString()).toBe('secret-of-carol');
  });

  it('re-seals the webhook secrets of a database that has subscriptions', async () => {
    const { dir, dbFile } = await gatewayDatabase();
    const db = openDatabase(dbFile, WEBHOOK_MIGRATIONS);
    await new SqliteSubscriptionStore(db).create({
      subscriptionId: 'sub-1',
      owner: 'alice',
      requestHash: 'h',
      url: 'http://127.0.0.1:9/hook',
      filter: {},
      sealedSecret: new KeyRing([oldKey]).seal('whsec_of_alice', webhookSecretContext('sub-1')),
      maxAttempts: 3,
      now: '2025-01-02T03:04:05.000Z',
    });
    db.close();
    const options = { dbFile, oldKeyFiles: [keyFile(dir, 'old.key', oldKey)], newKeyFile: keyFile(dir, 'new.key', newKey) };

    expect(await rotateMasterKey(options)).toMatchObject({ resealed: 4, alreadyCurrent: 0 });

    const reopened = openDatabase(dbFile, WEBHOOK_MIGRATIONS);
    const stored = await new SqliteSubscriptionStore(reopened).find('sub-1');
    reopened.close();
    expect(new KeyRing([newKey]).open(stored?.sealedSecret ?? '', webhookSecretContext('sub-1')).toString()).toBe('whsec_of_alice');
  });

  it('changes nothing when run again', async () => {
    const { dir, dbFile } = await gatewayDatabase();
    const options = { dbFile, oldKeyFiles: [keyFile(dir, 'old.key', oldKey)], newKeyFile: keyFile(dir, 'new.key', newKey) };
    await rotateMasterKey(options);
    const afterFirst = storedSecrets(dbFile);

    const again = await rotateMasterKey(options);

    expect(again).toMatchObject({ resealed: 0, alreadyCurrent: 3 });
    expect(storedSecrets(dbFile)).toEqual(afterFirst);
  });

  it('opens values sealed by any of several old keys, and re-seals only those not yet under the new key', async () => {
    const { dir, dbFile } = await gatewayDatabase({ bob: olderKey, carol: newKey });
    const options = {
      dbFile,
      oldKeyFiles: [keyFile(dir, 'old.key', oldKey), keyFile(dir, 'older.key', olderKey)],
      newKeyFile: keyFile(dir, 'new.key', newKey),
    };
    const carolBefore = storedSecrets(dbFile).secrets.carol;

    expect(await rotateMasterKey(options)).toMatchObject({ resealed: 2, alreadyCurrent: 1 });
    expect(storedSecrets(dbFile).secrets.carol).toBe(carolBefore);
  });

  it('stops at a value no key opens and leaves every row as it was', async () => {
    const { dir, dbFile } = await gatewayDatabase({ bob: strangerKey });
    const before = storedSecrets(dbFile);
    const options = { dbFile, oldKeyFiles: [keyFile(dir, 'old.key', oldKey)], newKeyFile: keyFile(dir, 'new.key', newKey) };

    await expect(rotateMasterKey(options)).rejects.toThrow(SealedValueError);
    await expect(rotateMasterKey(options)).rejects.toThrow(/members row bob: sealed with unknown key/);
    expect(storedSecrets(dbFile)).toEqual(before);
  });

  it("refuses a private key moved to another member's row, changing nothing", async () => {
    const { dir, dbFile } = await gatewayDatabase();
    const db = new BetterSqlite3(dbFile);
    db.prepare(
      `UPDATE members SET encrypted_private_key =
      (SELECT encrypted_private_key FROM members WHERE member_id = 'alice') WHERE member_id = 'bob'`,
    ).run();
    db.close();
    const before = storedSecrets(dbFile);
    const options = { dbFile, oldKeyFiles: [keyFile(dir, 'old.key', oldKey)], newKeyFile: keyFile(dir, 'new.key', newKey) };

    await expect(rotateMasterKey(options)).rejects.toThrow(/row bob: sealed value failed authentication/);
    expect(storedSecrets(dbFile)).toEqual(before);
  });

  it('refuses key files other users can read, the old key as the new one, and malformed keys', async () => {
    const { dir, dbFile } = await gatewayDatabase();
    const before = storedSecrets(dbFile);
    const old = keyFile(dir, 'old.key', oldKey);
    const cases: Array<[string[], string, RegExp]> = [
      [[old], keyFile(dir, 'open.key', newKey, 0o644), /open to other users \(mode 644\).*chmod 600/],
      [[keyFile(dir, 'group.key', oldKey, 0o640)], keyFile(dir, 'new.key', newKey), /group.key is open to other users/],
      [[old], keyFile(dir, 'same.key', oldKey), /holds one of the old keys/],
      [[old], join(dir, 'missing.key'), /cannot read the key file .*missing.key/],
    ];
    writeFileSync(join(dir, 'short.key'), 'abcd\n', { mode: 0o600 });
    cases.push([[old], join(dir, 'short.key'), /short.key is not a master key: expected 64 hexadecimal digits/]);

    for (const [oldKeyFiles, newKeyFile, message] of cases) {
      await expect(rotateMasterKey({ dbFile, oldKeyFiles, newKeyFile })).rejects.toThrow(message);
    }
    expect(storedSecrets(dbFile)).toEqual(before);
  });

  it("refuses a missing database without creating one, and a database that is not the gateway's", async () => {
    const { dir } = await gatewayDatabase();
    const keys = { oldKeyFiles: [keyFile(dir, 'old.key', oldKey)], newKeyFile: keyFile(dir, 'new.key', newKey) };
    const missing = join(dir, 'typo.db');
    const other = join(dir, 'other.db');
    new BetterSqlite3(other).exec('CREATE TABLE t (x INTEGER)').close();

    await expect(rotateMasterKey({ dbFile: missing, ...keys })).rejects.toThrow(RotationInputError);
    expect(existsSync(missing)).toBe(false);
    await expect(rotateMasterKey({ dbFile: other, ...keys })).rejects.toThrow(
      /not a gateway database \(no table members, member_registrations\)/,
    );
  });
});

describe('parseRotateArgs', () => {
  it('reads the database, every old key and the new key', () => {
    expect(parseRotateArgs(['--db', 'g.db', '--old', 'a.key', '--new', 'n.key', '--old', 'b.key'])).toEqual({
      dbFile: 'g.db',
      oldKeyFiles: ['a.key', 'b.key'],
      newKeyFile: 'n.key',
    });
  });

  it.each([
    [['--db', 'g.db', '--old', 'a.key'], /are required/],
    [['--db', 'g.db', '--new', 'n.key'], /are required/],
    [['--db', 'g.db', '--old', 'a.key', '--new', 'n.key', '--force'], /Unknown option '--force'/],
    [['--db', 'g.db', '--old', 'a.key', '--new', 'n.key', 'extra'], /positional argument/],
  ])('refuses %j', (args, message) => {
    expect(() => parseRotateArgs(args)).toThrow(RotationInputError);
    expect(() => parseRotateArgs(args)).toThrow(message);
  });
});

describe('runRotateMasterKey', () => {
  async function run(args: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runRotateMasterKey(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { status, out, err };
  }

  it('answers 0 and one line naming the new key', async () => {
    const { dir, dbFile } = await gatewayDatabase();
    const args = ['--db', dbFile, '--old', keyFile(dir, 'old.key', oldKey), '--new', keyFile(dir, 'new.key', newKey)];

    expect(await run(args)).toEqual({
      status: 0,
      out: [`re-sealed 3 stored secret(s) under master key ${new KeyRing([newKey]).currentKeyId}; 0 already under it`],
      err: [],
    });
  });

  it('answers 2 for a mistake in the input and 1 for a value that does not open', async () => {
    const { dir, dbFile } = await gatewayDatabase({ alice: strangerKey });
    const keys = ['--old', keyFile(dir, 'old.key', oldKey), '--new', keyFile(dir, 'new.key', newKey)];

    const usage = await run(['--db', dbFile]);
    const unopenable = await run(['--db', dbFile, ...keys]);

    expect(usage).toMatchObject({ status: 2, out: [] });
    expect(usage.err).toEqual([expect.stringMatching(/^rotate-master-key: .*usage: .*nothing was changed$/)]);
    expect(unopenable).toMatchObject({ status: 1, out: [] });
    expect(unopenable.err).toEqual([expect.stringMatching(/row alice: sealed with unknown key.*nothing was changed$/)]);
  });
});

const pgUrl = process.env.LOULAN_TEST_PG_URL?.trim() ?? '';

(pgUrl === '' ? describe.skip : describe)(
  pgUrl === ''
    ? 'rotateMasterKey with a PostgreSQL webhook store (skipped: LOULAN_TEST_PG_URL unset)'
    : 'rotateMasterKey with a PostgreSQL webhook store',
  () => {
    const schema = `wh_rotate_${randomBytes(6).toString('hex')}`;
    const url = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    let admin: Pool;

    beforeAll(async () => {
      admin = new Pool({ connectionString: pgUrl, max: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
    });
    afterAll(async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    });

    it('re-seals the secrets in PostgreSQL as well, and a second run changes nothing', async () => {
      const store = await PostgresSubscriptionStore.open({ connectionString: url }, () => undefined);
      await store.create({
        subscriptionId: 'sub-pg',
        owner: 'alice',
        requestHash: 'h',
        url: 'http://127.0.0.1:9/hook',
        filter: {},
        sealedSecret: new KeyRing([oldKey]).seal('whsec_in_postgres', webhookSecretContext('sub-pg')),
        maxAttempts: 3,
        now: '2025-01-02T03:04:05.000Z',
      });
      const { dir, dbFile } = await gatewayDatabase();
      const options = {
        dbFile,
        oldKeyFiles: [keyFile(dir, 'old.key', oldKey)],
        newKeyFile: keyFile(dir, 'new.key', newKey),
        webhookPgUrl: url,
      };

      expect(await rotateMasterKey(options)).toMatchObject({ resealed: 4, alreadyCurrent: 0 });
      expect(await rotateMasterKey(options)).toMatchObject({ resealed: 0, alreadyCurrent: 4 });

      const stored = await store.find('sub-pg');
      await store.close();
      expect(new KeyRing([newKey]).open(stored?.sealedSecret ?? '', webhookSecretContext('sub-pg')).toString()).toBe('whsec_in_postgres');
    });
  },
);
