import { rolesIssuedBy } from '@loulan/protocol';
import request from 'supertest';

import { createApp } from '../src/app';
import { AuditLedger } from '../src/audit/ledger';
import { AuditService } from '../src/audit/service';
import { CouponsContract } from '../src/coupons/contract';
import { FabricRequestError } from '../src/fabric/errors';
import type { CallOptions, FabricGateway } from '../src/fabric/gateway';
import { PointsContract } from '../src/points/contract';
import { READ_MODEL_MIGRATIONS, SqliteReadModelStore } from '../src/readmodel/sqlite-store';
import { openDatabase } from '../src/storage/database';
import { TestChannel } from './support/audit-ledger';
import { fakeFabric, jsonBytes, memoryLogger, testConfig } from './support/fakes';
import { bodyOf, itemsOf } from './support/http';
import { fakeMembers, testMember } from './support/members-fixtures';
import { at, block, laneWrite, planVersion } from './support/store-contract';

const AUDITOR = { Authorization: 'Bearer auditor-key' };
const CONSUMER = { Authorization: 'Bearer consumer-key' };
const members = fakeMembers({
  'auditor-key': testMember({ memberId: 'aud-1', role: 'auditor', account: null }),
  'consumer-key': testMember({ memberId: 'alice', role: 'consumer', account: 'alice' }),
});

const TX_MINT = 'a'.repeat(64);
const TX_BUY = 'b'.repeat(64);
const TX_TRANSFER = 'c'.repeat(64);
const LONG_ARG = 'x'.repeat(300);

function channel(): TestChannel {
  const chain = new TestChannel();
  chain.append([]);
  chain.append([
    {
      txId: TX_MINT,
      mspId: 'PlatformMSP',
      role: 'admin',
      args: ['points:Mint', 'm-1', '1000'],
      time: '2025-03-01T01:00:00.000Z',
      event: { name: 'Mint', payload: '{"points":1000}' },
    },
  ]);
  chain.append([
    {
      txId: TX_BUY,
      mspId: 'RetailMSP',
      role: 'merchant',
      args: ['points:RecordPurchase', 'o-1', 'alice', '5000', '', LONG_ARG],
      time: '2025-03-01T02:00:00.000Z',
    },
    {
      txId: TX_TRANSFER,
      mspId: 'PlatformMSP',
      role: 'consumer',
      args: ['points:Transfer', 't-1', 'bob', '10'],
      time: '2025-03-01T02:00:01.000Z',
      validationCode: 11,
    },
  ]);
  return chain;
}

/** A Fabric that answers qscc from `chain` and the audit/points/coupons reads from `reads`. */
function fabricFor(chain: TestChannel, reads: Record<string, unknown> = {}, calls: CallOptions[] = []): FabricGateway {
  return fakeFabric({
    evaluate: async (contract, transaction, args, options = {}) => {
      calls.push(options);
      if (options.chaincode === 'qscc') {
        try {
          return chain.qscc(transaction, args);
        } catch (err) {
          throw new FabricRequestError(2, (err as Error).message);
        }
      }
      const key = `${contract}:${transaction}:${args.join(',')}`;
      if (!(key in reads)) {
        throw new Error(`unexpected evaluate ${key}`);
      }
      const value = reads[key];
      if (value instanceof Error) {
        throw value;
      }
      return jsonBytes(value);
    },
  });
}

/** A read model on an in-memory SQLite database. */
function readModel(): SqliteReadModelStore {
  return new SqliteReadModelStore(openDatabase(':memory:', READ_MODEL_MIGRATIONS));
}

function appWith(fabric: FabricGateway, store?: SqliteReadModelStore): ReturnType<typeof createApp> {
  const control = { latestBlock: () => null, rebuild: () => Promise.resolve(), onApplied: () => () => undefined };
  return createApp({
    fabric,
    logger: memoryLogger().logger,
    config: testConfig(),
    members,
    ...(store === undefined ? {} : { readModel: { store, control } }),
  });
}

/** The qscc calls a Fabric answering from `chain` receives, as `function:argument`. */
function qsccCalls(chain: TestChannel): { fabric: FabricGateway; calls: string[] } {
  const calls: string[] = [];
  const fabric = fabricFor(chain);
  return {
    fabric: {
      ...fabric,
      evaluate: (contract, transaction, args, options) => (
        calls.push(`${transaction}:${args[1] ?? ''}`),
        fabric.evaluate(contract, transaction, args, options)
      ),
    },
    calls,
  };
}

/** Twenty transactions of alice in blocks 1 and 2 (the height of `channel()` is 3), and one version of plan p1. */
async function aliceHistory(store: SqliteReadModelStore): Promise<string[]> {
  const txIds: string[] = [];
  for (const n of [1, 2]) {
    const writes = Array.from({ length: 10 }, (_, i) => {
      const tx = { ...at(n, i), txId: `tx-${n}-${String(i).padStart(2, '0')}`, creatorMsp: 'RetailMSP', creatorRole: 'merchant' };
      txIds.push(tx.txId);
      return laneWrite(tx, 'alice', String(i % 3).padStart(2, '0'), n * 100 + i);
    });
    await store.applyBlock(block(n, { laneWrites: writes, versions: n === 2 ? [planVersion(at(2, 4), 'p1', { raised: 7 })] : [] }));
  }
  return txIds;
}

describe('audit history', () => {
  it('pages through an account from the read model in chain order, each version with its block and creator', async () => {
    const store = readModel();
    const txIds = await aliceHistory(store);
    const app = appWith(fabricFor(channel()), store);

    const seen: Array<Record<string, unknown>> = [];
    let bookmark = '';
    let pages = 0;
    do {
      const response = await request(app).get(`/v1/audit/history/account/alice?pageSize=3&bookmark=${bookmark}`).set(CONSUMER);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ entityType: 'account', entityId: 'alice' });
      seen.push(...itemsOf(response));
      bookmark = String(bodyOf(response).bookmark);
      pages += 1;
    } while (bookmark !== '');

    expect(pages).toBe(7);
    expect(seen.map((item) => item.txId)).toEqual(txIds);
    expect(seen[0]).toEqual({
      txId: 'tx-1-00',
      time: at(1).time,
      isDelete: false,
      value: { account: 'alice', balance: 100, lanes: { '00': 100 } },
      blockNumber: '1',
      creatorMsp: 'RetailMSP',
      creatorRole: 'merchant',
    });
    // Lanes 00, 01 and 02 end at 209, 207 and 208.
    expect(seen[seen.length - 1]).toMatchObject({ blockNumber: '2', value: { balance: 624, lanes: { '00': 209 } } });
  });

  it('lets auditors read any entity and members only their own account, refused before any read', async () => {
    const store = readModel();
    await aliceHistory(store);
    const { fabric, calls } = qsccCalls(channel());
    const app = appWith(fabric, store);

    const plan = await request(app).get('/v1/audit/history/plan/p1').set(AUDITOR);
    const otherAccount = await request(app).get('/v1/audit/history/account/bob').set(CONSUMER);
    const planAsConsumer = await request(app).get('/v1/audit/history/plan/p1').set(CONSUMER);

    expect(itemsOf(plan)).toEqual([expect.objectContaining({ txId: 'tx-2-4', value: { raised: 7 }, blockNumber: '2' })]);
    expect([otherAccount.status, planAsConsumer.status]).toEqual([403, 403]);
    expect(bodyOf(otherAccount).code).toBe('FORBIDDEN');
    expect(calls).toEqual(['GetChainInfo:']);
  });

  it('refuses unknown entity types, malformed statement ids and bookmarks it did not hand out with 400', async () => {
    const { fabric, calls } = qsccCalls(channel());
    const app = appWith(fabric, readModel());

    const statuses = await Promise.all(
      [
        '/v1/audit/history/wallet/alice',
        '/v1/audit/history/statement/shelf-1',
        '/v1/audit/history/account/alice?bookmark=abc',
        '/v1/audit/history/account/alice?bookmark=5',
        '/v1/audit/history/account/alice?bookmark=a%2Fb',
        '/v1/audit/history/account/alice?pageSize=101',
      ].map(async (path) => (await request(app).get(path).set(AUDITOR)).status),
    );

    expect(statuses).toEqual([400, 400, 400, 400, 400, 400]);
    expect(calls).toEqual([]);
  });

  it('waits for the read model to reach the chain height, and answers 503 READ_MODEL_BEHIND when it does not', async () => {
    const store = readModel();
    const chain = channel();
    const fabric = fabricFor(chain);
    let slept = 0;
    const service = new AuditService(new AuditLedger(fabric, 'loulan'), new PointsContract(fabric), new CouponsContract(fabric), [], {
      index: store,
      freshness: { timeoutMs: 1_000, now: () => slept, sleep: async (ms) => void (slept += ms) },
    });
    const auditor = testMember({ role: 'auditor', account: null });
    await store.applyBlock(block(1));

    const behind = await service.history(auditor, 'account', 'alice', 20, '').catch((err: unknown) => err);
    expect(behind).toMatchObject({ code: 'READ_MODEL_BEHIND', details: { indexedBlock: '1', wantedBlock: '2' } });
    expect(slept).toBe(1_000);

    // The block lands while the request waits: the answer includes it.
    const waiting = service.history(auditor, 'plan', 'p1', 20, '');
    await store.applyBlock(block(2, { versions: [planVersion(at(2), 'p1', { raised: 1 })] }));
    expect((await waiting).items).toHaveLength(1);
  });
});

describe('audit transactions', () => {
  it('decodes a transaction from its block: creator, operation, summarised args, event', async () => {
    const app = appWith(fabricFor(channel()));

    const mint = await request(app).get(`/v1/audit/transactions/${TX_MINT}`).set(AUDITOR);
    const buy = await request(app).get(`/v1/audit/transactions/${TX_BUY}`).set(AUDITOR);
    const transfer = await request(app).get(`/v1/audit/transactions/${TX_TRANSFER}`).set(AUDITOR);

    expect(mint.body).toEqual({
      txId: TX_MINT,
      blockNumber: '1',
      validationCode: 'VALID',
      creatorMsp: 'PlatformMSP',
      creatorRole: 'admin',
      timestamp: '2025-03-01T01:00:00.000Z',
      contract: 'points',
      transaction: 'Mint',
      args: ['m-1', '1000'],
      events: [{ name: 'Mint', payload: { points: 1000 } }],
    });
    expect(bodyOf(buy).args).toEqual(['o-1', 'alice', '5000', '', `${'x'.repeat(200)}…`]);
    expect(bodyOf(buy).events).toEqual([]);
    expect(transfer.body).toMatchObject({ blockNumber: '2', validationCode: 'MVCC_READ_CONFLICT', creatorRole: 'consumer' });
  });

  it('answers 404 for an unknown transaction and 403 to a consumer', async () => {
    const app = appWith(fabricFor(channel()));

    const unknown = await request(app)
      .get(`/v1/audit/transactions/${'d'.repeat(64)}`)
      .set(AUDITOR);
    const consumer = await request(app).get(`/v1/audit/transactions/${TX_MINT}`).set(CONSUMER);
    const malformed = await request(app).get('/v1/audit/transactions/not-a-tx').set(AUDITOR);

    expect([unknown.status, consumer.status, malformed.status]).toEqual([404, 403, 400]);
    expect(bodyOf(consumer).code).toBe('FORBIDDEN');
  });
});

describe('audit blocks and hash chain', () => {
  it('lists blocks newest first and shows one with its hashes and transaction ids', async () => {
    const chain = channel();
    const app = appWith(fabricFor(chain));

    const list = await request(app).get('/v1/audit/blocks?limit=2').set(AUDITOR);
    const older = await request(app).get('/v1/audit/blocks?from=0').set(AUDITOR);
    const detail = await request(app).get('/v1/audit/blocks/2').set(AUDITOR);

    expect(bodyOf(list).height).toBe('3');
    expect(itemsOf(list).map((block) => block.number)).toEqual(['2', '1']);
    expect(itemsOf(older).map((block) => block.number)).toEqual(['0']);
    expect(detail.body).toEqual({
      number: '2',
      dataHash: Buffer.from(chain.blocks[2]?.getHeader()?.getDataHash_asU8() ?? []).toString('hex'),
      previousHash: chain.headerHash(1),
      headerHash: chain.headerHash(2),
      txCount: 2,
      time: '2025-03-01T02:00:00.000Z',
      txIds: [TX_BUY, TX_TRANSFER],
    });
    expect(itemsOf(list)[0]).toEqual({ ...detail.body, txIds: undefined });
  });

  it('verifies an intact chain', async () => {
    const response = await request(appWith(fabricFor(channel())))
      .get('/v1/audit/verify')
      .set(AUDITOR);

    expect(response.body).toEqual({ height: '3', verified: true, firstBreak: null, verifiedFrom: '0', verifiedNow: 3 });
  });

  it('reports the first block whose previous hash does not match', async () => {
    const chain = channel();
    chain.blocks[2]?.getHeader()?.setPreviousHash(Buffer.alloc(32, 1));

    const response = await request(appWith(fabricFor(chain)))
      .get('/v1/audit/verify')
      .set(AUDITOR);

    expect(response.body).toEqual({
      height: '3',
      verified: false,
      firstBreak: { number: '2', expectedPreviousHash: chain.headerHash(1), actualPreviousHash: '01'.repeat(32) },
      verifiedFrom: '0',
      verifiedNow: 3,
    });
  });

  it('reports a block whose data does not match its data hash', async () => {
    const chain = channel();
    chain.blocks[1]?.getData()?.setDataList([Buffer.from('tampered')]);

    const response = await request(appWith(fabricFor(chain)))
      .get('/v1/audit/verify')
      .set(AUDITOR);

    expect(bodyOf(response).verified).toBe(false);
    expect(bodyOf(response).firstBreak).toMatchObject({ number: '1' });
  });

  it('keeps a verified prefix, so a second call reads only the end of the prefix and the new blocks', async () => {
    const chain = channel();
    const { fabric, calls } = qsccCalls(chain);
    const store = readModel();
    const app = appWith(fabric, store);

    const first = await request(app).get('/v1/audit/verify').set(AUDITOR);
    chain.append([]);
    chain.append([]);
    calls.length = 0;
    const second = await request(app).get('/v1/audit/verify').set(AUDITOR);
    calls.length = 0;
    const third = await request(app).get('/v1/audit/verify').set(AUDITOR);

    expect(first.body).toEqual({ height: '3', verified: true, firstBreak: null, verifiedFrom: '0', verifiedNow: 3 });
    expect(second.body).toEqual({ height: '5', verified: true, firstBreak: null, verifiedFrom: '3', verifiedNow: 2 });
    expect(third.body).toEqual({ height: '5', verified: true, firstBreak: null, verifiedFrom: '5', verifiedNow: 0 });
    expect(calls).toEqual(['GetChainInfo:', 'GetBlockByNumber:4']);
    expect(await store.verifiedPrefix()).toEqual({ block: 4n, headerHash: chain.headerHash(4) });
  });

  it('starts over from block 0 when the peer no longer serves the verified prefix (the ledger was replaced)', async () => {
    const store = readModel();
    const original = channel();
    original.append([]);
    await request(appWith(fabricFor(original), store))
      .get('/v1/audit/verify')
      .set(AUDITOR);

    const replaced = new TestChannel();
    for (let n = 0; n < 6; n += 1) {
      replaced.append([
        {
          txId: String(n).repeat(64).slice(0, 64),
          mspId: 'PlatformMSP',
          role: 'admin',
          args: ['points:Mint'],
          time: '2025-04-01T00:00:00.000Z',
        },
      ]);
    }
    const longer = await request(appWith(fabricFor(replaced), store))
      .get('/v1/audit/verify')
      .set(AUDITOR);
    const third = channel();
    const shorter = await request(appWith(fabricFor(third), store))
      .get('/v1/audit/verify')
      .set(AUDITOR);

    expect(longer.body).toEqual({ height: '6', verified: true, firstBreak: null, verifiedFrom: '0', verifiedNow: 6 });
    expect(shorter.body).toEqual({ height: '3', verified: true, firstBreak: null, verifiedFrom: '0', verifiedNow: 3 });
    expect(await store.verifiedPrefix()).toEqual({ block: 2n, headerHash: third.headerHash(2) });
  });

  it('keeps the prefix up to a break, so later calls check only the broken block again', async () => {
    const chain = channel();
    const store = readModel();
    const app = appWith(fabricFor(chain), store);
    await request(app).get('/v1/audit/verify').set(AUDITOR);
    chain.append([]);
    chain.append([]);
    chain.blocks[4]?.getHeader()?.setPreviousHash(Buffer.alloc(32, 2));

    const second = await request(app).get('/v1/audit/verify').set(AUDITOR);
    const third = await request(app).get('/v1/audit/verify').set(AUDITOR);

    const firstBreak = { number: '4', expectedPreviousHash: chain.headerHash(3), actualPreviousHash: '02'.repeat(32) };
    expect(second.body).toEqual({ height: '5', verified: false, firstBreak, verifiedFrom: '3', verifiedNow: 2 });
    expect(third.body).toEqual({ height: '5', verified: false, firstBreak, verifiedFrom: '4', verifiedNow: 1 });
  });

  it('refuses blocks, verification and chain info to a consumer', async () => {
    const app = appWith(fabricFor(channel()));

    const statuses = await Promise.all(
      ['/v1/audit/blocks', '/v1/audit/blocks/0', '/v1/audit/verify', '/v1/audit/invariants', '/v1/audit/chain'].map(
        async (path) => (await request(app).get(path).set(CONSUMER)).status,
      ),
    );

    expect(statuses).toEqual([403, 403, 403, 403, 403]);
  });
});

describe('audit invariants and chain', () => {
  it('checks the points invariant and every coupon class', async () => {
    const invariant = { minted: 1000, burned: 0, balances: 1000, escrows: 0, holds: true };
    const supply = (classId: string, holds: boolean): Record<string, unknown> => ({
      classId,
      supply: 10,
      allocated: 10,
      unissued: 0,
      holdings: 10,
      escrowed: 0,
      burned: 0,
      claimable: 0,
      holds,
    });
    const app = appWith(
      fabricFor(channel(), {
        'points:CheckInvariant:': invariant,
        'audit:ListCouponClasses:100,': { items: ['k1'], bookmark: 'next' },
        'audit:ListCouponClasses:100,next': { items: ['k2'], bookmark: '' },
        'coupons:CheckCouponSupply:k1': supply('k1', true),
        'coupons:CheckCouponSupply:k2': supply('k2', false),
      }),
    );

    const response = await request(app).get('/v1/audit/invariants').set(AUDITOR);

    expect(response.body).toEqual({ points: invariant, coupons: [supply('k1', true), supply('k2', false)], holds: false });
  });

  it("reports the tip and each organisation's peer height", async () => {
    const chain = channel();
    const calls: CallOptions[] = [];
    const config = testConfig();
    const org = (name: string, mspId: string): (typeof config.members.orgs)[number] => ({
      name,
      mspId,
      caUrl: 'https://ca',
      caTlsCertFile: 'x',
      adminCertFile: 'x',
      adminKeyFile: 'x',
      adminApiKeyFile: 'x',
      roles: rolesIssuedBy(mspId),
    });
    const app = createApp({
      fabric: fabricFor(chain, {}, calls),
      logger: memoryLogger().logger,
      config: { ...config, members: { ...config.members, orgs: [org('platform', 'PlatformMSP'), org('retail', 'RetailMSP')] } },
      members,
    });

    const response = await request(app).get('/v1/audit/chain').set(AUDITOR);

    expect(response.body).toEqual({
      height: '3',
      currentBlockHash: chain.headerHash(2),
      previousBlockHash: chain.headerHash(1),
      peers: [
        { mspId: 'PlatformMSP', height: '3' },
        { mspId: 'RetailMSP', height: '3' },
      ],
    });
    expect(calls.map((call) => call.endorsingOrganizations)).toEqual(expect.arrayContaining([['PlatformMSP'], ['RetailMSP']]));
  });
});
