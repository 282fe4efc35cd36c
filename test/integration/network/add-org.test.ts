/**
 * A new member org joins the running channel (docs/operations.md, "A new org joins"): `make add-org`
 * gives it a CA, MSP, peer and chaincode service, adds it by channel configuration update signed by a
 * majority of the members' admins, its peer catches up the whole ledger, it approves the chaincode, the
 * ledger admits the roles its CA issues and the gateway enrols its members. From then on the MAJORITY
 * endorsement policy counts four orgs: three must endorse, and the new org's endorsement is one of them.
 *
 * It leaves the network with four orgs, so it runs after every file that stops peers to prove an
 * endorsement policy of three orgs, just before the restart test (which then brings the fourth org up
 * again with the rest).
 */
import { eventually, height, net, withNodesStopped } from '../../support/network';
import { numberField, orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';

const ORG = 'partner';
const ROLES = 'merchant,supplier';
const POINTS_PER_ORDER = 20;
const admin = new RestClient(orgAdminKey('platform'));

describe('a new org joining the running channel', () => {
  const merchantId = uniqueId('m-partner');
  let merchant: RestClient;

  const purchase = (orderId: string): Promise<{ status: number; body: Record<string, unknown> }> =>
    merchant.post('/v1/points/purchases', { orderId, consumer: `c-${orderId}`, amountFen: POINTS_PER_ORDER * 100 });

  it('adds the org: CA, peer caught up, chaincode approved, roles admitted, gateway enrolling', async () => {
    const output = await net('add-org', ORG, ROLES);

    expect(output).toContain('partner (PartnerMSP) is a member of loulan');
    expect(await net('status')).toMatch(/ca-partner +up[\s\S]*peer0-partner +up[\s\S]*cc-partner +up/);
    expect(await height('peer0-partner')).toBeGreaterThanOrEqual((await height('peer0-platform')) - 1);
    const organisation = await admin.get('/v1/system/organisations/PartnerMSP');
    expect(organisation.status).toBe(200);
    expect(organisation.body).toMatchObject({ mspId: 'PartnerMSP', roles: ['merchant', 'supplier'] });
  }, 600_000);

  it('enrols the org members with the roles it was admitted with, and no others', async () => {
    const partnerAdmin = new RestClient(orgAdminKey(ORG));
    merchant = await registerMember(partnerAdmin, merchantId, 'merchant');

    const refused = await partnerAdmin.post('/v1/members', { memberId: uniqueId('partner-bank'), role: 'bank' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets a merchant of the new org record purchases, credited once', async () => {
    expect((await admin.post('/v1/points/mint', { points: 100_000 })).status).toBe(200);
    expect((await admin.post('/v1/points/merchants', { merchantId, name: 'Partner shop', region: 'Suzhou' })).status).toBe(200);
    const orderId = uniqueId('po-1');

    const first = await purchase(orderId);
    const replay = await purchase(orderId);

    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.body.transactionId).toBe(first.body.transactionId);
    const balance = await admin.get(`/v1/points/accounts/c-${orderId}/balance`);
    expect(numberField(balance.body, 'balance')).toBe(POINTS_PER_ORDER);
  });

  it('counts the new org in the MAJORITY endorsement policy: three of four orgs must endorse', async () => {
    const orderId = uniqueId('po-2');
    // Platform and retail alone were a majority of three orgs; of four they are not.
    const refused = await withNodesStopped(['peer0-bank', 'peer0-partner'], () => purchase(orderId));
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'NETWORK_UNAVAILABLE' });

    // With bank's peer still down, the new org's endorsement is the third.
    await withNodesStopped(['peer0-bank'], () =>
      eventually(async () => {
        expect((await purchase(orderId)).status).toBe(200);
      }, 120_000),
    );
    const balance = await admin.get(`/v1/points/accounts/c-${orderId}/balance`);
    expect(numberField(balance.body, 'balance')).toBe(POINTS_PER_ORDER);
  }, 300_000);

  it('runs again as a no-op, and refuses other roles for the same org', async () => {
    expect(await net('add-org', ORG, ROLES)).toContain('PartnerMSP is a member of loulan already');
    await expect(net('add-org', ORG, 'merchant')).rejects.toThrow(/was added with ROLES=merchant,supplier/);
  }, 300_000);
});
