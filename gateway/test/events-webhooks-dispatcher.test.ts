import type { AuthenticatedMember } from '../src/auth/authenticated-member';
import { WebhookDispatcher } from '../src/events/webhooks/dispatcher';
import { memoryLogger } from './support/fakes';
import { testMember } from './support/members-fixtures';
import { ANSWERED, type WebhookBench, webhookBench } from './support/webhooks';

const alice = testMember({ memberId: 'alice', role: 'consumer', account: 'alice' });
const auditor = testMember({ memberId: 'aud', role: 'auditor', account: null });

function dispatcherOf(bench: WebhookBench, enabled: (memberId: string) => boolean = () => true): WebhookDispatcher {
  return new WebhookDispatcher({
    store: bench.store,
    events: bench.events,
    secretOf: (subscription) => bench.subscriptions.secretOf(subscription),
    ownerEnabled: (memberId) => Promise.resolve(enabled(memberId)),
    deliver: bench.deliver,
    config: bench.config,
    logger: memoryLogger().logger,
    clock: () => bench.now,
    random: () => 0.5,
  });
}

async function subscribe(
  bench: WebhookBench,
  caller: AuthenticatedMember,
  key: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const { answer } = await bench.subscriptions.create(caller, key, { url: 'http://127.0.0.1:9/hook', fromBlock: '0', ...body });
  return answer.subscriptionId;
}

const ids = (bench: WebhookBench): string[] => bench.received.map((request) => request.message.id);

describe('webhook dispatcher', () => {
  it("delivers a member's own events in chain order, once each, and moves the cursor past them", async () => {
    const bench = webhookBench();
    await bench.addBlock(1, [
      ['RecordPurchase', ['shop', 'alice']],
      ['Mint', ['treasury']],
    ]);
    await bench.addBlock(2, [['Transfer', ['alice', 'bob']]]);
    const id = await subscribe(bench, alice, 'k1');
    const dispatcher = dispatcherOf(bench);

    await dispatcher.pass();
    await dispatcher.pass();

    expect(ids(bench)).toEqual(['1-0', '2-0']);
    expect(bench.received[0]?.message).toMatchObject({
      name: 'RecordPurchase',
      module: 'points',
      block: '1',
      payload: { n: 1, txIndex: 0 },
    });
    expect(await bench.subscriptions.get(alice, id)).toMatchObject({ state: 'active', after: '2-0', failedAttempts: 0 });
    const log = await bench.subscriptions.deliveries(alice, id, 10);
    expect(log.items.map((attempt) => [attempt.eventId, attempt.outcome, attempt.attempt])).toEqual([
      ['2-0', 'delivered', 1],
      ['1-0', 'delivered', 1],
    ]);
  });

  it('retries a failing event after the backoff, later events waiting behind it, then dead-letters it', async () => {
    const bench = webhookBench({ backoffBaseMs: 1_000 });
    await bench.addBlock(1, [
      ['Mint', ['treasury']],
      ['Burn', ['treasury']],
    ]);
    const id = await subscribe(bench, auditor, 'k1', { maxAttempts: 3 });
    const dispatcher = dispatcherOf(bench);
    bench.answer = () => ANSWERED(500);

    await dispatcher.pass();
    // Not due yet: random 0.5 makes the first wait 750 ms.
    bench.now = new Date(bench.now.getTime() + 700);
    await dispatcher.pass();
    expect(ids(bench)).toEqual(['1-0']);
    expect(await bench.subscriptions.get(auditor, id)).toMatchObject({ failedAttempts: 1, nextAttemptAt: '2025-03-01T00:00:00.750Z' });

    bench.now = new Date(bench.now.getTime() + 100);
    await dispatcher.pass();
    bench.now = new Date(bench.now.getTime() + 1_500);
    await dispatcher.pass();
    bench.now = new Date(bench.now.getTime() + 60_000);
    await dispatcher.pass();

    expect(ids(bench)).toEqual(['1-0', '1-0', '1-0']);
    expect(await bench.subscriptions.get(auditor, id)).toMatchObject({ state: 'dead', failedAttempts: 3, after: null });
    const outcomes = (await bench.subscriptions.deliveries(auditor, id, 10)).items.map((attempt) => [
      attempt.attempt,
      attempt.outcome,
      attempt.status,
    ]);
    expect(outcomes).toEqual([
      [3, 'dead-lettered', 500],
      [2, 'failed', 500],
      [1, 'failed', 500],
    ]);
  });

  it('resumes a dead subscription by a replay, from the block asked for', async () => {
    const bench = webhookBench();
    await bench.addBlock(1, [['Mint', ['treasury']]]);
    await bench.addBlock(2, [['Burn', ['treasury']]]);
    const id = await subscribe(bench, auditor, 'k1', { maxAttempts: 1 });
    const dispatcher = dispatcherOf(bench);
    bench.answer = () => ANSWERED(503);
    await dispatcher.pass();
    expect((await bench.subscriptions.get(auditor, id)).state).toBe('dead');

    bench.answer = () => ANSWERED(200);
    expect(await bench.subscriptions.replay(auditor, id, 2n)).toMatchObject({ state: 'active', after: '1-999999', failedAttempts: 0 });
    await dispatcher.pass();

    expect(ids(bench)).toEqual(['1-0', '2-0']);
  });

  it('goes on after a restart from the stored cursor: a new dispatcher skips what was delivered', async () => {
    const bench = webhookBench({ batchSize: 1 });
    await bench.addBlock(1, [
      ['Mint', ['treasury']],
      ['Burn', ['treasury']],
      ['Mint', ['treasury']],
    ]);
    await subscribe(bench, auditor, 'k1');
    await dispatcherOf(bench).pass();

    const more = await dispatcherOf(bench).pass();
    await dispatcherOf(bench).pass();

    expect(more).toBe(true);
    expect(ids(bench)).toEqual(['1-0', '1-1', '1-2']);
  });

  it('delivers nothing for an owner who was disabled', async () => {
    const bench = webhookBench();
    await bench.addBlock(1, [['Transfer', ['alice']]]);
    await subscribe(bench, alice, 'k1');

    await dispatcherOf(bench, () => false).pass();

    expect(bench.received).toEqual([]);
  });

  it('starts after the read model checkpoint when no block is asked for', async () => {
    const bench = webhookBench();
    await bench.addBlock(1, [['Transfer', ['alice']]]);
    const { answer } = await bench.subscriptions.create(alice, 'k1', { url: 'http://127.0.0.1:9/hook' });
    await bench.addBlock(2, [['Transfer', ['alice']]]);

    await dispatcherOf(bench).pass();

    expect(answer.after).toBe('1-999999');
    expect(ids(bench)).toEqual(['2-0']);
  });
});

describe('webhook subscriptions', () => {
  it('answers a replayed creation with the original, secret included, and refuses the key for another body', async () => {
    const bench = webhookBench();
    const first = await bench.subscriptions.create(alice, 'k1', { url: 'http://127.0.0.1:9/hook', types: ['Transfer'] });
    const again = await bench.subscriptions.create(alice, 'k1', { url: 'http://127.0.0.1:9/hook', types: ['Transfer'] });

    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, answer: first.answer });
    expect(first.answer.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    await expect(bench.subscriptions.create(alice, 'k1', { url: 'http://127.0.0.1:9/other' })).rejects.toMatchObject({
      code: 'DUPLICATE_REQUEST',
    });
  });

  it("keeps a member to its own account and another member's subscription out of sight", async () => {
    const bench = webhookBench();
    const bob = testMember({ memberId: 'bob', role: 'consumer', account: 'bob' });
    const id = await subscribe(bench, alice, 'k1');

    await expect(bench.subscriptions.create(alice, 'k2', { url: 'http://127.0.0.1:9/h', account: 'bob' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(bench.subscriptions.get(bob, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(bench.subscriptions.delete(bob, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await bench.subscriptions.list(bob)).toEqual([]);
    expect((await bench.subscriptions.get(alice, id)).account).toBe('alice');
  });

  it('redelivers one event of the subscription on request without moving its cursor, and not an event it does not cover', async () => {
    const bench = webhookBench();
    await bench.addBlock(1, [
      ['Transfer', ['alice']],
      ['Mint', ['treasury']],
    ]);
    const id = await subscribe(bench, alice, 'k1');
    await dispatcherOf(bench).pass();

    const attempt = await bench.subscriptions.redeliver(alice, id, '1-0');

    expect(attempt).toMatchObject({ eventId: '1-0', attempt: 0, manual: true, outcome: 'delivered', status: 204 });
    expect(ids(bench)).toEqual(['1-0', '1-0']);
    expect((await bench.subscriptions.get(alice, id)).after).toBe('1-0');
    await expect(bench.subscriptions.redeliver(alice, id, '1-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stops delivering once deleted, and answers a second deletion with the deleted subscription', async () => {
    const bench = webhookBench();
    await bench.addBlock(1, [['Transfer', ['alice']]]);
    const id = await subscribe(bench, alice, 'k1');

    expect((await bench.subscriptions.delete(alice, id)).state).toBe('deleted');
    expect((await bench.subscriptions.delete(alice, id)).state).toBe('deleted');
    await dispatcherOf(bench).pass();

    expect(bench.received).toEqual([]);
    expect(await bench.subscriptions.list(alice)).toEqual([]);
    await expect(bench.subscriptions.replay(alice, id, 0n)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses more subscriptions than a member may hold', async () => {
    const bench = webhookBench({ maxPerMember: 2 });
    await subscribe(bench, alice, 'k1');
    await subscribe(bench, alice, 'k2');

    await expect(subscribe(bench, alice, 'k3')).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
