import type { OpenApiObject } from '../http/openapi-parts';
import { MEMBER_ID_PATTERN, ROLES } from './roles';

const ID = { type: 'string', pattern: MEMBER_ID_PATTERN.source };

const ERRORS: OpenApiObject = {
  '400': { $ref: '#/components/responses/Error' },
  '401': { $ref: '#/components/responses/Error' },
  '403': { $ref: '#/components/responses/Error' },
  '409': { $ref: '#/components/responses/Error' },
  '503': { $ref: '#/components/responses/Error' },
};

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
      role: { type: 'string' },
      account: { ...ID, nullable: true },
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
                    { type: 'object', required: ['apiKey'], properties: { apiKey: { type: 'string' } } },
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
        summary: 'The calling member',
        tags: ['members'],
        security: [{ apiKey: [] }],
        responses: { '200': { description: 'The member', content: json('Member') }, '401': ERRORS['401'] },
      },
    },
  };
}
