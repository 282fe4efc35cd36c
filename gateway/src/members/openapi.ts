import { KEY_ID_PATTERN } from '../auth/api-keys';
import type { OpenApiObject } from '../http/openapi-parts';
import { MAX_REQUEST_GRACE_SECONDS } from './members.dto';
import { MEMBER_ID_PATTERN, ROLES } from './roles';

const ID = { type: 'string', pattern: MEMBER_ID_PATTERN.source };
const KEY_ID = { type: 'string', pattern: KEY_ID_PATTERN.source, example: 'key_0123456789abcdef' };
const TIME = { type: 'string', format: 'date-time' };
const ERROR = { $ref: '#/components/responses/Error' };

const ERRORS: OpenApiObject = {
  '400': ERROR,
  '401': ERROR,
  '403': ERROR,
  '409': ERROR,
  '429': ERROR,
  '503': ERROR,
};

const MEMBER_PATH = { name: 'memberId', in: 'path', required: true, schema: ID };

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

/** Paths of ./members.routes.ts. */
export function memberOpenApiPaths(): OpenApiObject {
  const json = (ref: string): OpenApiObject => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
  return {
    '/v1/members': {
      post: {
        summary: "Register and enrol a member with the calling org admin's Fabric CA",
        description: 'Org admins only. The role must be one the admin\'s org issues; the API key is shown once.',
        tags: ['members'],
        security: [{ apiKey: [] }],
        requestBody: { required: true, content: json('RegisterMember') },
        responses: {
          '201': {
            description: 'Registered; `apiKey` is the new member\'s credential',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    { $ref: '#/components/schemas/Member' },
                    { type: 'object', required: ['apiKey', 'keyId'], properties: { apiKey: { type: 'string' }, keyId: KEY_ID } },
                  ],
                },
              },
            },
          },
          ...ERRORS,
        },
      },
    },
    '/v1/members/me': {
      get: {
        summary: 'The calling member, with the id of the API key used',
        tags: ['members'],
        security: [{ apiKey: [] }],
        responses: {
          '200': {
            description: 'The member',
            content: {
              'application/json': {
                schema: { allOf: [{ $ref: '#/components/schemas/Member' }, { type: 'object', required: ['keyId'], properties: { keyId: KEY_ID } }] },
              },
            },
          },
          '401': ERROR,
        },
      },
    },
    '/v1/members/{memberId}/keys': {
      get: {
        summary: "A member's API keys (ids and states, never the keys)",
        description: 'The member itself, or the admin of its organisation.',
        tags: ['members'],
        security: [{ apiKey: [] }],
        parameters: [MEMBER_PATH],
        responses: {
          '200': {
            description: 'Oldest first',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['memberId', 'items'],
                  properties: { memberId: ID, items: { type: 'array', items: { $ref: '#/components/schemas/ApiKey' } } },
                },
              },
            },
          },
          '400': ERROR,
          '401': ERROR,
          '403': ERROR,
          '404': ERROR,
          '429': ERROR,
        },
      },
      post: {
        summary: 'Rotate: issue a new API key; the other live keys expire after the grace period',
        description:
          "The member itself, or the admin of its organisation. The new key is shown once. The member's other live keys keep working " +
          'for `graceSeconds` (default and maximum: LOULAN_API_KEY_GRACE_SECONDS; 0 ends them at once) unless revoked sooner. ' +
          'At most 5 live keys per member (409 CONFLICT); a disabled member gets 409 CONFLICT.',
        tags: ['members'],
        security: [{ apiKey: [] }],
        parameters: [MEMBER_PATH],
        requestBody: { required: false, content: json('IssueKey') },
        responses: {
          '201': { description: 'Issued', content: json('IssuedApiKey') },
          '400': ERROR,
          '401': ERROR,
          '403': ERROR,
          '404': ERROR,
          '409': ERROR,
          '429': ERROR,
        },
      },
    },
    '/v1/members/{memberId}/keys/{keyId}': {
      delete: {
        summary: 'Revoke one API key at once',
        description: 'The member itself, or the admin of its organisation. The next request with the key is refused 401; revoking again answers the first revocation.',
        tags: ['members'],
        security: [{ apiKey: [] }],
        parameters: [MEMBER_PATH, { name: 'keyId', in: 'path', required: true, schema: KEY_ID }],
        responses: {
          '200': { description: 'The revoked key', content: json('ApiKey') },
          '400': ERROR,
          '401': ERROR,
          '403': ERROR,
          '404': ERROR,
          '429': ERROR,
        },
      },
    },
    '/v1/members/{memberId}/disable': {
      post: {
        summary: "Disable a member of the caller's organisation and revoke its certificate at the org CA",
        description:
          'The admin of its organisation only; org admins themselves cannot be disabled. Every key of the member stops working at once. ' +
          'The identity is then revoked at the Fabric CA (it can never enrol again) and the CA\'s CRL is answered, to be put into the ' +
          "organisation's channel MSP. When the CA is unreachable (503) the member stays disabled: repeat the request to finish.",
        tags: ['members'],
        security: [{ apiKey: [] }],
        parameters: [MEMBER_PATH],
        responses: {
          '200': { description: 'Disabled', content: json('DisabledMember') },
          '400': ERROR,
          '401': ERROR,
          '403': ERROR,
          '404': ERROR,
          '429': ERROR,
          '503': ERROR,
        },
      },
    },
  };
}
