import { Router } from 'express';
import { currentMember } from '../auth/authenticated-member';
import { validateBody, validateInput } from '../http/validate';
import type { MemberAdministration } from './member-admin';
import { IssueKeyDto, MemberKeyPathDto, MemberPathDto } from './members.dto';

/**
 * API keys and disabling (docs/security.md, "Member keys"): `GET` and `POST /v1/members/:memberId/keys`
 * (list; issue a new key, the others expire after the grace period), `DELETE
 * /v1/members/:memberId/keys/:keyId` (revoke at once) — by the member itself or its org admin — and
 * `POST /v1/members/:memberId/disable` by its org admin. Must be mounted behind `requireMember`.
 */
export function memberAdminRoutes(admin: MemberAdministration): Router {
  const router = Router();

  router.get('/v1/members/:memberId/keys', async (req, res) => {
    const { memberId } = await validateInput(MemberPathDto, req.params, 'path');
    res.json({ memberId, items: await admin.listKeys(currentMember(res), memberId) });
  });

  router.post('/v1/members/:memberId/keys', async (req, res) => {
    const { memberId } = await validateInput(MemberPathDto, req.params, 'path');
    const { graceSeconds } = await validateBody(IssueKeyDto, req.body);
    const issued = await admin.issueKey(currentMember(res), memberId, graceSeconds === undefined ? {} : { graceSeconds });
    res.status(201).json(issued);
  });

  router.delete('/v1/members/:memberId/keys/:keyId', async (req, res) => {
    const { memberId, keyId } = await validateInput(MemberKeyPathDto, req.params, 'path');
    res.json(await admin.revokeKey(currentMember(res), memberId, keyId));
  });

  router.post('/v1/members/:memberId/disable', async (req, res) => {
    const { memberId } = await validateInput(MemberPathDto, req.params, 'path');
    res.json(await admin.disable(currentMember(res), memberId));
  });

  return router;
}
