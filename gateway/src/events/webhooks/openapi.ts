import { ID_PATTERN } from '../../http/dto-rules';
import { jsonContent, type OpenApiObject, schemaRef } from '../../http/openapi-parts';
import { EVENT_ID_PATTERN } from '../dtos';
import { EVENT_MODULES } from '../filter';
import { MAX_ATTEMPTS_LIMIT } from './config';
import { SECRET_PATTERN } from './dtos';

const TIME = { type: 'string', format: 'date-time' };
const BLOCK = { type: 'string', pattern: '^(0|[1-9]\\d{0,18})$', description: 'A block number (decimal: a 64-bit value)' };
const EVENT_ID = { type: 'string', pattern: EVENT_ID_PATTERN.source };
const TYPES = { type: 'array', maxItems: 64, items: { type: 'string', enum: [...EVENT_MODULES.keys()] } };

const SUBSCRIPTION_PROPERTIES: OpenApiObject = {
  subscriptionId: { type: 'string', pattern: '^sub-[0-9a-f]{32}$' },
  url: { type: 'string', format: 'uri' },
  types: { ...TYPES, nullable: true, description: 'The event names delivered; null for all' },
  account: { type: 'string', nullable: true, description: 'Only events concerning this account; null for all the owner may see' },
  state: {
    type: 'string',
    enum: ['active', 'dead', 'deleted'],
    description: '`dead`: an event failed maxAttempts times; replay to resume',
  },
  maxAttempts: { type: 'integer', minimum: 1, maximum: MAX_ATTEMPTS_LIMIT },
  after: { ...EVENT_ID, nullable: true, description: 'Deliveries go on after this event id (`<block>-999999`: after the whole block)' },
  failedAttempts: { type: 'integer', description: 'Failed attempts at the next event' },
  nextAttemptAt: { ...TIME, nullable: true },
  createdAt: TIME,
  updatedAt: TIME,
};

/** Schemas of the subscription routes, mirroring ./dtos.ts and ./service.ts. */
export const SUBSCRIPTION_SCHEMAS: OpenApiObject = {
  CreateSubscription: {
    type: 'object',
    additionalProperties: false,
    required: ['url'],
    properties: {
      url: { type: 'string', maxLength: 2048, description: "http(s) URL on the gateway's allow-list (LOULAN_WEBHOOK_ALLOWED_HOSTS)" },
      types: { ...TYPES, description: 'Event names; every name when absent' },
      module: { type: 'string', enum: [...new Set(EVENT_MODULES.values())], description: 'Only the events of this module' },
      account: {
        type: 'string',
        pattern: ID_PATTERN.source,
        description: 'Auditors and the platform admin: one account; others: their own',
      },
      secret: {
        type: 'string',
        pattern: SECRET_PATTERN.source,
        description: 'The HMAC key; made by the gateway (answered once) when absent',
      },
      maxAttempts: { type: 'integer', minimum: 1, maximum: MAX_ATTEMPTS_LIMIT, description: 'LOULAN_WEBHOOK_MAX_ATTEMPTS by default' },
      fromBlock: { ...BLOCK, description: "Deliver from this block on; by default from the read model's next block" },
    },
  },
  Subscription: { type: 'object', required: Object.keys(SUBSCRIPTION_PROPERTIES), properties: SUBSCRIPTION_PROPERTIES },
  CreatedSubscription: {
    type: 'object',
    required: [...Object.keys(SUBSCRIPTION_PROPERTIES), 'secret'],
    properties: { ...SUBSCRIPTION_PROPERTIES, secret: { type: 'string', description: 'The HMAC key of Loulan-Signature; keep it' } },
  },
  Replay: { type: 'object', additionalProperties: false, required: ['fromBlock'], properties: { fromBlock: BLOCK } },
  Redeliver: { type: 'object', additionalProperties: false, required: ['eventId'], properties: { eventId: EVENT_ID } },
  DeliveryAttempt: {
    type: 'object',
    required: ['attemptId', 'subscriptionId', 'eventId', 'attempt', 'manual', 'outcome', 'status', 'error', 'durationMs', 'at'],
    properties: {
      attemptId: { type: 'integer' },
      subscriptionId: { type: 'string' },
      eventId: EVENT_ID,
      attempt: { type: 'integer', description: 'Attempt number at this event; 0 for a manual redelivery' },
      manual: { type: 'boolean' },
      outcome: { type: 'string', enum: ['delivered', 'failed', 'dead-lettered'] },
      status: { type: 'integer', nullable: true, description: "The receiver's HTTP status; null when none came" },
      error: { type: 'string', nullable: true },
      durationMs: { type: 'integer' },
      at: TIME,
    },
  },
};

/** `{ items: [Subscription] }`. */
export const SUBSCRIPTION_LIST_ANSWER: OpenApiObject = {
  description: "The caller's subscriptions",
  content: jsonContent({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: schemaRef('Subscription') } } }),
};

/** One page of the delivery log. */
export const DELIVERY_LOG_ANSWER: OpenApiObject = {
  description: 'Delivery attempts, newest first',
  content: jsonContent({
    type: 'object',
    required: ['items', 'next'],
    properties: {
      items: { type: 'array', items: schemaRef('DeliveryAttempt') },
      next: { type: 'string', nullable: true, description: 'The `before` of the next page; null on the last' },
    },
  }),
};
