import {
  COUPONS,
  eventContracts,
  eventNameOf,
  JOSP,
  MARKER_PUT_EVENT,
  ORGANISATION_ADMITTED_EVENT,
  PARAMS_CHANGED_EVENT,
  POINTS,
  SYSTEM,
} from '../src';

describe('events', () => {
  it('names each write’s event after it, except the renamed ones', () => {
    expect(eventNameOf(POINTS.transactions.RecordPurchase)).toBe('RecordPurchase');
    expect(eventNameOf(POINTS.transactions.UpdateParams)).toBe(PARAMS_CHANGED_EVENT);
    expect(eventNameOf(SYSTEM.transactions.PutMarker)).toBe(MARKER_PUT_EVENT);
    expect(eventNameOf(SYSTEM.transactions.AdmitOrganisation)).toBe(ORGANISATION_ADMITTED_EVENT);
  });

  it('knows the module of every write’s event, and of no read', () => {
    const contracts = eventContracts();
    expect([contracts.get('RecordPurchase'), contracts.get('ParamsChanged'), contracts.get('MarkerPut')]).toEqual([
      'points',
      'points',
      'system',
    ]);
    expect(contracts.get(eventNameOf(JOSP.transactions.Subscribe))).toBe('josp');
    expect(contracts.get(eventNameOf(COUPONS.transactions.CreateClass))).toBe('coupons');
    expect(contracts.has('UpdateParams')).toBe(false);
    expect(contracts.has('GetMarker')).toBe(false);
    expect(contracts.get(ORGANISATION_ADMITTED_EVENT)).toBe('system');
    expect(contracts.has('AdmitOrganisation')).toBe(false);
  });
});
