import { createHash } from 'node:crypto';

import request from 'supertest';

import { createApp } from '../src/app';
import { ChaincodeError } from '../src/fabric/errors';
import type { FabricGateway, SubmitResult } from '../src/fabric/gateway';
import { testBlock } from './support/blocks';
import { fakeFabric, jsonBytes, memoryLogger, testConfig } from './support/fakes';
import { bodyOf, invalidFieldsOf } from './support/http';
import { match } from './support/matchers';
import { fakeMembers, testMember } from './support/members-fixtures';

const merchant = testMember({ memberId: 'shop-1', org: 'retail', mspId: 'RetailMSP', role: 'merchant', account: 'shop-1' });
const auditor = testMember({ memberId: 'aud-1', role: 'auditor', account: null });
const SHOP = { Authorization: 'Bearer merchant-key' };
const AUDITOR = { Authorization: 'Bearer auditor-key' };
const HASH = createHash('sha256').update('supply contract', 'utf8').digest('hex');

const record = {
  sha256: HASH,
  kind: 'contract',
  title: 'Supply contract',
  parties: ['bank-1'],
  occurredAt: '2025-03-09T02:00:00.000Z',
  recorder: 'shop-1',
  recorderMsp: 'RetailMSP',
  recorderRole: 'merchant',
  requestId: 'n-1',
  txId: 'tx-first',
  time: '2025-03-10T04:00:01.000Z',
};

const signature = {
  sha256: HASH,
  party: 'bank-1',
  partyMsp: 'BankMSP',
  partyRole: 'bank',
  requestId: 's-1',
  txId: 'tx-sign',
  time: '2025-03-10T05:00:00.000Z',
};

function appWith(fabric: FabricGateway): ReturnType<typeof createApp> {
  const members = fakeMembers({ 'merchant-key': merchant, 'auditor-key': auditor });
  return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members });
}

function committed(result: unknown): SubmitResult {
  return { result: jsonBytes(result), transactionId: 'tx-1', blockNumber: 7n };
}

describe('POST /v1/evidence', () => {
  it('notarises with the Idempotency-Key as business id and the metadata in protocol order', async () => {
    const submit = jest.fn().mockResolvedValue(committed({ duplicate: false, evidence: record }));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/evidence')
      .set(SHOP)
      .set('Idempotency-Key', 'n-1')
      .send({ sha256: HASH, kind: 'contract', parties: ['bank-1'], occurredAt: '2025-03-09T10:00:00+08:00', title: 'Supply contract' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: { duplicate: false, evidence: record }, transactionId: 'tx-1', blockNumber: '7' });
    expect(submit).toHaveBeenCalledWith(
      'evidence',
      'Notarise',
      ['n-1', HASH, 'contract', '["bank-1"]', '2025-03-09T10:00:00+08:00', 'Supply contract'],
      { caller: match.objectContaining({ memberId: 'shop-1' }) },
    );
  });

  it('sends absent options as empty arguments, and no parties the same as an empty list', async () => {
    const submit = jest.fn().mockResolvedValue(committed({ duplicate: true, evidence: record }));
    const app = appWith(fakeFabric({ submit }));

    await request(app).post('/v1/evidence').set(SHOP).set('Idempotency-Key', 'a').send({ sha256: HASH, kind: 'receipt' });
    await request(app).post('/v1/evidence').set(SHOP).set('Idempotency-Key', 'a').send({ sha256: HASH, kind: 'receipt', parties: [] });

    expect(submit.mock.calls.map((call: unknown[]) => call[2])).toEqual([
      ['a', HASH, 'receipt', '', '', ''],
      ['a', HASH, 'receipt', '', '', ''],
    ]);
  });

  it.each([
    ['an upper-case hash', { sha256: HASH.toUpperCase(), kind: 'contract' }, ['sha256']],
    ['a short hash', { sha256: HASH.slice(1), kind: 'contract' }, ['sha256']],
    ['an unknown kind', { sha256: HASH, kind: 'memo' }, ['kind']],
    ['eleven parties', { sha256: HASH, kind: 'contract', parties: Array.from({ length: 11 }, (_, i) => `p${i}`) }, ['parties']],
    ['a party that is not an id', { sha256: HASH, kind: 'contract', parties: ['bad id'] }, ['parties']],
    ['a time that is not ISO 8601', { sha256: HASH, kind: 'contract', occurredAt: 'yesterday' }, ['occurredAt']],
    ['an empty title', { sha256: HASH, kind: 'contract', title: '' }, ['title']],
    ['no hash', { kind: 'contract' }, ['sha256']],
  ])('refuses %s with 400 before the ledger', async (_label, body, fields) => {
    const submit = jest.fn();

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/evidence')
      .set(SHOP)
      .set('Idempotency-Key', 'k')
      .send(body);

    expect(response.status).toBe(400);
    expect(invalidFieldsOf(response)).toEqual(fields);
    expect(submit).not.toHaveBeenCalled();
  });

  it("answers the chaincode's refusals with their codes", async () => {
    const submit = jest
      .fn()
      .mockRejectedValueOnce(new ChaincodeError('FORBIDDEN', 'this operation needs the role …'))
      .mockRejectedValueOnce(new ChaincodeError('ACCOUNT_NOT_OPEN', 'account nobody is not open'))
      .mockRejectedValueOnce(new ChaincodeError('INVALID_ARGUMENT', 'occurredAt must lie within 7 days'));
    const app = appWith(fakeFabric({ submit }));
    const send = (): request.Test =>
      request(app).post('/v1/evidence').set(SHOP).set('Idempotency-Key', 'k').send({ sha256: HASH, kind: 'contract' });

    const statuses = [(await send()).status, (await send()).status, (await send()).status];

    expect(statuses).toEqual([403, 404, 400]);
  });
});

describe('POST /v1/evidence/by-hash/{sha256}/countersignatures', () => {
  it('countersigns the record of the hash in the path, the Idempotency-Key as business id', async () => {
    const submit = jest.fn().mockResolvedValue(committed(signature));

    const response = await request(appWith(fakeFabric({ submit })))
      .post(`/v1/evidence/by-hash/${HASH}/countersignatures`)
      .set(SHOP)
      .set('Idempotency-Key', 's-1');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: signature, transactionId: 'tx-1', blockNumber: '7' });
    expect(submit).toHaveBeenCalledWith('evidence', 'Countersign', ['s-1', HASH], expect.anything());
  });
});

describe('GET /v1/evidence/by-hash/{sha256}', () => {
  it('answers the record and its countersignatures with the block of its transaction, read from the peer under the caller', async () => {
    const evaluate = jest
      .fn()
      .mockResolvedValueOnce(jsonBytes({ ...record, countersignatures: [signature] }))
      .mockResolvedValueOnce(testBlock(42, [{ txId: 'tx-first', time: record.time }]).serializeBinary());

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get(`/v1/evidence/by-hash/${HASH}`)
      .set(AUDITOR);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...record, countersignatures: [signature], blockNumber: '42' });
    expect(evaluate.mock.calls).toEqual([
      ['evidence', 'GetEvidence', [HASH], { caller: match.objectContaining({ memberId: 'aud-1' }) }],
      ['', 'GetBlockByTxID', ['loulan', 'tx-first'], { caller: match.objectContaining({ memberId: 'aud-1' }), chaincode: 'qscc' }],
    ]);
  });

  it('answers an unknown hash 404 and a malformed one 400 without asking the ledger', async () => {
    const evaluate = jest.fn().mockRejectedValueOnce(new ChaincodeError('NOT_FOUND', 'evidence for sha256 … is not notarised'));
    const app = appWith(fakeFabric({ evaluate }));

    const unknown = await request(app).get(`/v1/evidence/by-hash/${HASH}`).set(SHOP);
    const malformed = await request(app).get(`/v1/evidence/by-hash/${HASH.toUpperCase()}`).set(SHOP);

    expect([unknown.status, bodyOf(unknown).code]).toEqual([404, 'NOT_FOUND']);
    expect([malformed.status, invalidFieldsOf(malformed)]).toEqual([400, ['sha256']]);
    expect(evaluate).toHaveBeenCalledTimes(1);
  });
});

describe('GET /v1/evidence', () => {
  it("lists the caller's own records by default, and the recorder a query names", async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes({ items: [record], bookmark: 'next' }));
    const app = appWith(fakeFabric({ evaluate }));

    const own = await request(app).get('/v1/evidence?pageSize=5').set(SHOP);
    const named = await request(app).get('/v1/evidence?recorder=shop-1&bookmark=next').set(AUDITOR);

    expect(own.body).toEqual({ items: [record], bookmark: 'next' });
    expect(evaluate.mock.calls.map((call: unknown[]) => call.slice(0, 3))).toEqual([
      ['evidence', 'ListEvidence', ['shop-1', '5', '']],
      ['evidence', 'ListEvidence', ['shop-1', '20', 'next']],
    ]);
    expect(named.status).toBe(200);
  });

  it('needs a recorder from a member without an account', async () => {
    const evaluate = jest.fn();

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/evidence')
      .set(AUDITOR);

    expect([response.status, invalidFieldsOf(response)]).toEqual([400, ['recorder']]);
    expect(evaluate).not.toHaveBeenCalled();
  });
});
