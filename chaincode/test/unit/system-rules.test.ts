import { type IdentityLike, resolveCaller } from '../../src/ledger/caller';
import { AlreadyExistsError, DuplicateRequestError, InvalidArgumentError } from '../../src/ledger/errors';
import type { OrganisationRecord } from '../../src/ledger/organisations';
import { decideAdmission, organisationsPage, parseAdmission, parseAdmittedRoles } from '../../src/system/admission';
import {
  decidePutMarker,
  MARKER_VALUE_MAX_LENGTH,
  type MarkerRecord,
  parseMarkerRecord,
  validateMarkerInput,
} from '../../src/system/rules';
import { thrownBy } from '../support/failure';

const tx = { txId: 'tx1', txTime: '2025-01-01T00:00:00.000Z', creatorMsp: 'Org1MSP' };
const stored: MarkerRecord = { markerId: 'm1', value: 'v', ...tx };

describe('validateMarkerInput', () => {
  it('accepts an allowed id and value', () => {
    expect(validateMarkerInput('m1', 'hello, 世界')).toEqual({ markerId: 'm1', value: 'hello, 世界' });
    expect(validateMarkerInput('m1', 'x'.repeat(MARKER_VALUE_MAX_LENGTH)).value).toHaveLength(MARKER_VALUE_MAX_LENGTH);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(MARKER_VALUE_MAX_LENGTH + 1)],
    ['a control character', 'a\u0000b'],
    ['a C1 control character', 'a\u0085b'],
    ['a lone surrogate', 'a\ud800b'],
    ['not a string', 5],
  ])('rejects a value that is %s', (_label, value) => {
    expect(() => validateMarkerInput('m1', value)).toThrow(InvalidArgumentError);
  });

  it('rejects a bad id before looking at the value', () => {
    expect(() => validateMarkerInput('', 'v')).toThrow(/markerId/);
  });
});

describe('decidePutMarker', () => {
  it('creates a record carrying the transaction facts', () => {
    expect(decidePutMarker(undefined, { markerId: 'm1', value: 'v' }, tx)).toEqual({ kind: 'create', record: stored });
  });

  it('replays the stored record, not a new one, for the same value', () => {
    const later = { txId: 'tx2', txTime: '2025-01-02T00:00:00.000Z', creatorMsp: 'Org2MSP' };
    expect(decidePutMarker(stored, { markerId: 'm1', value: 'v' }, later)).toEqual({ kind: 'replay', record: stored });
  });

  it('refuses a different value for the same id', () => {
    expect(() => decidePutMarker(stored, { markerId: 'm1', value: 'other' }, tx)).toThrow(DuplicateRequestError);
  });
});

describe('parseMarkerRecord', () => {
  it('keeps exactly the record fields', () => {
    expect(parseMarkerRecord({ ...stored, extra: 1 })).toEqual(stored);
  });

  it.each([null, [], 'x', { ...stored, txId: 1 }, { markerId: 'm1' }])('rejects %p', (value) => {
    expect(() => parseMarkerRecord(value)).toThrow();
  });
});

describe('admission rules (system/admission.ts)', () => {
  const admission = { admittedBy: 'x509::admin', admittedByMsp: 'PlatformMSP', txId: 'tx-a', admittedAt: '2025-01-01T00:00:00.000Z' };
  const partner: OrganisationRecord = { mspId: 'PartnerMSP', roles: ['merchant', 'supplier'], ...admission };

  it('spells one set of roles one way: in the order of ROLES', () => {
    expect(parseAdmittedRoles('["supplier","auditor","merchant"]')).toEqual(['auditor', 'merchant', 'supplier']);
    expect(parseAdmission('PartnerMSP', '["supplier","merchant"]')).toEqual({ mspId: 'PartnerMSP', roles: ['merchant', 'supplier'] });
  });

  it('checks both arguments before refusing a built-in organisation', () => {
    expect(thrownBy(() => parseAdmission('RetailMSP', '[]'))).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'rolesJson' } });
    expect(thrownBy(() => parseAdmission('RetailMSP', '["merchant"]'))).toBeInstanceOf(AlreadyExistsError);
    // An inherited property of the built-in table is no built-in organisation.
    expect(parseAdmission('constructor', '["merchant"]')).toEqual({ mspId: 'constructor', roles: ['merchant'] });
  });

  it('creates a record the first time, answers it for the same roles, and refuses other roles', () => {
    expect(decideAdmission(undefined, { mspId: 'PartnerMSP', roles: ['merchant', 'supplier'] }, admission)).toEqual({
      kind: 'create',
      record: partner,
    });
    expect(decideAdmission(partner, { mspId: 'PartnerMSP', roles: ['merchant', 'supplier'] }, { ...admission, txId: 'tx-b' })).toEqual({
      kind: 'replay',
      record: partner,
    });
    expect(thrownBy(() => decideAdmission(partner, { mspId: 'PartnerMSP', roles: ['merchant'] }, admission))).toBeInstanceOf(
      DuplicateRequestError,
    );
  });

  it('lists the built-in organisations on the first page only', () => {
    const page = { items: [partner], bookmark: 'next' };
    expect(organisationsPage(['PlatformMSP'], page, true).items.map((item) => [item.mspId, item.builtIn])).toEqual([
      ['PlatformMSP', true],
      ['PartnerMSP', false],
    ]);
    expect(organisationsPage(['PlatformMSP'], page, false)).toEqual({ items: [{ ...partner, builtIn: false }], bookmark: 'next' });
  });
});

describe('resolveCaller (ledger/caller.ts)', () => {
  const identity = (msp: string, role: string, account?: string): IdentityLike => ({
    getMSPID: () => msp,
    getAttributeValue: (name) => (name === 'loulan.role' ? role : name === 'loulan.account' ? (account ?? null) : null),
  });

  it('trusts a role the MSP issues, whatever the MSP', () => {
    expect(resolveCaller(identity('PartnerMSP', 'merchant', 'shop'), ['merchant'])).toEqual({
      msp: 'PartnerMSP',
      role: 'merchant',
      account: 'shop',
    });
    expect(resolveCaller(identity('PartnerMSP', 'auditor', 'ignored'), ['auditor'])).toEqual({
      msp: 'PartnerMSP',
      role: 'auditor',
      account: null,
    });
  });

  it('refuses a role the MSP does not issue, an MSP that issues none included', () => {
    expect(thrownBy(() => resolveCaller(identity('PartnerMSP', 'supplier', 'shop'), ['merchant']))).toMatchObject({
      code: 'FORBIDDEN',
      details: { msp: 'PartnerMSP', role: 'supplier' },
    });
    expect(thrownBy(() => resolveCaller(identity('StrangerMSP', 'merchant', 'shop'), []))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
