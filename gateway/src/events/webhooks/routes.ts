/**
 * `/v1/subscriptions`: webhook subscriptions to the ledger's events (docs/events.md, "Webhooks").
 * Gateway state, not ledger transactions: each route answers from the gateway's store.
 *
 * @packageDocumentation
 */
import type { Router } from 'express';

import { DEFAULT_PAGE_SIZE } from '../../http/dto-rules';
import { okAnswer } from '../../http/openapi-parts';
import { type Operation, operationRouter, operationRows, type OperationTable } from '../../http/operations';
import { idempotencyKey } from '../../http/writes';
import { CreateSubscriptionDto, DeliveriesQueryDto, RedeliverDto, ReplayDto } from './dtos';
import { DELIVERY_LOG_ANSWER, SUBSCRIPTION_LIST_ANSWER, SUBSCRIPTION_SCHEMAS } from './openapi';
import { authorizeSubscriber, type Subscriptions } from './service';

/** Where the subscriptions router is mounted. */
export const SUBSCRIPTIONS_BASE_PATH = '/v1/subscriptions';

const op = operationRows<Subscriptions>();
const ERRORS = [400, 401, 403, 404, 429];

/** The subscription routes; every one is the subscriber's own (404 for anyone else's). */
export const SUBSCRIPTION_OPERATIONS: OperationTable<Operation<Subscriptions>> = {
  module: 'events',
  basePath: SUBSCRIPTIONS_BASE_PATH,
  description: 'Webhook subscriptions to the ledger events (docs/events.md, "Webhooks"); gateway state, not ledger transactions.',
  schemas: SUBSCRIPTION_SCHEMAS,
  operations: [
    op.json({
      method: 'post',
      path: '',
      name: 'CreateSubscription',
      summary: 'Subscribe a URL to events: signed POSTs, at least once, in chain order',
      description:
        'Members who hold an account (their own events), auditors and the platform admin (all). The URL must be http(s) on the ' +
        "gateway's allow-list (400 URL_NOT_ALLOWED). The same Idempotency-Key with the same body answers the original, secret " +
        'included; with another body 409 DUPLICATE_REQUEST.',
      idempotencyKey: true,
      body: { dto: CreateSubscriptionDto, schema: 'CreateSubscription' },
      status: 201,
      answer: { description: 'Created (or the replayed original)', content: okAnswer('CreatedSubscription').content },
      errors: [400, 401, 403, 409, 429],
      authorize: authorizeSubscriber,
      run: async (subscriptions, { caller, body, req }) => (await subscriptions.create(caller, idempotencyKey(req), body)).answer,
      // The answer carries the secret: no cache may keep it.
      send: (res, answer) => {
        res.status(201).set('Cache-Control', 'no-store').json(answer);
      },
    }),
    op.json({
      method: 'get',
      path: '',
      name: 'ListSubscriptions',
      summary: "The caller's subscriptions that are not deleted",
      answer: SUBSCRIPTION_LIST_ANSWER,
      errors: [401, 403, 429],
      authorize: authorizeSubscriber,
      run: async (subscriptions, { caller }) => ({ items: await subscriptions.list(caller) }),
    }),
    op.json({
      method: 'get',
      path: '/{subscriptionId}',
      name: 'GetSubscription',
      summary: 'One subscription: its state and cursor',
      answer: okAnswer('Subscription'),
      errors: ERRORS,
      authorize: authorizeSubscriber,
      run: (subscriptions, { caller, params }) => subscriptions.get(caller, params.subscriptionId),
    }),
    op.json({
      method: 'delete',
      path: '/{subscriptionId}',
      name: 'DeleteSubscription',
      summary: 'Stop a subscription for good; deleting again answers the deleted subscription',
      answer: okAnswer('Subscription'),
      errors: ERRORS,
      authorize: authorizeSubscriber,
      run: (subscriptions, { caller, params }) => subscriptions.delete(caller, params.subscriptionId),
    }),
    op.json({
      method: 'post',
      path: '/{subscriptionId}/replay',
      name: 'ReplaySubscription',
      summary: 'Deliver again from a block on; a dead subscription becomes active',
      body: { dto: ReplayDto, schema: 'Replay' },
      answer: okAnswer('Subscription'),
      errors: [...ERRORS, 409],
      authorize: authorizeSubscriber,
      run: (subscriptions, { caller, params, body }) => subscriptions.replay(caller, params.subscriptionId, BigInt(body.fromBlock)),
    }),
    op.json({
      method: 'post',
      path: '/{subscriptionId}/redeliveries',
      name: 'Redeliver',
      summary: 'Send one event of the subscription again, now, once; answers the attempt',
      body: { dto: RedeliverDto, schema: 'Redeliver' },
      answer: okAnswer('DeliveryAttempt'),
      errors: ERRORS,
      authorize: authorizeSubscriber,
      run: (subscriptions, { caller, params, body }) => subscriptions.redeliver(caller, params.subscriptionId, body.eventId),
    }),
    op.json({
      method: 'get',
      path: '/{subscriptionId}/deliveries',
      name: 'ListDeliveries',
      summary: 'The delivery log: every attempt, newest first',
      query: {
        dto: DeliveriesQueryDto,
        parameters: [
          { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE } },
          {
            name: 'before',
            in: 'query',
            schema: { type: 'string', pattern: '^[1-9]\\d{0,15}$' },
            description: 'The `next` of the previous page',
          },
        ],
      },
      answer: DELIVERY_LOG_ANSWER,
      errors: ERRORS,
      authorize: authorizeSubscriber,
      run: (subscriptions, { caller, params, query }) =>
        subscriptions.deliveries(
          caller,
          params.subscriptionId,
          query.pageSize ?? DEFAULT_PAGE_SIZE,
          query.before === undefined ? undefined : Number(query.before),
        ),
    }),
  ],
};

/** The router of {@link SUBSCRIPTION_OPERATIONS}, to mount at {@link SUBSCRIPTIONS_BASE_PATH}. */
export function subscriptionRoutes(subscriptions: Subscriptions): Router {
  return operationRouter(SUBSCRIPTION_OPERATIONS, subscriptions);
}
