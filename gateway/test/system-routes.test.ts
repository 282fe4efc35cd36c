import request from 'supertest';

import { createApp } from '../src/app';
import { ChaincodeError } from '../src/fabric/errors';
import type { FabricGateway, SubmitResult } from '../src/fabric/gateway';
import { fakeFabric, jsonBytes, memoryLogger, testConfig } from './support/fakes';
import { bodyOf, invalidFieldsOf } from './support/http';
import { match } from './support/matchers';
import { fakeMembers, testMember } from './support/members-fixtures';

const admin = testMember({ memberId: 'platform-admin', role: 'admin', account: 'treasury', isOrgAdmin: true });
const merchant = testMember({ memberId: 'shop-1', org: 'retail', mspId: 'RetailMSP', role: 'merchant', account: 'shop-1' });
const ADMIN = { Authorization: 'Bearer admin-key' };
const SHOP = { Authorization: 'Bearer merchant-key' };

const partner = {
  mspId: 'PartnerMSP',
  roles: ['merchant', 'supplier'],
  builtIn: false,
  admittedBy: 'x509::CN=platform-admin::CN=ca-platform',
  admittedByMsp: 'PlatformMSP',
  txId: 'tx-admit',
  admittedAt: '2025-03-10T04:00:01.000Z',
};
const platform = {
  mspId: 'PlatformMSP',
  roles: ['admin', 'consumer', 'auditor'],
  builtIn: true,
  admittedBy: null,
  admittedByMsp: null,
  txId: null,
  admittedAt: null,
};

function appWith(fabric: FabricGateway): ReturnType<typeof createApp> {
  const members = fakeMembers({ 'admin-key': admin, 'merchant-key': merchant });
  return createApp({ fabric, logger: memoryLogger().logger, config: testConfig(), members });
}

function committed(result: unknown): SubmitResult {
  return { result: jsonBytes(result), transactionId: 'tx-admit', blockNumber: 9n };
}

describe('POST /v1/system/organisations', () => {
  it('admits the organisation as the caller, the MSP id being the business id (no Idempotency-Key)', async () => {
    const submit = jest.fn().mockResolvedValue(committed(partner));

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/system/organisations')
      .set(ADMIN)
      .send({ mspId: 'PartnerMSP', roles: ['merchant', 'supplier'] });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ result: partner, transactionId: 'tx-admit', blockNumber: '9' });
    expect(submit).toHaveBeenCalledWith('system', 'AdmitOrganisation', ['PartnerMSP', '["merchant","supplier"]'], {
      caller: match.objectContaining({ memberId: 'platform-admin' }),
    });
  });

  it.each([
    ['no roles', { mspId: 'PartnerMSP', roles: [] }, ['roles']],
    ['a role twice', { mspId: 'PartnerMSP', roles: ['merchant', 'merchant'] }, ['roles']],
    ['the platform’s admin role', { mspId: 'PartnerMSP', roles: ['admin'] }, ['roles']],
    ['the platform’s consumer role', { mspId: 'PartnerMSP', roles: ['consumer'] }, ['roles']],
    ['roles that are not a list', { mspId: 'PartnerMSP', roles: 'merchant' }, ['roles']],
    ['an MSP id with an underscore', { mspId: 'Partner_MSP', roles: ['merchant'] }, ['mspId']],
    ['no MSP id', { roles: ['merchant'] }, ['mspId']],
    ['an unknown field', { mspId: 'PartnerMSP', roles: ['merchant'], builtIn: true }, ['builtIn']],
  ])('refuses %s with 400 before the ledger', async (_label, body, fields) => {
    const submit = jest.fn();

    const response = await request(appWith(fakeFabric({ submit })))
      .post('/v1/system/organisations')
      .set(ADMIN)
      .send(body);

    expect([response.status, bodyOf(response).code, invalidFieldsOf(response)]).toEqual([400, 'VALIDATION_FAILED', fields]);
    expect(submit).not.toHaveBeenCalled();
  });

  it("answers the chaincode's refusals with their statuses: a non-admin 403, a built-in MSP or other roles 409", async () => {
    const submit = jest
      .fn()
      .mockRejectedValueOnce(new ChaincodeError('FORBIDDEN', 'this operation needs the role admin'))
      .mockRejectedValueOnce(new ChaincodeError('ALREADY_EXISTS', 'RetailMSP is a built-in organisation; its roles are fixed'))
      .mockRejectedValueOnce(new ChaincodeError('DUPLICATE_REQUEST', 'organisation PartnerMSP was admitted with other roles'));
    const app = appWith(fakeFabric({ submit }));

    const forbidden = await request(app)
      .post('/v1/system/organisations')
      .set(SHOP)
      .send({ mspId: 'PartnerMSP', roles: ['merchant'] });
    const builtIn = await request(app)
      .post('/v1/system/organisations')
      .set(ADMIN)
      .send({ mspId: 'RetailMSP', roles: ['merchant'] });
    const other = await request(app)
      .post('/v1/system/organisations')
      .set(ADMIN)
      .send({ mspId: 'PartnerMSP', roles: ['bank'] });

    expect([forbidden, builtIn, other].map((response) => [response.status, bodyOf(response).code])).toEqual([
      [403, 'FORBIDDEN'],
      [409, 'ALREADY_EXISTS'],
      [409, 'DUPLICATE_REQUEST'],
    ]);
  });
});

describe('GET /v1/system/organisations', () => {
  it('answers one page of organisations from system:ListOrganisations under the caller', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes({ items: [platform, partner], bookmark: '' }));
    const app = appWith(fakeFabric({ evaluate }));

    const first = await request(app).get('/v1/system/organisations').set(SHOP);
    await request(app).get('/v1/system/organisations?pageSize=5&bookmark=next').set(SHOP);

    expect([first.status, first.body]).toEqual([200, { items: [platform, partner], bookmark: '' }]);
    expect(evaluate.mock.calls).toEqual([
      ['system', 'ListOrganisations', ['20', ''], { caller: match.objectContaining({ memberId: 'shop-1' }) }],
      ['system', 'ListOrganisations', ['5', 'next'], { caller: match.objectContaining({ memberId: 'shop-1' }) }],
    ]);
  });
});

describe('GET /v1/system/organisations/{mspId}', () => {
  it('answers the organisation from system:GetOrganisation', async () => {
    const evaluate = jest.fn().mockResolvedValue(jsonBytes(partner));

    const response = await request(appWith(fakeFabric({ evaluate })))
      .get('/v1/system/organisations/PartnerMSP')
      .set(SHOP);

    expect([response.status, response.body]).toEqual([200, partner]);
    expect(evaluate).toHaveBeenCalledWith('system', 'GetOrganisation', ['PartnerMSP'], expect.anything());
  });

  it('answers an unknown organisation 404 and a malformed MSP id 400 without asking the ledger', async () => {
    const evaluate = jest.fn().mockRejectedValueOnce(new ChaincodeError('NOT_FOUND', 'organisation NobodyMSP is not admitted'));
    const app = appWith(fakeFabric({ evaluate }));

    const unknown = await request(app).get('/v1/system/organisations/NobodyMSP').set(SHOP);
    const malformed = await request(app).get('/v1/system/organisations/9MSP').set(SHOP);

    expect([unknown.status, bodyOf(unknown).code]).toEqual([404, 'NOT_FOUND']);
    expect([malformed.status, invalidFieldsOf(malformed)]).toEqual([400, ['mspId']]);
    expect(evaluate).toHaveBeenCalledTimes(1);
  });
});
