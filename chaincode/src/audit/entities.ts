/**
 * Which ledger keys hold the record of each business entity the audit history covers
 * (docs/audit.md "Entities"). Pure: key parts only, no Fabric types.
 *
 * @packageDocumentation
 */
import { parseDay } from '../ledger/day';
import { InvalidArgumentError } from '../ledger/errors';
import { type KeyType, requireKeyPart } from '../ledger/keys';
import { LANE_COUNT, laneKeyPart } from '../ledger/lanes';

/** Entity types whose history can be read. */
export const ENTITY_TYPES = ['account', 'couponClass', 'plan', 'loan', 'shelf', 'statement'] as const;

/** One entity type. */
export type EntityType = (typeof ENTITY_TYPES)[number];

/** A key holding (part of) an entity: its type and parts, as `stateKey` takes them. */
export interface EntityKey {
  readonly type: KeyType;
  readonly parts: readonly string[];
}

/** The checked entity and the keys whose versions make its history. */
export interface EntityKeys {
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly keys: readonly EntityKey[];
}

const SINGLE_KEY: Readonly<Record<Exclude<EntityType, 'account' | 'statement'>, KeyType>> = {
  couponClass: 'cpnclass',
  plan: 'jospplan',
  loan: 'josploan',
  shelf: 'shelf',
};

/**
 * Resolves an entity to its keys. An account is its balance lanes (every lane key, since
 * the history of a never-written key is simply empty); a statement's id is
 * `<shelfId>:<day>`, split at the last colon because a day holds none.
 *
 * @param entityType - one of {@link ENTITY_TYPES}
 * @param entityId - the entity's id
 * @returns the checked entity and its keys
 * @throws InvalidArgumentError for an unknown type or an id that is not a key part
 */
export function entityKeys(entityType: unknown, entityId: unknown): EntityKeys {
  if (typeof entityType !== 'string' || !(ENTITY_TYPES as readonly string[]).includes(entityType)) {
    throw new InvalidArgumentError(`entityType must be one of ${ENTITY_TYPES.join(', ')}`, { field: 'entityType' });
  }
  const type = entityType as EntityType;
  const id = requireKeyPart(entityId, 'entityId');
  if (type === 'account') {
    const keys = Array.from({ length: LANE_COUNT }, (_, lane): EntityKey => ({ type: 'balance', parts: [id, laneKeyPart(lane)] }));
    return { entityType: type, entityId: id, keys };
  }
  if (type === 'statement') {
    const split = id.lastIndexOf(':');
    if (split < 1) {
      throw new InvalidArgumentError('a statement id is <shelfId>:<YYYY-MM-DD>', { field: 'entityId' });
    }
    const shelfId = requireKeyPart(id.slice(0, split), 'entityId');
    const day = parseDay(id.slice(split + 1), 'entityId');
    return { entityType: type, entityId: id, keys: [{ type: 'shelfstmt', parts: [shelfId, day] }] };
  }
  return { entityType: type, entityId: id, keys: [{ type: SINGLE_KEY[type], parts: [id] }] };
}
