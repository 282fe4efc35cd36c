import { ORGANISATION_ADMITTED_EVENT, parseLedgerError } from '@loulan/protocol';

import { PointsContract } from '../../src/points/contract';
import { SystemContract } from '../../src/system/contract';
import { openAccounts } from '../support/accounts';
import { Driver, type Who } from '../support/driver';
import { parseJsonObject } from '../support/json';
import { match } from '../support/matchers';
import { ADMIN, AUDITOR, claimant, merchant, who } from '../support/points';
import { invokeThroughShim } from '../support/shim';

/*
 * The register of admitted organisations (docs/rules.md#organisations): system:AdmitOrganisation,
 * GetOrganisation and ListOrganisations, and the roles an admitted organisation's certificates carry
 * everywhere else on the ledger.
 */

const PARTNER_KEY = '\u0000organisation\u0000PartnerMSP\u0000';
/** A merchant the partner CA certified; nobody opened its account yet. */
const PARTNER_SHOP = claimant('PartnerMSP', 'merchant', 'partner-shop');
// The consumer the partner shop's purchase credits, opened by the platform as at enrolment.
openAccounts('consumer', 'partner-buyer');

interface Contracts {
  readonly system: SystemContract;
  readonly points: PointsContract;
}

function newDriver(): Driver<Contracts> {
  return new Driver<Contracts>({ system: new SystemContract(), points: new PointsContract() }, '2025-03-10T04:00:00.000Z');
}

/** Admits PartnerMSP as the platform admin. */
async function admitPartner(driver: Driver<Contracts>, roles = '["merchant","supplier"]'): Promise<Record<string, unknown>> {
  return driver.submit(ADMIN, ({ system }, ctx) => system.AdmitOrganisation(ctx, 'PartnerMSP', roles));
}

describe('system:AdmitOrganisation', () => {
  it('stores the roles once under organisation~<mspId>, in role order, and emits OrganisationAdmitted', async () => {
    const driver = newDriver();
    const { result, stub } = await driver.run(ADMIN, ({ system }, ctx) =>
      system.AdmitOrganisation(ctx, 'PartnerMSP', '["supplier","merchant"]'),
    );

    const answer = {
      mspId: 'PartnerMSP',
      roles: ['merchant', 'supplier'],
      builtIn: false,
      // The submitting certificate's Fabric identity, as the account register's openedBy.
      admittedBy: match.stringMatching(/^x509::.*admin-none/),
      admittedByMsp: 'PlatformMSP',
      txId: stub.getTxID(),
      admittedAt: stub.getDateTimestamp().toISOString(),
    };
    expect(JSON.parse(result)).toEqual(answer);
    // The record is the answer without builtIn, which only the reads of built-in organisations set.
    const stored = parseJsonObject(driver.ledger.read(PARTNER_KEY)?.toString('utf8') ?? '{}');
    expect({ ...stored, builtIn: false }).toEqual(JSON.parse(result));
    expect(Object.keys(stored).sort()).toEqual(['admittedAt', 'admittedBy', 'admittedByMsp', 'mspId', 'roles', 'txId']);
    expect([...stub.writes.keys()]).toEqual([PARTNER_KEY]);
    expect(stub.event).toEqual({ name: ORGANISATION_ADMITTED_EVENT, payload: Buffer.from(result, 'utf8') });
  });

  it('answers a repeat with the same roles, in any order, with the first record and writes nothing', async () => {
    const driver = newDriver();
    const first = await admitPartner(driver);
    const stored = driver.ledger.read(PARTNER_KEY);

    const again = await driver.run(ADMIN, ({ system }, ctx) => system.AdmitOrganisation(ctx, 'PartnerMSP', '["supplier","merchant"]'));

    expect(JSON.parse(again.result)).toEqual(first);
    expect(again.stub.writes.size).toBe(0);
    expect(again.stub.event).toBeUndefined();
    expect(driver.ledger.read(PARTNER_KEY)).toEqual(stored);
    expect(driver.ledger.events.filter((event) => event.name === ORGANISATION_ADMITTED_EVENT)).toHaveLength(1);
  });

  it('refuses other roles for an admitted organisation with DUPLICATE_REQUEST and changes nothing', async () => {
    const driver = newDriver();
    const first = await admitPartner(driver);
    const stored = driver.ledger.read(PARTNER_KEY);

    for (const roles of ['["merchant"]', '["merchant","supplier","bank"]']) {
      expect(await driver.fail(ADMIN, ({ system }, ctx) => system.AdmitOrganisation(ctx, 'PartnerMSP', roles))).toEqual({
        code: 'DUPLICATE_REQUEST',
        message: 'organisation PartnerMSP was admitted with other roles',
        details: { mspId: 'PartnerMSP', txId: first.txId },
      });
    }
    expect(driver.ledger.read(PARTNER_KEY)).toEqual(stored);
  });

  it.each(['PlatformMSP', 'RetailMSP', 'BankMSP'])('refuses the built-in %s with ALREADY_EXISTS: its roles are fixed', async (mspId) => {
    const driver = newDriver();

    const refusal = await driver.fail(ADMIN, ({ system }, ctx) => system.AdmitOrganisation(ctx, mspId, '["auditor"]'));

    expect(refusal).toEqual({
      code: 'ALREADY_EXISTS',
      message: `${mspId} is a built-in organisation; its roles are fixed`,
      details: { mspId, builtIn: true },
    });
    expect(driver.ledger.keys().filter((key) => key.includes('organisation'))).toEqual([]);
  });

  it.each([
    ['a merchant', merchant('m-any')],
    ['an auditor', AUDITOR],
    ['the retail org admin, whose MSP does not issue admin', who('RetailMSP', 'admin')],
    ['an admitted organisation’s certificate claiming admin', who('PartnerMSP', 'admin')],
    ['an identity without a role', { mspId: 'PlatformMSP' }],
  ])('refuses %s with FORBIDDEN and writes nothing', async (_label, identity: Who) => {
    const driver = newDriver();
    await admitPartner(driver);
    const keys = driver.ledger.keys();

    const refusal = await driver.fail(identity, ({ system }, ctx) => system.AdmitOrganisation(ctx, 'OtherMSP', '["merchant"]'));

    expect(refusal.code).toBe('FORBIDDEN');
    expect(driver.ledger.keys()).toEqual(keys);
  });

  it.each([
    ['an empty mspId', 'mspId', '', '["merchant"]'],
    ['an mspId starting with a digit', 'mspId', '9LeadingDigitMSP', '["merchant"]'],
    ['an mspId with a space', 'mspId', 'Has Space', '["merchant"]'],
    ['an mspId with an underscore', 'mspId', 'Under_scoreMSP', '["merchant"]'],
    ['an mspId of 64 characters', 'mspId', `M${'x'.repeat(63)}`, '["merchant"]'],
    ['empty rolesJson', 'rolesJson', 'PartnerMSP', ''],
    ['rolesJson that is not JSON', 'rolesJson', 'PartnerMSP', 'merchant'],
    ['rolesJson that is an object', 'rolesJson', 'PartnerMSP', '{"roles":["merchant"]}'],
    ['no roles', 'rolesJson', 'PartnerMSP', '[]'],
    ['a role twice', 'rolesJson', 'PartnerMSP', '["merchant","merchant"]'],
    ['a role that is not a string', 'rolesJson', 'PartnerMSP', '["merchant",1]'],
    ['the platform’s admin', 'rolesJson', 'PartnerMSP', '["admin"]'],
    ['the platform’s consumer', 'rolesJson', 'PartnerMSP', '["consumer","merchant"]'],
    ['the gateway role org-admin', 'rolesJson', 'PartnerMSP', '["org-admin"]'],
    ['rolesJson of 1,104 characters', 'rolesJson', 'PartnerMSP', `["${'m'.repeat(1100)}"]`],
  ])('refuses %s with INVALID_ARGUMENT naming the argument, and writes nothing', async (_label, field, mspId, roles) => {
    const driver = newDriver();

    const refusal = await driver.fail(ADMIN, ({ system }, ctx) => system.AdmitOrganisation(ctx, mspId, roles));

    expect(refusal).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field } });
    expect(driver.ledger.keys().filter((key) => key.includes('organisation'))).toEqual([]);
  });

  it('is served through fabric-shim, its refusals parseable', async () => {
    const driver = newDriver();
    const admitted = await invokeThroughShim(driver.ledger, 'system:AdmitOrganisation', ['PartnerMSP', '["merchant"]'], ADMIN);
    expect(admitted.status).toBe(200);
    expect(JSON.parse(admitted.payload)).toMatchObject({ mspId: 'PartnerMSP', roles: ['merchant'], builtIn: false });

    const other = await invokeThroughShim(driver.ledger, 'system:AdmitOrganisation', ['PartnerMSP', '["bank"]'], ADMIN);
    expect([other.status, parseLedgerError(other.message)?.code]).toEqual([500, 'DUPLICATE_REQUEST']);
  });
});

describe('the roles of an admitted organisation', () => {
  it('are refused before the admission: FORBIDDEN to open an account or read', async () => {
    const driver = newDriver();

    expect(await driver.fail(PARTNER_SHOP, ({ points }, ctx) => points.OpenAccount(ctx))).toMatchObject({
      code: 'FORBIDDEN',
      details: { msp: 'PartnerMSP', role: 'merchant' },
    });
    expect((await driver.fail(PARTNER_SHOP, ({ points }, ctx) => points.GetBalance(ctx, 'partner-shop'))).code).toBe('FORBIDDEN');
    expect(driver.ledger.keys().filter((key) => key.includes('partner-shop'))).toEqual([]);
  });

  it('are those admitted: a partner merchant opens its account, is registered and records a purchase', async () => {
    const driver = newDriver();
    await admitPartner(driver);

    const opened = await driver.submit(PARTNER_SHOP, ({ points }, ctx) => points.OpenAccount(ctx));
    await driver.submit(ADMIN, ({ points }, ctx) => points.Mint(ctx, 'mint-1', '1000000'));
    await driver.submit(ADMIN, ({ points }, ctx) => points.RegisterMerchant(ctx, 'reg-1', 'partner-shop', 'Partner shop', 'Beijing'));
    const purchase = await driver.submit(PARTNER_SHOP, ({ points }, ctx) =>
      points.RecordPurchase(ctx, 'po-1', 'partner-buyer', '10000', '', '3'),
    );

    expect(opened).toMatchObject({ account: 'partner-shop', msp: 'PartnerMSP', role: 'merchant' });
    expect(purchase).toMatchObject({ merchantId: 'partner-shop', consumer: 'partner-buyer', pointsEarned: 100 });
    expect(await driver.submit(PARTNER_SHOP, ({ points }, ctx) => points.GetBalance(ctx, 'partner-shop'))).toEqual({
      account: 'partner-shop',
      balance: 50_000 - 100,
    });
  });

  it.each([
    ['admin', 'partner-admin'],
    ['consumer', 'partner-consumer'],
    ['bank', 'partner-bank'],
    ['shelf-device', 'partner-device'],
  ])('never include a role it was not admitted with: a partner certificate claiming %s is FORBIDDEN', async (role, account) => {
    const driver = newDriver();
    await admitPartner(driver);
    const claim = claimant('PartnerMSP', role, account);

    expect(await driver.fail(claim, ({ points }, ctx) => points.OpenAccount(ctx))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'this organisation does not issue that role',
    });
    expect(await driver.fail(claim, ({ points }, ctx) => points.Mint(ctx, 'mint-x', '1'))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('stay with their own MSP: another unadmitted MSP gains nothing from the partner’s admission', async () => {
    const driver = newDriver();
    await admitPartner(driver);

    expect((await driver.fail(claimant('StrangerMSP', 'merchant', 'stranger'), ({ points }, ctx) => points.OpenAccount(ctx))).code).toBe(
      'FORBIDDEN',
    );
    expect((await driver.fail(claimant('Not an MSP id', 'merchant', 'stranger'), ({ points }, ctx) => points.OpenAccount(ctx))).code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('system:GetOrganisation and system:ListOrganisations', () => {
  it('answer a built-in organisation with its fixed roles and no admission', async () => {
    const driver = newDriver();

    expect(await driver.submit(merchant('m-reader'), ({ system }, ctx) => system.GetOrganisation(ctx, 'RetailMSP'))).toEqual({
      mspId: 'RetailMSP',
      roles: ['auditor', 'merchant', 'shelf-operator', 'site-provider', 'supplier', 'shelf-device'],
      builtIn: true,
      admittedBy: null,
      admittedByMsp: null,
      txId: null,
      admittedAt: null,
    });
  });

  it('answer an admitted organisation with its record, to any member', async () => {
    const driver = newDriver();
    const admitted = await admitPartner(driver);

    expect(await driver.submit(AUDITOR, ({ system }, ctx) => system.GetOrganisation(ctx, 'PartnerMSP'))).toEqual(admitted);
  });

  it('refuse an unknown organisation with NOT_FOUND and a malformed id with INVALID_ARGUMENT', async () => {
    const driver = newDriver();

    expect(await driver.fail(ADMIN, ({ system }, ctx) => system.GetOrganisation(ctx, 'PartnerMSP'))).toEqual({
      code: 'NOT_FOUND',
      message: 'organisation PartnerMSP is not admitted',
      details: { mspId: 'PartnerMSP' },
    });
    expect(await driver.fail(ADMIN, ({ system }, ctx) => system.GetOrganisation(ctx, 'no/such'))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'mspId' },
    });
  });

  it('list the built-in organisations on the first page, then the admitted ones in MSP id order, page by page', async () => {
    const driver = newDriver();
    await admitPartner(driver);
    await driver.submit(ADMIN, ({ system }, ctx) => system.AdmitOrganisation(ctx, 'AllianceMSP', '["bank","auditor"]'));

    const first = await driver.submit(AUDITOR, ({ system }, ctx) => system.ListOrganisations(ctx, '1', ''));
    const bookmark = String(first.bookmark);
    const second = await driver.submit(AUDITOR, ({ system }, ctx) => system.ListOrganisations(ctx, '1', bookmark));
    const whole = await driver.submit(AUDITOR, ({ system }, ctx) => system.ListOrganisations(ctx, '100', ''));

    const names = (page: Record<string, unknown>): unknown[] => (page.items as { mspId: string }[]).map((item) => item.mspId);
    expect(names(first)).toEqual(['PlatformMSP', 'RetailMSP', 'BankMSP', 'AllianceMSP']);
    expect(bookmark).not.toBe('');
    expect([names(second), second.bookmark]).toEqual([['PartnerMSP'], '']);
    expect([names(whole), whole.bookmark]).toEqual([['PlatformMSP', 'RetailMSP', 'BankMSP', 'AllianceMSP', 'PartnerMSP'], '']);
    expect((whole.items as { roles: string[] }[])[3]?.roles).toEqual(['auditor', 'bank']);
  });

  it('refuse a bad page size or a bookmark of another list with INVALID_ARGUMENT', async () => {
    const driver = newDriver();

    expect(await driver.fail(ADMIN, ({ system }, ctx) => system.ListOrganisations(ctx, '101', ''))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'pageSize' },
    });
    expect(await driver.fail(ADMIN, ({ system }, ctx) => system.ListOrganisations(ctx, '10', 'bm9wZQ'))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'bookmark' },
    });
  });
});
