/**
 * The largest shelf batch the REST API accepts fits one transaction of the real ordering service
 * (docs/shelf.md "Sales"): `MAX_SHELF_BATCH_LINES` sales, then as many refunds of them — the
 * heaviest lines, each writing its own sale and the refunded one — all with the longest ids the API
 * allows, each batch committed in one transaction.
 */
import { MAX_SHELF_BATCH_LINES } from '@loulan/protocol';

import { defined } from '../../support/assertions';
import { type RestClient, uniqueId } from '../../support/rest';
import { salesLines, shelfDevices } from '../../support/shelf';

const LONGEST_ID = 64;
let device: RestClient;

function recordedOf(body: Record<string, unknown>): unknown[] {
  const recorded = (body.result as { recorded?: unknown } | undefined)?.recorded;
  return Array.isArray(recorded) ? recorded : [];
}

describe('the largest shelf batch through the REST gateway', () => {
  beforeAll(async () => {
    device = defined((await shelfDevices(1, 'shelf-size'))[0], 'the shelf device');
  }, 120_000);

  it('commits the most sales and then the most refunds of them with the longest ids, each in one transaction', async () => {
    const sales = salesLines(uniqueId('size'), MAX_SHELF_BATCH_LINES, LONGEST_ID);
    const recorded = await device.post('/v1/shelf/sales', { lines: sales });
    expect(recorded.status).toBe(200);
    expect(recordedOf(recorded.body)).toHaveLength(MAX_SHELF_BATCH_LINES);

    const refunds = sales.map((sale, index) => ({
      ...sale,
      saleId: `r${index}-`.padEnd(LONGEST_ID, 'r'),
      qty: -1,
      amountFen: -Number(sale.amountFen),
      costFen: -Number(sale.costFen),
      refundOf: sale.saleId,
    }));
    const refunded = await device.post('/v1/shelf/sales', { lines: refunds });
    expect(refunded.status).toBe(200);
    expect(recordedOf(refunded.body)).toHaveLength(MAX_SHELF_BATCH_LINES);
  }, 120_000);

  it('refuses one line more before it reaches the ledger', async () => {
    const tooMany = await device.post('/v1/shelf/sales', { lines: salesLines(uniqueId('size-over'), MAX_SHELF_BATCH_LINES + 1) });
    expect(tooMany).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });
});
