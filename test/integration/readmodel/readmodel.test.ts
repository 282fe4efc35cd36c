/**
 * The off-chain read model against the chain: after a scenario interrupted by a hard gateway crash,
 * every account's Σ movements equals its on-chain balance and every statement line is indexed exactly
 * once (the listener resumed from its checkpoint, neither skipping nor repeating a block).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { eventually, net, STATE_DIR } from '../../support/network';
import { numberField, orgAdminKey, registerMember, RestClient, type RestResponse, uniqueId } from '../../support/rest';

const platformAdmin = new RestClient(orgAdminKey('platform'));
const retailAdmin = new RestClient(orgAdminKey('retail'));
const merchantId = uniqueId('m-readmodel');
const consumers = [uniqueId('c-rm-a'), uniqueId('c-rm-b'), uniqueId('c-rm-c')];
let merchant: RestClient;
let auditor: RestClient;
let lastBlock = 0n;

function killGatewayHard(): void {
  const pid = Number(readFileSync(join(STATE_DIR, 'run/gateway.pid'), 'utf8').trim());
  process.kill(pid, 'SIGKILL');
}

function committed(response: RestResponse): void {
  expect(response.status).toBe(200);
  const block = BigInt(String(response.body.blockNumber));
  lastBlock = block > lastBlock ? block : lastBlock;
}

async function purchases(round: string): Promise<void> {
  for (const [index, consumer] of consumers.entries()) {
    committed(
      await merchant.post('/v1/points/purchases', { orderId: uniqueId(`rm-${round}-${index}`), consumer, amountFen: 1_000 * (index + 1) }),
    );
  }
}

/** Waits until the read model has stored the block of the last write. */
async function caughtUp(): Promise<void> {
  await eventually(async () => {
    const status = await auditor.get('/v1/readmodel/status');
    expect(status.status).toBe(200);
    expect(BigInt(String(status.body.block))).toBeGreaterThanOrEqual(lastBlock);
  }, 120_000);
}

/** Every statement line of an account on the chain, as `txId/time/delta`. */
async function chainStatement(account: string): Promise<string[]> {
  const lines: string[] = [];
  let bookmark = '';
  do {
    const page = await platformAdmin.get(`/v1/points/accounts/${account}/statement?pageSize=100&bookmark=${encodeURIComponent(bookmark)}`);
    expect(page.status).toBe(200);
    const items = Array.isArray(page.body.items) ? page.body.items : [];
    for (const item of items) {
      const line = item as Record<string, unknown>;
      lines.push(`${String(line.txId)}/${String(line.time)}/${String(line.delta)}`);
    }
    bookmark = typeof page.body.bookmark === 'string' ? page.body.bookmark : '';
  } while (bookmark !== '');
  return lines;
}

/** Every movement of an account in the read model, following the cursor. */
async function readModelMovements(account: string): Promise<string[]> {
  const lines: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await auditor.get(`/v1/readmodel/accounts/${account}/movements?limit=2${query}`);
    expect(page.status).toBe(200);
    const items = Array.isArray(page.body.items) ? page.body.items : [];
    for (const item of items) {
      const line = item as Record<string, unknown>;
      lines.push(`${String(line.txId)}/${String(line.time)}/${String(line.delta)}`);
    }
    cursor = typeof page.body.cursor === 'string' ? page.body.cursor : null;
  } while (cursor !== null);
  return lines;
}

describe('off-chain read model', () => {
  beforeAll(async () => {
    merchant = await registerMember(retailAdmin, merchantId, 'merchant');
    auditor = await registerMember(platformAdmin, uniqueId('auditor-rm'), 'auditor');
  });

  it('refuses members who are not auditors or admins', async () => {
    expect((await merchant.get('/v1/readmodel/status')).status).toBe(403);
  });

  it('indexes every movement exactly once across a gateway crash and matches the chain', async () => {
    committed(await platformAdmin.post('/v1/points/mint', { points: 100_000 }));
    committed(await platformAdmin.post('/v1/points/merchants', { merchantId, name: 'Read model shop', region: 'Hangzhou' }));
    await purchases('1');
    await caughtUp();

    killGatewayHard();
    await net('start-node', 'gateway');
    await eventually(async () => {
      expect((await auditor.get('/v1/members/me')).status).toBe(200);
    });
    await purchases('2');
    committed(await platformAdmin.post('/v1/points/transfers', { to: consumers[0], points: 7 }));
    await caughtUp();

    const accounts = [merchantId, ...consumers];
    const totals = await auditor.get(`/v1/readmodel/totals?accounts=${accounts.join(',')}`);
    expect(totals.status).toBe(200);
    for (const account of accounts) {
      const balance = await platformAdmin.get(`/v1/points/accounts/${account}/balance`);
      const chainLines = await chainStatement(account);
      const indexed = await readModelMovements(account);

      expect((totals.body.accounts as Record<string, number>)[account]).toBe(numberField(balance.body, 'balance'));
      expect((totals.body.movementCounts as Record<string, number>)[account]).toBe(chainLines.length);
      expect(new Set(indexed).size).toBe(indexed.length);
      expect([...indexed].sort()).toEqual([...chainLines].sort());
    }
  });

  it('ranks the merchant by its sales of the month', async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7).replace('-', '');
    const top = await auditor.get(`/v1/readmodel/merchants/top?month=${month}&limit=100`);

    expect(top.status).toBe(200);
    expect(top.body.items).toEqual(expect.arrayContaining([{ merchant: merchantId, salesFen: 2 * (1_000 + 2_000 + 3_000), purchases: 6 }]));
  });

  it('rebuilds from block 0 to the same totals', async () => {
    const accounts = [merchantId, ...consumers].join(',');
    const before = await auditor.get(`/v1/readmodel/totals?accounts=${accounts}`);

    // The platform admin alone may rebuild (readmodel/routes.ts); auditors read.
    expect((await platformAdmin.post('/v1/readmodel/rebuild', {})).status).toBe(202);
    await caughtUp();

    const after = await auditor.get(`/v1/readmodel/totals?accounts=${accounts}`);
    expect(after.body.accounts).toEqual(before.body.accounts);
    expect(after.body.movementCounts).toEqual(before.body.movementCounts);
    expect(numberField(after.body, 'movements')).toBeGreaterThanOrEqual(numberField(before.body, 'movements'));
  });
});
