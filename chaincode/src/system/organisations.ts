/**
 * The transactions of the register of admitted organisations (docs/rules.md#organisations): thin
 * adapters over ./admission.ts and the register in src/ledger/organisations.ts.
 *
 * @packageDocumentation
 */
import { isBuiltInMsp, ORGANISATION_ADMITTED_EVENT, ROLES_BY_MSP, SYSTEM } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { readingCaller } from '../ledger/accounts';
import { callerOf, requireRole } from '../ledger/caller';
import { organisations } from '../ledger/organisations';
import { parsePageSize } from '../ledger/paging';
import { stableStringify } from '../ledger/state';
import { txTimeIso } from '../ledger/tx';
import { admittedView, builtInView, decideAdmission, organisationsPage, parseAdmission, parseMspId } from './admission';

/**
 * AdmitOrganisation (platform admin): records the roles an organisation that joined the channel
 * may issue, once. A repeat with the same roles answers the stored record and writes nothing;
 * other roles for an admitted MSP id are refused with DUPLICATE_REQUEST, a built-in organisation
 * with ALREADY_EXISTS. Emits {@link ORGANISATION_ADMITTED_EVENT} with the answer when, and only
 * when, it writes.
 *
 * @param ctx - transaction context
 * @param mspId - the organisation's MSP id, e.g. `PartnerMSP`
 * @param rolesJson - JSON array of the roles its CA may issue, e.g. `["merchant","supplier"]`
 * @returns the organisation as JSON
 */
export async function admitOrganisation(ctx: Context, mspId: string, rolesJson: string): Promise<string> {
  // Who may issue which role is the network's trust, which the platform admin alone extends.
  const caller = requireRole(await callerOf(ctx), ...SYSTEM.transactions.AdmitOrganisation.roles);
  const input = parseAdmission(mspId, rolesJson);
  const admission = {
    admittedBy: ctx.clientIdentity.getID(),
    admittedByMsp: caller.msp,
    txId: ctx.stub.getTxID(),
    admittedAt: txTimeIso(ctx.stub),
  };
  const outcome = decideAdmission(await organisations.read(ctx.stub, input.mspId), input, admission);
  const json = stableStringify(admittedView(outcome.record));
  if (outcome.kind === 'create') {
    await organisations.write(ctx.stub, outcome.record, outcome.record.mspId);
    ctx.stub.setEvent(ORGANISATION_ADMITTED_EVENT, Buffer.from(json, 'utf8'));
  }
  return json;
}

/**
 * GetOrganisation (any member): a built-in organisation with its fixed roles, or an admitted one
 * with its record.
 *
 * @param ctx - transaction context
 * @param mspId - the organisation's MSP id
 * @returns the organisation as JSON
 * @throws NotFoundError when the MSP is neither built in nor admitted
 */
export async function getOrganisation(ctx: Context, mspId: string): Promise<string> {
  await readingCaller(ctx);
  const id = parseMspId(mspId);
  const view = isBuiltInMsp(id) ? builtInView(id) : admittedView(await organisations.require(ctx.stub, 'mspId', id));
  return stableStringify(view);
}

/**
 * ListOrganisations (any member): the built-in organisations on the first page, then one page of
 * the admitted ones in MSP id order.
 *
 * @param ctx - transaction context
 * @param pageSize - 1 to 100 admitted organisations
 * @param bookmark - `""` for the first page, else the bookmark of the previous one
 * @returns `{items, bookmark}` as JSON
 */
export async function listOrganisations(ctx: Context, pageSize: string, bookmark: string): Promise<string> {
  await readingCaller(ctx);
  const admitted = await organisations.page(ctx.stub, parsePageSize(pageSize), bookmark);
  return stableStringify(organisationsPage(Object.keys(ROLES_BY_MSP), admitted, bookmark === ''));
}
