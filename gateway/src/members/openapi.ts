import { MEMBER_ID_PATTERN, ROLES } from '@loulan/protocol';

import { KEY_ID_PATTERN } from '../auth/api-keys';
import { jsonContent, type OpenApiObject, schemaRef } from '../http/openapi-parts';
import { MAX_REQUEST_GRACE_SECONDS } from './members.dto';

const ID = { type: 'string', pattern: MEMBER_ID_PATTERN.source };
const KEY_ID = { type: 'string', pattern: KEY_ID_PATTERN.source, example: 'key_0123456789abcdef' };
const TIME = { type: 'string', format: 'date-time' };

/** Schemas of the member path parameters. */
export const MEMBER_PATH_SCHEMAS = { memberId: ID, keyId: KEY_ID } as const satisfies Record<string, OpenApiObject>;

/** Schemas of the member routes, mirroring ./members.dto.ts and the route answers. */
export const MEMBER_SCHEMAS: OpenApiObject = {
  RegisterMember: {
    type: 'object',
    additionalProperties: false,
    required: ['memberId', 'role'],
    properties: { memberId: ID, role: { type: 'string', enum: [...ROLES] }, account: ID },
  },
  Member: {
    type: 'object',
    required: ['memberId', 'org', 'mspId', 'role'],
    properties: {
      memberId: ID,
      org: { type: 'string' },
      mspId: { type: 'string' },
      role: { type: 'string', description: 'A ledger role, or `org-admin` for the retail and bank organisation admins' },
      account: { ...ID, nullable: true },
    },
  },
  IssueKey: {
    type: 'object',
    additionalProperties: false,
    properties: {
      graceSeconds: {
        type: 'integer',
        minimum: 0,
        maximum: MAX_REQUEST_GRACE_SECONDS,
        description: "How long the member's other keys keep working; at most, and by default, the gateway's LOULAN_API_KEY_GRACE_SECONDS",
      },
    },
  },
  ApiKey: {
    type: 'object',
    required: ['keyId', 'source', 'status', 'createdAt', 'expiresAt', 'revokedAt', 'current'],
    properties: {
      keyId: KEY_ID,
      source: { type: 'string', enum: ['configuration', 'issued'] },
      status: { type: 'string', enum: ['live', 'expired', 'revoked'] },
      createdAt: TIME,
      expiresAt: { ...TIME, nullable: true },
      revokedAt: { ...TIME, nullable: true },
      current: { type: 'boolean', description: 'The key this request came with' },
    },
  },
  IssuedApiKey: {
    type: 'object',
    required: ['memberId', 'keyId', 'apiKey', 'createdAt', 'previousKeysExpireAt'],
    properties: {
      memberId: ID,
      keyId: KEY_ID,
      apiKey: { type: 'string', description: 'The new key, shown once' },
      createdAt: TIME,
      previousKeysExpireAt: TIME,
    },
  },
  DisabledMember: {
    type: 'object',
    required: ['memberId', 'disabledAt', 'certificateRevokedAt', 'revokedCertificates', 'crlPem'],
    properties: {
      memberId: ID,
      disabledAt: TIME,
      certificateRevokedAt: TIME,
      revokedCertificates: {
        type: 'array',
        items: { type: 'object', required: ['serial', 'aki'], properties: { serial: { type: 'string' }, aki: { type: 'string' } } },
      },
      crlPem: { type: 'string', nullable: true, description: "The org CA's CRL after this revocation, for the channel MSP" },
    },
  },
};

const MEMBER = schemaRef('Member');

/** `201` of `POST /v1/members`. */
export const REGISTERED_ANSWER: OpenApiObject = {
  description: "Registered; `apiKey` is the new member's credential",
  content: jsonContent({
    allOf: [MEMBER, { type: 'object', required: ['apiKey', 'keyId'], properties: { apiKey: { type: 'string' }, keyId: KEY_ID } }],
  }),
};

/** `200` of `GET /v1/members/me`. */
export const ME_ANSWER: OpenApiObject = {
  description: 'The member',
  content: jsonContent({ allOf: [MEMBER, { type: 'object', required: ['keyId'], properties: { keyId: KEY_ID } }] }),
};

/** `200` of `GET /v1/members/{memberId}/keys`. */
export const KEYS_ANSWER: OpenApiObject = {
  description: 'Oldest first',
  content: jsonContent({
    type: 'object',
    required: ['memberId', 'items'],
    properties: { memberId: ID, items: { type: 'array', items: schemaRef('ApiKey') } },
  }),
};

/** `201` of `POST /v1/members/{memberId}/keys`. */
export const ISSUED_ANSWER: OpenApiObject = { description: 'Issued', content: jsonContent(schemaRef('IssuedApiKey')) };

/** `200` of `DELETE /v1/members/{memberId}/keys/{keyId}`. */
export const REVOKED_ANSWER: OpenApiObject = { description: 'The revoked key', content: jsonContent(schemaRef('ApiKey')) };

/** `200` of `POST /v1/members/{memberId}/disable`. */
export const DISABLED_ANSWER: OpenApiObject = { description: 'Disabled', content: jsonContent(schemaRef('DisabledMember')) };
