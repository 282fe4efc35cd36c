/**
 * Typed access to the maps of a channel configuration group. google-protobuf's typings are not installed,
 * so fabric-protos' `getGroupsMap()` and `getValuesMap()` answer a type that does not resolve; these give
 * it one, checking the class of each value they read.
 *
 * @packageDocumentation
 */
import { common } from '@hyperledger/fabric-protos';

/** The calls the gateway makes on a jspb.Map of a configuration group, keyed by name. */
export interface ConfigMap<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  forEach(callback: (value: V, key: string) => void): void;
}

/** @returns the child groups of `group`, by name */
export function groupsOf(group: common.ConfigGroup): ConfigMap<common.ConfigGroup> {
  return typedMap(group.getGroupsMap(), common.ConfigGroup);
}

/** @returns the values of `group`, by name */
export function valuesOf(group: common.ConfigGroup): ConfigMap<common.ConfigValue> {
  return typedMap(group.getValuesMap(), common.ConfigValue);
}

/** @returns the policies of `group`, by name */
export function policiesOf(group: common.ConfigGroup): ConfigMap<common.ConfigPolicy> {
  return typedMap(group.getPoliciesMap(), common.ConfigPolicy);
}

interface UntypedMap {
  get(key: string): unknown;
  set(key: string, value: unknown): unknown;
  forEach(callback: (value: unknown, key: unknown) => void): void;
}

function typedMap<V>(map: unknown, type: new () => V): ConfigMap<V> {
  if (!isUntypedMap(map)) {
    throw new TypeError('expected a jspb.Map');
  }
  const checked = (value: unknown, key: unknown): V => {
    if (value instanceof type) {
      return value;
    }
    throw new TypeError(`the map holds no ${type.name} under ${String(key)}`);
  };
  return {
    get: (key) => {
      const value = map.get(key);
      return value === undefined ? undefined : checked(value, key);
    },
    set: (key, value) => {
      map.set(key, value);
    },
    forEach: (callback) => {
      map.forEach((value, key) => {
        if (typeof key !== 'string') {
          throw new TypeError(`the map has a key that is no name: ${String(key)}`);
        }
        callback(checked(value, key), key);
      });
    },
  };
}

function isUntypedMap(value: unknown): value is UntypedMap {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Partial<UntypedMap>;
  return typeof candidate.get === 'function' && typeof candidate.set === 'function' && typeof candidate.forEach === 'function';
}
