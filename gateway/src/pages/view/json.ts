/*
 * Reading the untyped JSON of the REST answers and stream events safely: every view takes its fields
 * through these, so a missing or mistyped field shows as a dash rather than breaking the page.
 */

/** A JSON object. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** `value` as a JSON object, or an empty one when it is not one. */
export function objectOf(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** The elements of the array `obj[name]` that are objects; an empty list when it is not an array. */
export function objectsAt(obj: JsonObject, name: string): JsonObject[] {
  const value = obj[name];
  return Array.isArray(value) ? value.map(objectOf) : [];
}

/** `obj[name]` as text: strings as they are, numbers and booleans printed, anything else `–`. */
export function textAt(obj: JsonObject, name: string): string {
  const value = obj[name];
  if (typeof value === 'string') {
    return value;
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '–';
}

/** `obj[name]` as a number (numeric strings too), or null. */
export function numberAt(obj: JsonObject, name: string): number | null {
  const value = obj[name];
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : null;
}
