/**
 * What the write of the default `system` contract answers and emits.
 *
 * @packageDocumentation
 */
import { SYSTEM } from '../contracts/system';
import type { WriteName } from '../transactions';
import { INSTANT, object, type ResultSchema, TEXT } from './schema';

/** The result of every write of `system`, by transaction. */
export const SYSTEM_RESULTS = {
  PutMarker: object({ markerId: TEXT, value: TEXT, txId: TEXT, txTime: INSTANT, creatorMsp: TEXT }),
} satisfies Record<WriteName<typeof SYSTEM>, ResultSchema>;
