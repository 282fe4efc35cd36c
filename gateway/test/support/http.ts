/**
 * Typed views of supertest response bodies. supertest types `body` as `any`, which the type-aware lint
 * rules refuse to read; these check the shape a test relies on and hand the fields out as `unknown`,
 * for the test's assertions to pin down.
 */
import type { Response } from 'supertest';

/** A JSON object whose fields a test has not narrowed yet. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** `value` as a JSON object; throws, naming `what`, when it is none (an array is none). */
export function jsonObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what} is not a JSON object: ${JSON.stringify(value)}`);
  }
  return value as JsonObject;
}

/** The JSON object a response carries. */
export function bodyOf(res: Response): JsonObject {
  return jsonObject(res.body, 'the response body');
}

/** The `items` of a page answer, each a JSON object. */
export function itemsOf(res: Response): JsonObject[] {
  const { items } = bodyOf(res);
  if (!Array.isArray(items)) {
    throw new Error(`the response body's items are not an array: ${JSON.stringify(items)}`);
  }
  return items.map((item: unknown, index) => jsonObject(item, `item ${index} of the response body`));
}

/**
 * The names of the fields a VALIDATION_FAILED answer refuses, the keys of its `details.fields`;
 * none when the body names no fields.
 */
export function invalidFieldsOf(res: Response): string[] {
  const { details } = bodyOf(res);
  if (details === undefined) {
    return [];
  }
  const { fields } = jsonObject(details, 'the error details');
  return fields === undefined ? [] : Object.keys(jsonObject(fields, 'the fields of the error details'));
}

/**
 * Asserts a 400 VALIDATION_FAILED answer that names `field` among the fields it refuses.
 *
 * @param res - the answer
 * @param field - e.g. `points` or `lines.0.amountFen`
 */
export function expectRefusedField(res: Response, field: string): void {
  expect(res.status).toBe(400);
  expect(bodyOf(res).code).toBe('VALIDATION_FAILED');
  expect(invalidFieldsOf(res)).toContain(field);
}

/** The lines of a CSV answer's text (CRLF line ends), the last line's end dropped. */
export function csvLines(text: string): string[] {
  return text.replace(/\r\n$/, '').split('\r\n');
}
