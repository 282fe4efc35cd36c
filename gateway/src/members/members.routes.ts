import type { Router } from 'express';

import { ForbiddenError } from '../errors';
import { type Operation, operationRouter, operationRows, type OperationTable } from '../http/operations';
import { view } from './member-service';
import { IssueKeyDto, KEY_ID_RULES, MEMBER_ID_RULES, RegisterMemberDto } from './members.dto';
import type { Members } from './open-members';
import {
  DISABLED_ANSWER,
  ISSUED_ANSWER,
  KEYS_ANSWER,
  ME_ANSWER,
  MEMBER_PATH_SCHEMAS,
  MEMBER_SCHEMAS,
  REGISTERED_ANSWER,
  REVOKED_ANSWER,
} from './openapi';

/** What the member handlers call. */
type MemberDeps = Pick<Members, 'registrar' | 'admin'>;

const MEMBERS = '/v1/members';
const op = operationRows<MemberDeps>();

/**
 * Members and their API keys (docs/security.md, "Member keys"): an org admin registers a member and
 * gets its API key, once; a member reads itself; the member or its org admin lists, issues (the others
 * expire after the grace period) and revokes keys; its org admin disables it. Paths are absolute:
 * the router is mounted at the root, behind `requireMember`.
 */
export const MEMBER_OPERATIONS: OperationTable<Operation<MemberDeps>> = {
  module: 'members',
  basePath: '',
  pathParameters: {
    memberId: { schema: MEMBER_PATH_SCHEMAS.memberId, rules: MEMBER_ID_RULES },
    keyId: { schema: MEMBER_PATH_SCHEMAS.keyId, rules: KEY_ID_RULES },
  },
  schemas: MEMBER_SCHEMAS,
  operations: [
    op.json({
      method: 'post',
      path: MEMBERS,
      name: 'Register',
      summary: "Register and enrol a member with the calling org admin's Fabric CA",
      description: "Org admins only. The role must be one the admin's org issues; the API key is shown once.",
      body: { dto: RegisterMemberDto, schema: 'RegisterMember' },
      status: 201,
      answer: REGISTERED_ANSWER,
      errors: [400, 401, 403, 409, 429, 503],
      // Checked before the body so non-admins learn nothing from validation messages.
      authorize: (caller) => {
        if (!caller.isOrgAdmin) {
          throw new ForbiddenError('only an organisation admin may register members');
        }
      },
      run: ({ registrar }, { caller, body }) => registrar.register(caller, body),
      // The answer carries a secret: no cache may keep it.
      send: (res, registered) => {
        res.status(201).set('Cache-Control', 'no-store').json(registered);
      },
    }),
    op.json({
      method: 'get',
      path: `${MEMBERS}/me`,
      name: 'Me',
      summary: 'The calling member, with the id of the API key used',
      answer: ME_ANSWER,
      errors: [401],
      run: (_deps, { caller }) => Promise.resolve({ ...view(caller), keyId: caller.keyId }),
    }),
    op.json({
      method: 'get',
      path: `${MEMBERS}/{memberId}/keys`,
      name: 'ListKeys',
      summary: "A member's API keys (ids and states, never the keys)",
      description: 'The member itself, or the admin of its organisation.',
      answer: KEYS_ANSWER,
      errors: [400, 401, 403, 404, 429],
      run: async ({ admin }, { caller, params }) => ({ memberId: params.memberId, items: await admin.listKeys(caller, params.memberId) }),
    }),
    op.json({
      method: 'post',
      path: `${MEMBERS}/{memberId}/keys`,
      name: 'IssueKey',
      summary: 'Rotate: issue a new API key; the other live keys expire after the grace period',
      description:
        "The member itself, or the admin of its organisation. The new key is shown once. The member's other live keys keep working " +
        'for `graceSeconds` (default and maximum: LOULAN_API_KEY_GRACE_SECONDS; 0 ends them at once) unless revoked sooner. ' +
        'At most 5 live keys per member (409 CONFLICT); a disabled member gets 409 CONFLICT.',
      body: { dto: IssueKeyDto, schema: 'IssueKey', required: false },
      status: 201,
      answer: ISSUED_ANSWER,
      errors: [400, 401, 403, 404, 409, 429],
      run: ({ admin }, { caller, params, body }) =>
        admin.issueKey(caller, params.memberId, body.graceSeconds === undefined ? {} : { graceSeconds: body.graceSeconds }),
    }),
    op.json({
      method: 'delete',
      path: `${MEMBERS}/{memberId}/keys/{keyId}`,
      name: 'RevokeKey',
      summary: 'Revoke one API key at once',
      description:
        'The member itself, or the admin of its organisation. The next request with the key is refused 401; revoking again answers the first revocation.',
      answer: REVOKED_ANSWER,
      errors: [400, 401, 403, 404, 429],
      run: ({ admin }, { caller, params }) => admin.revokeKey(caller, params.memberId, params.keyId),
    }),
    op.json({
      method: 'post',
      path: `${MEMBERS}/{memberId}/disable`,
      name: 'Disable',
      summary: "Disable a member of the caller's organisation and revoke its certificate at the org CA",
      description:
        'The admin of its organisation only; org admins themselves cannot be disabled. Every key of the member stops working at once. ' +
        "The identity is then revoked at the Fabric CA (it can never enrol again) and the CA's CRL is answered, to be put into the " +
        "organisation's channel MSP. When the CA is unreachable (503) the member stays disabled: repeat the request to finish.",
      answer: DISABLED_ANSWER,
      errors: [400, 401, 403, 404, 429, 503],
      run: ({ admin }, { caller, params }) => admin.disable(caller, params.memberId),
    }),
  ],
};

/** The router of {@link MEMBER_OPERATIONS}; mount it at the root behind `requireMember`. */
export function memberRoutes(members: Pick<Members, 'registrar' | 'admin'>): Router {
  return operationRouter(MEMBER_OPERATIONS, members);
}
