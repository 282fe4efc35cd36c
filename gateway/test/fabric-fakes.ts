import { common } from '@hyperledger/fabric-protos';

/**
 * The calls the tests make on a jspb.Map of a channel configuration group. google-protobuf's
 * typings are not installed, so fabric-protos' `get…Map()` answers a type that does not resolve;
 * {@link groupsOf} and {@link valuesOf} give it one, checking the class of each value they read.
 */
export interface ProtoMap<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  getLength(): number;
}

/** @returns the child groups of `group`, by name */
export function groupsOf(group: common.ConfigGroup): ProtoMap<common.ConfigGroup> {
  return typedMap(group.getGroupsMap(), common.ConfigGroup);
}

/** @returns the values of `group`, by name */
export function valuesOf(group: common.ConfigGroup): ProtoMap<common.ConfigValue> {
  return typedMap(group.getValuesMap(), common.ConfigValue);
}

interface UntypedMap {
  get(key: string): unknown;
  set(key: string, value: unknown): unknown;
  getLength(): number;
}

function typedMap<V>(map: unknown, type: new () => V): ProtoMap<V> {
  if (!isUntypedMap(map)) {
    throw new TypeError('expected a jspb.Map');
  }
  return {
    get: (key) => {
      const value = map.get(key);
      if (value === undefined || value instanceof type) {
        return value;
      }
      throw new TypeError(`the map holds no ${type.name} under ${key}`);
    },
    set: (key, value) => {
      map.set(key, value);
    },
    getLength: () => map.getLength(),
  };
}

function isUntypedMap(value: unknown): value is UntypedMap {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Partial<UntypedMap>;
  return typeof candidate.get === 'function' && typeof candidate.set === 'function' && typeof candidate.getLength === 'function';
}
