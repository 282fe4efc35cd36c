/**
 * Many consumers buying at one merchant at once: 200 concurrent purchases through the REST
 * gateway must all commit exactly once, and the balance lanes must keep them from colliding.
 * The peer's own ledger metrics count the MVCC and phantom read conflicts: invalidated
 * transactions before any retry, at most 1% of the purchases.
 */
import { metricSum, peerMetrics } from '../../support/metrics';
import { numberField, orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';

const PURCHASES = 200;
const BALANCE_READS_IN_FLIGHT = 20;
const AMOUNT_FEN = 1_000; // 10 yuan → 10 points at ×1.0 for a first purchase
const CONFLICT_CODES = ['validation_code="MVCC_READ_CONFLICT"', 'validation_code="PHANTOM_READ_CONFLICT"'];

async function readConflicts(): Promise<number> {
  const metrics = await peerMetrics('platform');
  return CONFLICT_CODES.reduce((sum, code) => sum + metricSum(metrics, 'ledger_transaction_count', 'chaincode="loulan', code), 0);
}

describe('a hot merchant', () => {
  it('commits 200 concurrent purchases exactly once with at most 1% read conflicts', async () => {
    const platformAdmin = new RestClient(orgAdminKey('platform'));
    const merchantId = uniqueId('m-hot');
    const merchant = await registerMember(new RestClient(orgAdminKey('retail')), merchantId, 'merchant');
    expect((await platformAdmin.post('/v1/points/mint', { points: 1_000_000 })).status).toBe(200);
    const registered = await platformAdmin.post('/v1/points/merchants', { merchantId, name: 'Hot shop', region: 'Beijing' });
    expect(registered.status).toBe(200);

    const conflictsBefore = await readConflicts();
    const consumers = Array.from({ length: PURCHASES }, (_, index) => uniqueId(`c-hot-${index}`));
    const responses = await Promise.all(
      consumers.map((consumer, index) =>
        merchant.post('/v1/points/purchases', { orderId: uniqueId(`hot-order-${index}`), consumer, amountFen: AMOUNT_FEN }),
      ),
    );
    const conflicts = (await readConflicts()) - conflictsBefore;

    expect(responses.filter((response) => response.status !== 200).map((response) => response.body)).toEqual([]);
    // The reads only check the outcome: a few at a time, so that a loaded machine does not turn
    // 200 simultaneous evaluations into deadline errors that say nothing about the purchases.
    const balances: number[] = [];
    for (let start = 0; start < consumers.length; start += BALANCE_READS_IN_FLIGHT) {
      const chunk = consumers.slice(start, start + BALANCE_READS_IN_FLIGHT);
      const read = (consumer: string): Promise<number> =>
        platformAdmin.get(`/v1/points/accounts/${consumer}/balance`).then((response) => numberField(response.body, 'balance'));
      balances.push(...(await Promise.all(chunk.map(read))));
    }
    expect(balances.every((points) => points === 10)).toBe(true);
    const merchantBalance = await platformAdmin.get(`/v1/points/accounts/${merchantId}/balance`);
    expect(numberField(merchantBalance.body, 'balance')).toBe(50_000 - PURCHASES * 10);
    expect(conflicts).toBeLessThanOrEqual(PURCHASES / 100);
  });
});
