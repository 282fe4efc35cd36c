/**
 * The default contract: liveness and smoke-test markers.
 *
 * @packageDocumentation
 */
import { defineProtocol, read, write } from '../transactions';

/** The `system` contract's transactions, callable as `system:<Name>`; routes are relative to `/`. */
export const SYSTEM = defineProtocol('system', '', {
  Ping: read([], 'Whether the chaincode answers, and its version'),
  PutMarker: write(['admin'], ['markerId', 'value'], 'Write a marker (platform admin): a network smoke test'),
  GetMarker: read(['markerId'], 'A marker'),
});
