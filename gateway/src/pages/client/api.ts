import { type JsonObject, objectOf, textAt } from '../view/json.js';

/*
 * The pages' only way to the gateway: the documented /v1 routes, the member's API key as a bearer
 * token (never in a URL), and a fresh Idempotency-Key on every write.
 */

/** A refused call: the HTTP status with the gateway's error code and message (docs: error format). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${status} ${code}: ${detail}`);
  }
}

/** Calls of one member. */
export interface Api {
  get(path: string): Promise<JsonObject>;
  post(path: string, body?: unknown): Promise<JsonObject>;
  put(path: string, body: unknown): Promise<JsonObject>;
  /** GET a text answer (CSV reports). */
  text(path: string): Promise<string>;
  /** GET one page of a paged text answer: its text and its `Link` header, which names the next page. */
  textPage(path: string): Promise<{ text: string; link: string | null }>;
}

/** Builds a path from fixed parts and encoded values: `path\`/v1/accounts/${id}\``. */
export function path(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

function idempotencyKey(): string {
  return `page-${crypto.randomUUID()}`;
}

async function call(key: string, method: string, url: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers['idempotency-key'] = idempotencyKey();
  }
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    const text = await response.text();
    const error = objectOf(text.startsWith('{') ? JSON.parse(text) : {});
    throw new ApiError(response.status, textAt(error, 'code'), textAt(error, 'message'));
  }
  return response;
}

async function json(response: Response): Promise<JsonObject> {
  const text = await response.text();
  return text === '' ? {} : objectOf(JSON.parse(text));
}

/** The API as the member with this key. */
export function memberApi(key: string): Api {
  return {
    get: async (url) => json(await call(key, 'GET', url, undefined)),
    post: async (url, body) => json(await call(key, 'POST', url, body)),
    put: async (url, body) => json(await call(key, 'PUT', url, body)),
    text: async (url) => (await call(key, 'GET', url, undefined)).text(),
    textPage: async (url) => {
      const response = await call(key, 'GET', url, undefined);
      return { text: await response.text(), link: response.headers.get('link') };
    },
  };
}

/** The `result` of a write's answer `{result, transactionId, blockNumber}`. */
export function resultOf(answer: JsonObject): JsonObject {
  return objectOf(answer['result']);
}
