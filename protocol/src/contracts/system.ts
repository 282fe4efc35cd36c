/**
 * The default contract: liveness, smoke-test markers and the register of admitted organisations
 * (docs/rules.md#organisations).
 *
 * @packageDocumentation
 */
import { defineProtocol, read, write } from '../transactions';

/** The `system` contract's transactions, callable as `system:<Name>`; routes are relative to `/v1/system`. */
export const SYSTEM = defineProtocol('system', '/v1/system', {
  Ping: read([], 'Whether the chaincode answers, and its version'),
  PutMarker: write(['admin'], ['markerId', 'value'], 'Write a marker (platform admin): a network smoke test'),
  GetMarker: read(['markerId'], 'A marker'),
  AdmitOrganisation: write(
    ['admin'],
    ['mspId', 'rolesJson'],
    'Admit an organisation that joined the channel, with the roles its CA may issue (platform admin); the MSP id is the business id',
    'POST /organisations',
  ),
  GetOrganisation: read(['mspId'], 'An organisation, built in or admitted, with the roles its CA may issue', 'GET /organisations/{mspId}'),
  ListOrganisations: read(
    ['pageSize', 'bookmark'],
    'The organisations: the built-in ones on the first page, then those admitted, in MSP id order, one page',
    'GET /organisations',
  ),
});
