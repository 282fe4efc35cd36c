import { decodeBlock } from '../src/readmodel/decode';
import { rowsOfBlock, splitCompositeKey } from '../src/readmodel/rows';
import { certificateWithRole } from './support/audit-ledger';
import { compositeKey, testBlock } from './support/blocks';

const T1 = '2025-03-10T08:00:00.000Z';
const movement = (account: string, delta: number, kind: string): Record<string, unknown> => ({
  txId: 'tx-1',
  time: T1,
  account,
  delta,
  kind,
  counterparty: null,
  requestId: 'r1',
  reference: 'order-1',
});

describe('read model block decoding', () => {
  it('indexes the writes and the event of valid transactions of the chaincode and skips the others', () => {
    const block = testBlock(7, [
      {
        txId: 'tx-1',
        time: T1,
        writes: [
          { key: compositeKey('movement', 'alice', T1, 'tx-1', '0'), value: movement('alice', 20, 'PURCHASE_EARN') },
          { key: compositeKey('movement', 'shop-1', T1, 'tx-1', '1'), value: movement('shop-1', -20, 'PURCHASE_EARN') },
          {
            key: compositeKey('sale', 'shop-1', '202503', 'tx-1'),
            value: { orderId: 'o1', consumer: 'alice', amountFen: 2000, occurredAt: T1, txId: 'tx-1' },
          },
          { key: compositeKey('balance', 'alice', '0'), value: { points: 20 } },
        ],
        event: { name: 'RecordPurchase', payload: { orderId: 'o1' } },
      },
      {
        txId: 'tx-2',
        time: T1,
        writes: [{ key: compositeKey('movement', 'bob', T1, 'tx-2', '0'), value: movement('bob', 5, 'MINT') }],
        valid: false,
      },
      {
        txId: 'tx-3',
        time: T1,
        writes: [{ key: compositeKey('movement', 'eve', T1, 'tx-3', '0'), value: movement('eve', 5, 'MINT') }],
        namespace: 'other',
      },
    ]);

    const rows = rowsOfBlock(decodeBlock(block, 'loulan'));

    expect(rows.block).toBe(7n);
    expect(rows.transactions.map((t) => t.txId)).toEqual(['tx-1']);
    expect(rows.lastTxId).toBe('tx-1');
    expect(rows.movements).toEqual([
      { account: 'alice', txId: 'tx-1', seq: 0, time: T1, delta: 20, kind: 'PURCHASE_EARN', counterparty: null, reference: 'order-1' },
      { account: 'shop-1', txId: 'tx-1', seq: 1, time: T1, delta: -20, kind: 'PURCHASE_EARN', counterparty: null, reference: 'order-1' },
    ]);
    expect(rows.sales).toEqual([{ merchant: 'shop-1', month: '202503', txId: 'tx-1', amountFen: 2000, occurredAt: T1 }]);
    // No creator account in this block: the event concerns the accounts whose points it moved.
    expect(rows.events).toEqual([
      { txId: 'tx-1', block: 7n, txIndex: 0, name: 'RecordPurchase', payload: '{"orderId":"o1"}', time: T1, accounts: ['alice', 'shop-1'] },
    ]);
  });

  it('keeps the latest plan version with its position in the chain, its raised total left to the tranches', () => {
    // A record of the former shape still carries `raised`; the row ignores it all the same.
    const plan = { planId: 'p1', kind: 'MERCHANT', issuer: 'shop-1', capPoints: 2000, status: 'OPEN', raised: 300, updatedAt: T1 };
    const rows = rowsOfBlock(
      decodeBlock(testBlock(9, [{ txId: 'tx-9', time: T1, writes: [{ key: compositeKey('jospplan', 'p1'), value: plan }] }]), 'loulan'),
    );

    expect(rows.plans).toEqual([
      expect.objectContaining({ planId: 'p1', status: 'OPEN', issuer: 'shop-1', capPoints: 2000, block: 9n, txIndex: 0 }),
    ]);
    expect(rows.plans[0]).not.toHaveProperty('raised');
    expect(rows.tranches).toEqual([]);
  });

  it('turns tranche writes into tranche rows and skips deleted ones and malformed keys', () => {
    const tranche = (planId: string, n: number, raised: number): Record<string, unknown> => ({ planId, tranche: n, raised, investors: 2 });
    const block = testBlock(12, [
      { txId: 'tx-a', time: T1, writes: [{ key: compositeKey('jospplan', 'p1'), value: { planId: 'p1', status: 'OPEN', tranches: 4 } }] },
      {
        txId: 'tx-b',
        time: T1,
        writes: [
          { key: compositeKey('josptranche', 'p1', '03'), value: tranche('p1', 3, 120) },
          { key: compositeKey('josptranche', 'p1', '15'), value: tranche('p1', 15, 7) },
          { key: compositeKey('josptranche', 'p2', '00'), deleted: true },
          { key: compositeKey('josptranche', 'p2', 'x1'), value: tranche('p2', 1, 5) },
          { key: compositeKey('josptranche', 'p2'), value: tranche('p2', 0, 5) },
        ],
      },
    ]);

    const rows = rowsOfBlock(decodeBlock(block, 'loulan'));

    expect(rows.tranches).toEqual([
      { planId: 'p1', tranche: 3, raised: 120, block: 12n, txIndex: 1 },
      { planId: 'p1', tranche: 15, raised: 7, block: 12n, txIndex: 1 },
    ]);
    expect(rows.plans).toEqual([expect.objectContaining({ planId: 'p1', block: 12n, txIndex: 0 })]);
  });

  it('indexes each confirmed redemption, and the payouts of the positions a payout page closed', () => {
    const T2 = '2025-03-10T09:00:00.000Z';
    const redemption = {
      requestId: 'r1',
      merchantId: 'shop-b',
      orderId: 'o1',
      classId: 'c1',
      issuer: 'shop-a',
      holder: 'alice',
      amountFen: 100_000,
      faceValueFen: 10_000,
      payFen: 90_000,
      occurredAt: '2025-03-10T07:00:00.000Z',
      rebateFen: 5_000,
      payableDay: '2025-03-10',
      txId: 'tx-r',
      time: T1,
    };
    const position = (investor: string, status: string, yieldPoints: number | null, closedAt: string | null): Record<string, unknown> => ({
      planId: 'p1',
      investor,
      principal: 1_000,
      tranche: 2,
      seq: 7,
      status,
      yieldPoints,
      subscribedAt: T1,
      closedAt,
    });
    const block = testBlock(13, [
      { txId: 'tx-r', time: T1, writes: [{ key: compositeKey('cpnredeem', 'shop-b', 'o1'), value: redemption }] },
      {
        txId: 'tx-s',
        time: T2,
        writes: [
          { key: compositeKey('jospposition', 'x', 'p1'), value: position('x', 'PAID', 30, T2) },
          { key: compositeKey('jospposition', 'y', 'p2'), value: position('y', 'REFUNDED', 0, T2) },
          { key: compositeKey('jospposition', 'z', 'p1'), value: position('z', 'ACTIVE', null, null) },
          { key: compositeKey('cpnredeem', 'shop-b'), value: redemption },
        ],
      },
    ]);

    const rows = rowsOfBlock(decodeBlock(block, 'loulan'));

    const { requestId, merchantId, orderId, classId, issuer, holder, amountFen, faceValueFen, payFen, occurredAt, rebateFen } = redemption;
    expect(rows.redemptions).toEqual([
      {
        merchantId,
        orderId,
        classId,
        issuer,
        holder,
        amountFen,
        faceValueFen,
        payFen,
        rebateFen,
        occurredAt,
        requestId,
        payableDay: '2025-03-10',
        txId: 'tx-r',
        time: T1,
      },
    ]);
    const paid = { tranche: 2, seq: 7, principal: 1_000, paidAt: T2, txId: 'tx-s' };
    expect(rows.payouts).toEqual([
      { planId: 'p1', investor: 'x', status: 'PAID', yieldPoints: 30, ...paid },
      { planId: 'p2', investor: 'y', status: 'REFUNDED', yieldPoints: 0, ...paid },
    ]);
  });

  it('ignores deletes, non-JSON values and simple keys', () => {
    const rows = rowsOfBlock(
      decodeBlock(
        testBlock(3, [
          {
            txId: 'tx-1',
            time: T1,
            writes: [
              { key: compositeKey('movement', 'a', T1, 'tx-1', '0'), deleted: true },
              { key: 'plain', value: { delta: 1 } },
            ],
          },
        ]),
        'loulan',
      ),
    );

    expect(rows.movements).toEqual([]);
    expect(rows.transactions).toHaveLength(1);
    expect(rows.events).toEqual([]);
  });

  it('gives each event the accounts it concerns: its signer’s account and those whose points, coupons or program points it moved', () => {
    const block = testBlock(12, [
      {
        txId: 'tx-signed',
        time: T1,
        creator: { mspId: 'RetailMSP', certificate: certificateWithRole('merchant', 'shop-1') },
        writes: [
          { key: compositeKey('movement', 'alice', T1, 'tx-signed', '0'), value: movement('alice', 20, 'PURCHASE_EARN') },
          { key: compositeKey('movement', 'shop-1', T1, 'tx-signed', '1'), value: movement('shop-1', -20, 'PURCHASE_EARN') },
        ],
        event: { name: 'RecordPurchase', payload: {} },
      },
      {
        txId: 'tx-no-account',
        time: T1,
        creator: { mspId: 'PlatformMSP', certificate: certificateWithRole('auditor') },
        writes: [],
        event: { name: 'CreateSite', payload: {} },
      },
      {
        txId: 'tx-coupons',
        time: T1,
        creator: { mspId: 'RetailMSP', certificate: certificateWithRole('merchant', 'shop-1') },
        writes: [
          { key: compositeKey('cpnbal', 'class-1', 'shop-1'), value: { quantity: 8 } },
          { key: compositeKey('cpnbal', 'class-1', 'bob'), value: { quantity: 2 } },
          { key: compositeKey('ppbal', 'program-1', 'carol'), value: { quantity: 5 } },
          { key: compositeKey('cpnclass', 'class-1'), value: { issuer: 'shop-1' } },
        ],
        event: { name: 'TransferCoupons', payload: {} },
      },
    ]);

    const rows = rowsOfBlock(decodeBlock(block, 'loulan'));

    expect(rows.events.map((e) => [e.txId, e.accounts])).toEqual([
      ['tx-signed', ['shop-1', 'alice']],
      ['tx-no-account', []],
      ['tx-coupons', ['shop-1', 'bob', 'carol']],
    ]);
  });

  it('turns every write of an audited entity into a version, with the transaction and its signer', () => {
    const creator = { mspId: 'RetailMSP', certificate: certificateWithRole('shelf-operator') };
    const block = testBlock(11, [
      { txId: 'tx-a', time: T1, writes: [{ key: compositeKey('shelf', 'shelf-1'), value: { operator: 'op' } }] },
      {
        txId: 'tx-b',
        time: T1,
        creator,
        writes: [
          { key: compositeKey('shelfstmt', 'shelf-1', '2025-03-09'), value: { status: 'pending' } },
          { key: compositeKey('cpnclass', 'k1'), deleted: true },
          { key: compositeKey('josploan', 'l1'), value: 'not an object' },
          { key: compositeKey('jospplan', 'p1', 'extra'), value: {} },
          { key: compositeKey('balance', 'alice', '07'), value: { points: 120 } },
          { key: compositeKey('balance', 'alice', '08'), deleted: true },
          { key: compositeKey('movement', 'alice', T1, 'tx-b', '0'), value: movement('alice', 1, 'TRANSFER') },
        ],
      },
    ]);

    const rows = rowsOfBlock(decodeBlock(block, 'loulan'));

    const at = (txIndex: number, txId: string, signed: boolean): Record<string, unknown> => ({
      block: 11n,
      txIndex,
      txId,
      time: T1,
      creatorMsp: signed ? 'RetailMSP' : null,
      creatorRole: signed ? 'shelf-operator' : null,
    });
    expect(rows.versions).toEqual([
      { ...at(0, 'tx-a', false), entityType: 'shelf', entityId: 'shelf-1', isDelete: false, value: '{"operator":"op"}' },
      { ...at(1, 'tx-b', true), entityType: 'statement', entityId: 'shelf-1:2025-03-09', isDelete: false, value: '{"status":"pending"}' },
      { ...at(1, 'tx-b', true), entityType: 'couponClass', entityId: 'k1', isDelete: true, value: null },
      { ...at(1, 'tx-b', true), entityType: 'loan', entityId: 'l1', isDelete: false, value: '"not an object"' },
    ]);
    expect(rows.laneWrites).toEqual([
      { ...at(1, 'tx-b', true), account: 'alice', lane: '07', points: 120 },
      { ...at(1, 'tx-b', true), account: 'alice', lane: '08', points: 0 },
    ]);
  });

  it('splits composite keys and refuses simple ones', () => {
    expect(splitCompositeKey(compositeKey('sale', 'm', '202503', 'tx'))).toEqual({ type: 'sale', parts: ['m', '202503', 'tx'] });
    expect(splitCompositeKey('plain')).toBeNull();
    expect(splitCompositeKey('\u0000')).toBeNull();
  });
});
