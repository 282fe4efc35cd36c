import { Router } from 'express';
import { currentMember } from '../auth/authenticated-member';
import { ForbiddenError } from '../errors';
import { validateBody } from '../http/validate';
import { view, type MemberRegistrar } from './member-service';
import { RegisterMemberDto } from './members.dto';

/**
 * `POST /v1/members` (org admins register a member and get its API key, once) and
 * `GET /v1/members/me` (with the id of the API key used). Must be mounted behind `requireMember`.
 */
export function memberRoutes(registrar: MemberRegistrar): Router {
  const router = Router();

  router.post('/v1/members', async (req, res) => {
    const admin = currentMember(res);
    // Checked before the body so non-admins learn nothing from validation messages.
    if (!admin.isOrgAdmin) {
      throw new ForbiddenError('only an organisation admin may register members');
    }
    const body = await validateBody(RegisterMemberDto, req.body);
    const registered = await registrar.register(admin, body);
    // The answer carries a secret: no cache may keep it.
    res.status(201).set('Cache-Control', 'no-store').json(registered);
  });

  router.get('/v1/members/me', (_req, res) => {
    const member = currentMember(res);
    res.json({ ...view(member), keyId: member.keyId });
  });

  return router;
}
