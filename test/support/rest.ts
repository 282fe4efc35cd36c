/**
 * A small REST client for end-to-end tests: every call goes to the gateway that `make up`
 * started, as a retailer's or an app's HTTP client would make it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { gatewayUrl } from './fabric';
import { STATE_DIR } from './network';

/** Status and parsed JSON body of one response. */
export interface RestResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/** Options of one call. */
export interface CallOptions {
  /** Sent as the Idempotency-Key header (the business id of a write). */
  readonly idempotencyKey?: string;
}

/** Suffix that keeps ids of one test run apart from earlier runs on the same network. */
export const RUN_ID = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

/** An id unique to this test run, e.g. `consumer-a-lx3k9f2a1b`. */
export function uniqueId(name: string): string {
  return `${name}-${RUN_ID}`;
}

/** A fresh Idempotency-Key. */
export function newKey(): string {
  return `req-${randomBytes(12).toString('hex')}`;
}

/** The API key the network scripts created for an org's admin (a first org, or one `make add-org` added). */
export function orgAdminKey(org: string): string {
  return readFileSync(join(STATE_DIR, 'gateway/api-keys', `${org}-admin.key`), 'utf8').trim();
}

/** A REST client acting with one API key (or none). */
export class RestClient {
  constructor(private readonly apiKey: string | undefined) {}

  /** GET `path`. */
  get(path: string): Promise<RestResponse> {
    return this.call('GET', path, undefined, {});
  }

  /** GET `path` as a stream (`text/event-stream`): the raw response, its body unread. */
  async openStream(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    const auth: Record<string, string> = this.apiKey === undefined ? {} : { authorization: `Bearer ${this.apiKey}` };
    return fetch(`${gatewayUrl()}${path}`, { headers: { ...auth, accept: 'text/event-stream', ...headers }, signal });
  }

  /** POST `body` to `path`; writes other than purchases get a fresh Idempotency-Key unless one is given. */
  post(path: string, body: unknown, options: CallOptions = {}): Promise<RestResponse> {
    return this.call('POST', path, body, options);
  }

  /** DELETE `path`. */
  delete(path: string): Promise<RestResponse> {
    return this.call('DELETE', path, undefined, {});
  }

  /** PUT `body` to `path`. */
  put(path: string, body: unknown, options: CallOptions = {}): Promise<RestResponse> {
    return this.call('PUT', path, body, options);
  }

  private async call(method: string, path: string, body: unknown, options: CallOptions): Promise<RestResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.apiKey !== undefined) {
      headers.authorization = `Bearer ${this.apiKey}`;
    }
    if (method !== 'GET') {
      headers['idempotency-key'] = options.idempotencyKey ?? newKey();
    }
    const response = await fetch(`${gatewayUrl()}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: parseBody(text, method, path, response.status), headers: response.headers };
  }
}

function parseBody(text: string, method: string, path: string, status: number): Record<string, unknown> {
  if (text === '') {
    return {};
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${method} ${path} answered ${status} with a body that is not a JSON object: ${text}`);
  }
  return parsed as Record<string, unknown>;
}

/** Registers a member through its org admin and returns a client acting as that member. */
export async function registerMember(admin: RestClient, memberId: string, role: string, account?: string): Promise<RestClient> {
  const response = await admin.post('/v1/members', { memberId, role, ...(account === undefined ? {} : { account }) });
  if (response.status !== 201 || typeof response.body.apiKey !== 'string') {
    throw new Error(`registering ${memberId} as ${role} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return new RestClient(response.body.apiKey);
}

/** Reads a numeric field of a response body, failing loudly when it is missing. */
export function numberField(body: Record<string, unknown>, field: string): number {
  const value = body[field];
  if (typeof value !== 'number') {
    throw new Error(`expected a number in '${field}' of ${JSON.stringify(body)}`);
  }
  return value;
}
