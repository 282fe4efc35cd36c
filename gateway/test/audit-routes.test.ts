import request from 'supertest';
import { createApp } from '../src/app';
import { ChaincodeError, FabricRequestError } from '../src/fabric/errors';
import type { CallOptions, FabricGateway } from '../src/fabric/gateway';
import { TestChannel } from './support/audit-ledger';
import { fakeFabric, jsonBytes, memoryLogger, testConfig } from './support/fakes';
import { fakeMembers, testMember } from './support/members-fixtures';

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
    { txId: TX_MINT, mspId: 'PlatformMSP', role: 'admin', args: ['points:Mint', 'm-1', '1000'], time: '2025-03-01T01:00:00.000Z', event: { name: 'Mint', payload: '{"points":1000}' } },
  ]);
  chain.append([
    { txId: TX_BUY, mspId: 'RetailMSP', role: 'merchant', args: ['points:RecordPurchase', 'o-1', 'alice', '5000', '', LONG_ARG], time: '2025-03-01T02:00:00.000Z' },
    { txId: TX_TRANSFER, mspId: 'PlatformMSP', role: 'consumer', args: ['points:Transfer', 't-1', 'bob', '10'], time: '2025-03-01T02:00:01.000Z', validationCode: 11 },
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

function appWith(fabric: FabricGateway): ReturnType<typeof createApp> {
  return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members });
}

describe('audit history', () => {
  it('enriches every version with its block number and creator', async () => {
    const page = {
      entityType: 'account',
      entityId: 'alice',
      items: [
        { txId: TX_BUY, time: '2025-03-01T02:00:00.000Z', isDelete: false, value: { account: 'alice', balance: 50, lanes: { '05': 50 } } },
      ],
      bookmark: '1',
    };
    const app = appWith(fabricFor(channel(), { 'audit:GetHistory:account,alice,1,': page }));

    const response = await request(app).get('/v1/audit/history/account/alice?pageSize=1').set(CONSUMER);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...page,
      items: [{ ...page.items[0], blockNumber: '2', creatorMsp: 'RetailMSP', creatorRole: 'merchant' }],
    });
  });

  it("passes the chaincode's FORBIDDEN on as 403", async () => {
    const refused = new ChaincodeError('FORBIDDEN', 'members read their own account');
    const app = appWith(fabricFor(channel(), { 'audit:GetHistory:account,bob,20,': refused }));

    const response = await request(app).get('/v1/audit/history/account/bob').set(CONSUMER);

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it('refuses unknown entity types and bad bookmarks with 400', async () => {
    const app = appWith(fabricFor(channel()));

    const badType = await request(app).get('/v1/audit/history/wallet/alice').set(AUDITOR);
    const badBookmark = await request(app).get('/v1/audit/history/account/alice?bookmark=abc').set(AUDITOR);

    expect([badType.status, badBookmark.status]).toEqual([400, 400]);
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
    expect(buy.body.args).toEqual(['o-1', 'alice', '5000', '', `${'x'.repeat(200)}…`]);
    expect(buy.body.events).toEqual([]);
    expect(transfer.body).toMatchObject({ blockNumber: '2', validationCode: 'MVCC_READ_CONFLICT', creatorRole: 'consumer' });
  });

  it('answers 404 for an unknown transaction and 403 to a consumer', async () => {
    const app = appWith(fabricFor(channel()));

    const unknown = await request(app).get(`/v1/audit/transactions/${'d'.repeat(64)}`).set(AUDITOR);
    const consumer = await request(app).get(`/v1/audit/transactions/${TX_MINT}`).set(CONSUMER);
    const malformed = await request(app).get('/v1/audit/transactions/not-a-tx').set(AUDITOR);

    expect([unknown.status, consumer.status, malformed.status]).toEqual([404, 403, 400]);
    expect(consumer.body.code).toBe('FORBIDDEN');
  });
});

describe('audit blocks and hash chain', () => {
  it('lists blocks newest first and shows one with its hashes and transaction ids', async () => {
    const chain = channel();
    const app = appWith(fabricFor(chain));

    const list = await request(app).get('/v1/audit/blocks?limit=2').set(AUDITOR);
    const older = await request(app).get('/v1/audit/blocks?from=0').set(AUDITOR);
    const detail = await request(app).get('/v1/audit/blocks/2').set(AUDITOR);

    expect(list.body.height).toBe('3');
    expect(list.body.items.map((block: { number: string }) => block.number)).toEqual(['2', '1']);
    expect(older.body.items.map((block: { number: string }) => block.number)).toEqual(['0']);
    expect(detail.body).toEqual({
      number: '2',
      dataHash: Buffer.from(chain.blocks[2]?.getHeader()?.getDataHash_asU8() ?? []).toString('hex'),
      previousHash: chain.headerHash(1),
      headerHash: chain.headerHash(2),
      txCount: 2,
      time: '2025-03-01T02:00:00.000Z',
      txIds: [TX_BUY, TX_TRANSFER],
    });
    expect(list.body.items[0]).toEqual({ ...detail.body, txIds: undefined });
  });

  it('verifies an intact chain', async () => {
    const response = await request(appWith(fabricFor(channel()))).get('/v1/audit/verify').set(AUDITOR);

    expect(response.body).toEqual({ height: '3', verified: true, firstBreak: null });
  });

  it('reports the first block whose previous hash does not match', async () => {
    const chain = channel();
    chain.blocks[2]?.getHeader()?.setPreviousHash(Buffer.alloc(32, 1));

    const response = await request(appWith(fabricFor(chain))).get('/v1/audit/verify').set(AUDITOR);

    expect(response.body).toEqual({
      height: '3',
      verified: false,
      firstBreak: { number: '2', expectedPreviousHash: chain.headerHash(1), actualPreviousHash: '01'.repeat(32) },
    });
  });

  it('reports a block whose data does not match its data hash', async () => {
    const chain = channel();
    chain.blocks[1]?.getData()?.setDataList([Buffer.from('tampered')]);

    const response = await request(appWith(fabricFor(chain))).get('/v1/audit/verify').set(AUDITOR);

    expect(response.body.verified).toBe(false);
    expect(response.body.firstBreak.number).toBe('1');
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
      classId, supply: 10, allocated: 10, unissued: 0, holdings: 10, escrowed: 0, burned: 0, claimable: 0, holds,
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
      name, mspId, caUrl: 'https://ca', caTlsCertFile: 'x', adminCertFile: 'x', adminKeyFile: 'x', adminApiKeyFile: 'x',
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
      peers: [{ mspId: 'PlatformMSP', height: '3' }, { mspId: 'RetailMSP', height: '3' }],
    });
    expect(calls.map((call) => call.endorsingOrganizations)).toEqual(expect.arrayContaining([['PlatformMSP'], ['RetailMSP']]));
  });
});
