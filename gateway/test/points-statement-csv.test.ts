import request from 'supertest';

import { createApp } from '../src/app';
import { ChaincodeError } from '../src/fabric/errors';
import type { FabricGateway } from '../src/fabric/gateway';
import { fakeFabric, jsonBytes, memoryLogger, testConfig } from './support/fakes';
import { bodyOf, csvLines, expectRefusedField } from './support/http';
import { fakeMembers, testMember } from './support/members-fixtures';

const AUTH = { Authorization: 'Bearer shop-key' };
const HEADER = 'account,time,txId,kind,delta,counterparty,requestId,reference';

function appWith(fabric: FabricGateway): ReturnType<typeof createApp> {
  const members = fakeMembers({ 'shop-key': testMember({ memberId: 'shop-1', role: 'merchant', account: 'shop-1' }) });
  return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members });
}

const statement = {
  account: 'shop-1',
  items: [
    {
      txId: 'tx-1',
      time: '2025-03-01T08:00:00.000Z',
      account: 'shop-1',
      delta: -1_000_000_000_001,
      kind: 'PURCHASE_EARN',
      counterparty: 'alice',
      requestId: 'o-1',
      reference: '=cmd|" /C calc"!A0',
    },
    { txId: 'tx-2', time: '2025-03-01T09:00:00.000Z', account: 'shop-1', delta: 250, kind: 'TRANSFER', counterparty: null },
  ],
  bookmark: 'bm_2',
};

describe("an account's statement as CSV", () => {
  it('answers JSON by default, the chaincode page as it is', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes(statement));

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/points/accounts/shop-1/statement')
      .set(AUTH);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(statement);
    expect(evaluate).toHaveBeenCalledWith('points', 'GetStatement', ['shop-1', '20', ''], expect.anything());
  });

  it('answers format=csv with a header and one row per movement, exact signed points, formulas neutralised', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes(statement));

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/points/accounts/shop-1/statement?format=csv&pageSize=2&bookmark=bm_1')
      .set(AUTH);

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename=points-statement-shop-1.csv');
    expect(evaluate).toHaveBeenCalledWith('points', 'GetStatement', ['shop-1', '2', 'bm_1'], expect.anything());
    expect(csvLines(response.text)).toEqual([
      HEADER,
      `shop-1,2025-03-01T08:00:00.000Z,tx-1,PURCHASE_EARN,-1000000000001,alice,o-1,"'=cmd|"" /C calc""!A0"`,
      'shop-1,2025-03-01T09:00:00.000Z,tx-2,TRANSFER,250,,,',
    ]);
    expect(response.headers['link']).toBe('</v1/points/accounts/shop-1/statement?format=csv&pageSize=2&bookmark=bm_2>; rel="next"');
  });

  it('names no next page after the last, and keeps the default page size in the link', async () => {
    const evaluate = jest
      .fn()
      .mockResolvedValueOnce(jsonBytes(statement))
      .mockResolvedValueOnce(jsonBytes({ ...statement, bookmark: '' }));
    const app = appWith(fakeFabric({ evaluate }));

    const first = await request(app).get('/v1/points/accounts/shop-1/statement?format=csv').set(AUTH);
    const last = await request(app).get('/v1/points/accounts/shop-1/statement?format=csv&bookmark=bm_2').set(AUTH);

    expect(first.headers['link']).toBe('</v1/points/accounts/shop-1/statement?format=csv&pageSize=20&bookmark=bm_2>; rel="next"');
    expect(last.headers['link']).toBeUndefined();
    expect(csvLines(last.text)).toHaveLength(3);
  });

  it("keeps the chaincode's refusal of another account's statement: 403, no CSV", async () => {
    const evaluate = jest.fn().mockRejectedValue(new ChaincodeError('FORBIDDEN', 'not your statement'));

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/points/accounts/bob/statement?format=csv')
      .set(AUTH);

    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(bodyOf(response).code).toBe('FORBIDDEN');
  });

  it('refuses an unknown format before the ledger', async () => {
    const evaluate = jest.fn();

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/points/accounts/shop-1/statement?format=xlsx')
      .set(AUTH);

    expectRefusedField(response, 'format');
    expect(evaluate).not.toHaveBeenCalled();
  });
});
