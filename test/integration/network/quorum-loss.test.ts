/**
 * The REST gateway when BFT ordering loses its quorum (two of four nodes stopped): a purchase answers
 * 503 NETWORK_UNAVAILABLE with Retry-After within the write deadline instead of hanging, /readyz turns
 * not ready, and once the nodes are back /readyz is ready again, writes commit, and the purchase retried
 * with the same order id is applied exactly once.
 */
import { anyString } from '../../support/assertions';
import { gatewayUrl } from '../../support/fabric';
import { eventually, net, type Orderer } from '../../support/network';
import { numberField, orgAdminKey, registerMember, RestClient, uniqueId } from '../../support/rest';

const STOPPED: readonly Orderer[] = ['orderer3', 'orderer4'];
// Generous bounds around the gateway's defaults (20 s write deadline, a 3 s ordering probe, 10 s to notice).
const WRITE_ANSWER_BOUND_MS = 30_000;
const NOT_READY_BOUND_MS = 20_000;
// A restarted BFT node first syncs with the others, then a view change may follow.
const RECOVERY_BOUND_MS = 180_000;

/** One HTTP answer with what this test looks at beyond the body. */
interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly retryAfter: string | null;
  readonly elapsedMs: number;
}

async function call(method: 'GET' | 'POST', path: string, apiKey?: string, body?: unknown): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(`${gatewayUrl()}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    retryAfter: response.headers.get('retry-after'),
    elapsedMs: Date.now() - started,
  };
}

/** Polls /readyz until it answers `status`; returns how long that took. */
async function readinessBecomes(status: number, boundMs: number): Promise<number> {
  const started = Date.now();
  await eventually(async () => { expect((await call('GET', '/readyz')).status).toBe(status); }, boundMs, 500);
  return Date.now() - started;
}

function details(answer: Answer): Record<string, unknown> {
  const value = answer.body.details;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

describe('losing the ordering quorum, through the REST gateway', () => {
  const platformAdmin = new RestClient(orgAdminKey('platform'));
  const merchantId = uniqueId('m-quorum');
  const consumerId = uniqueId('c-quorum');
  let merchantKey: string;

  beforeAll(async () => {
    const enrolled = await new RestClient(orgAdminKey('retail')).post('/v1/members', { memberId: merchantId, role: 'merchant' });
    expect(enrolled.status).toBe(201);
    merchantKey = String(enrolled.body.apiKey);
    await registerMember(platformAdmin, consumerId, 'consumer');
    expect((await platformAdmin.post('/v1/points/mint', { points: 100_000 })).status).toBe(200);
    expect((await platformAdmin.post('/v1/points/merchants', { merchantId, name: 'Quorum shop', region: 'Hangzhou' })).status).toBe(200);
    await readinessBecomes(200, NOT_READY_BOUND_MS);
  });

  // Whatever happened, the next test file gets all four nodes (start-node leaves a running node alone).
  afterAll(async () => {
    for (const orderer of STOPPED) {
      await net('start-node', orderer);
    }
  });

  it('answers writes 503 with Retry-After in time, is not ready meanwhile, and applies the retried order once', async () => {
    const order = { orderId: uniqueId('quorum-order'), consumer: consumerId, amountFen: 2_000 };
    const merchantBefore = numberField((await platformAdmin.get(`/v1/points/accounts/${merchantId}/balance`)).body, 'balance');

    for (const orderer of STOPPED) {
      await net('stop-node', orderer);
    }
    // Both at once: readiness must turn while the write is still waiting for ordering.
    const [refused, notReadyAfterMs] = await Promise.all([
      call('POST', '/v1/points/purchases', merchantKey, order),
      readinessBecomes(503, NOT_READY_BOUND_MS),
    ]);
    const stillNotReady = await call('GET', '/readyz');
    for (const orderer of STOPPED) {
      await net('start-node', orderer);
    }

    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'NETWORK_UNAVAILABLE' });
    expect(refused.elapsedMs).toBeLessThan(WRITE_ANSWER_BOUND_MS);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // Endorsed and handed to the two live ordering nodes: it may still be ordered, and the answer says so.
    expect(details(refused)).toMatchObject({ outcomeUnknown: true, transactionId: anyString() });
    expect(notReadyAfterMs).toBeLessThan(NOT_READY_BOUND_MS);
    expect(stillNotReady).toMatchObject({ status: 503, body: { code: 'NETWORK_UNAVAILABLE', details: { ordering: { ready: false } } } });
    expect(Number(stillNotReady.retryAfter)).toBeGreaterThan(0);

    await readinessBecomes(200, RECOVERY_BOUND_MS);
    const retried = await eventually(async () => {
      const answer = await call('POST', '/v1/points/purchases', merchantKey, order);
      expect(answer.status).toBe(200);
      return answer;
    }, RECOVERY_BOUND_MS, 2_000);
    const again = await call('POST', '/v1/points/purchases', merchantKey, order);

    const earned = numberField(retried.body.result as Record<string, unknown>, 'pointsEarned');
    expect(earned).toBeGreaterThan(0);
    expect(again).toMatchObject({ status: 200, body: { result: retried.body.result } });
    const consumerAfter = numberField((await platformAdmin.get(`/v1/points/accounts/${consumerId}/balance`)).body, 'balance');
    const merchantAfter = numberField((await platformAdmin.get(`/v1/points/accounts/${merchantId}/balance`)).body, 'balance');
    expect(consumerAfter).toBe(earned);
    expect(merchantAfter).toBe(merchantBefore - earned);
  });
});
