/**
 * The single place where world-state keys are built.
 *
 * Every key is a Fabric composite key `\u0000type\u0000part\u0000...` (written `type~part`
 * in docs and logs). Parts are checked against an allow-list so that client input can never
 * smuggle in the `\u0000` delimiter, forge another record type's key, or grow keys without
 * bound.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from './errors';

/**
 * Record types that own a key space. Listing them here keeps modules from picking the same
 * prefix by accident; a new module adds its type to this list. The key tables of
 * docs/points.md, docs/josp.md, docs/coupons.md, docs/shelf.md and docs/evidence.md say what each holds and why
 * it is shaped that way.
 */
export const KEY_TYPES = [
  'marker',
  // docs/rules.md#organisations: one record per admitted organisation, by MSP id.
  'organisation',
  'request',
  'account',
  'balance',
  'movement',
  'escrow',
  'supply',
  'holdingsum',
  'params',
  'merchant',
  'product',
  'sale',
  'order',
  'salesum',
  'salecut',
  'saleseg',
  'activity',
  'activitysum',
  'reward',
  'redemption',
  'jospplan',
  'jospplanby',
  'josptranche',
  'josproster',
  'jospposition',
  'jospqualified',
  'josploan',
  'josploanby',
  'shelfpost',
  'shelfpostid',
  'shelf',
  'shelfagreement',
  'shelfdevice',
  'shelfdeviceclaim',
  'shelfsale',
  'shelftally',
  'shelfbatch',
  'shelfstmt',
  'shelfstmtby',
  'cpnclass',
  'cpnbal',
  'cpnescrow',
  'cpnburn',
  'cpnclaim',
  'cpnclaimby',
  'cpnpresent',
  'cpnredeem',
  'cpnalliance',
  'cpnpayable',
  'cpnpaysum',
  'cpnclearing',
  'cpnlisting',
  'cpnorder',
  'cpnopen',
  'ppprogram',
  'ppbal',
  'ppescrow',
  // docs/evidence.md: one record per document hash, a recorder's records in time order, the parties' countersignatures.
  'evidence',
  'evidenceby',
  'evidencesign',
] as const;

/** A registered record type, the first segment of every key. */
export type KeyType = (typeof KEY_TYPES)[number];

/** Allowed shape of one key part: starts alphanumeric, then a small safe set, at most 128 chars. */
export const KEY_PART_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** The one stub capability key building needs, so it works with the real stub and test fakes. */
export interface CompositeKeyStub {
  createCompositeKey(objectType: string, attributes: string[]): string;
}

/**
 * Tells whether a value may be used as a key part.
 *
 * @param part - candidate key part, typically a client-supplied id
 * @returns true when `part` is a string matching {@link KEY_PART_PATTERN}
 */
export function isValidKeyPart(part: unknown): part is string {
  return typeof part === 'string' && KEY_PART_PATTERN.test(part);
}

/**
 * Checks a client-supplied identifier so that the error names the argument at fault.
 *
 * @param value - the argument as received
 * @param field - argument name reported in the error
 * @returns `value`, narrowed to string
 * @throws InvalidArgumentError when `value` is not a valid key part
 */
export function requireKeyPart(value: unknown, field: string): string {
  if (!isValidKeyPart(value)) {
    // The offending value is not echoed: it may be huge or hold control characters.
    throw new InvalidArgumentError(`${field} must be 1-128 characters of A-Z a-z 0-9 . _ : @ - and start with a letter or digit`, {
      field,
      length: typeof value === 'string' ? value.length : null,
    });
  }
  return value;
}

/**
 * Builds the composite key for one record.
 *
 * @param stub - anything that can create composite keys, normally `ctx.stub`
 * @param type - registered record type
 * @param parts - identifying parts, each checked against {@link KEY_PART_PATTERN}
 * @returns the composite key
 * @throws InvalidArgumentError when a part is not allowed
 */
export function stateKey(stub: CompositeKeyStub, type: KeyType, ...parts: string[]): string {
  const checked = partialKey(type, ...parts);
  if (checked.attributes.length === 0) {
    throw new InvalidArgumentError('a key needs at least one part', { type });
  }
  return stub.createCompositeKey(checked.objectType, [...checked.attributes]);
}

/**
 * Checks the key type at run time too: callers may reach here through untyped code, so the value
 * is taken as unknown and reported as text.
 */
function requireKeyType(type: unknown): void {
  if (!(KEY_TYPES as readonly unknown[]).includes(type)) {
    throw new InvalidArgumentError('unknown key type', { type: String(type) });
  }
}

/** The leading parts of composite keys, as range queries take them. */
export interface PartialKey {
  readonly objectType: KeyType;
  readonly attributes: readonly string[];
}

/**
 * Checks the leading parts of a key range, for `getStateByPartialCompositeKey` and its
 * paginated twin, with the same rules as {@link stateKey}. Zero parts means every key of
 * the type.
 *
 * @param type - registered record type
 * @param parts - leading parts, each checked against {@link KEY_PART_PATTERN}
 * @returns the checked type and parts
 * @throws InvalidArgumentError when the type is unknown or a part is not allowed
 */
export function partialKey(type: KeyType, ...parts: string[]): PartialKey {
  requireKeyType(type);
  parts.forEach((part, index) => {
    if (!isValidKeyPart(part)) {
      throw new InvalidArgumentError(`invalid part ${index} of a ${type} key`, { type, index });
    }
  });
  return { objectType: type, attributes: parts };
}

/**
 * Renders a composite key readably for messages and logs.
 *
 * @param key - a key as built by {@link stateKey}
 * @returns the key as `type~part~part`
 */
export function displayKey(key: string): string {
  return key
    .split('\u0000')
    .filter((segment) => segment !== '')
    .join('~');
}
