import type { EventMessage } from '../message';
import { SIGNATURE_HEADER, signDelivery } from './signature';

/** What one POST to a receiver came to. */
export interface DeliveryResult {
  /** A 2xx answer: the receiver has the event. */
  readonly ok: boolean;
  readonly status: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** One delivery to make: where, signed with what, which attempt. */
export interface DeliveryRequest {
  readonly url: string;
  readonly secret: string;
  readonly message: EventMessage;
  /** Sent as `Loulan-Delivery-Attempt`; 0 for a manual redelivery. */
  readonly attempt: number;
  readonly timeoutMs: number;
}

/** Makes one delivery; never throws. */
export type Deliver = (request: DeliveryRequest) => Promise<DeliveryResult>;

/** Longest receiver error text kept in the delivery log. */
const MAX_ERROR_LENGTH = 200;

/**
 * POSTs the event as JSON, signed (./signature.ts), with its id and name in headers so a receiver can
 * drop a duplicate before parsing. Redirects are not followed (a redirect could lead off the
 * allow-list): a 3xx counts as a failure like any other non-2xx answer. The answer's body is ignored.
 */
export const deliverOverHttp: Deliver = async ({ url, secret, message, attempt, timeoutMs }) => {
  const body = JSON.stringify(message);
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Loulan-Webhooks/1',
        'loulan-event-id': message.id,
        'loulan-event-type': message.name,
        'loulan-delivery-attempt': String(attempt),
        [SIGNATURE_HEADER]: signDelivery(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, error: ok ? null : `answered ${String(response.status)}`, durationMs: elapsed() };
  } catch (err) {
    return { ok: false, status: null, error: describe(err), durationMs: elapsed() };
  }
};

// fetch's errors are not Errors of this realm everywhere (jest's sandbox): read them structurally.
function describe(err: unknown): string {
  const { name, message, cause } = fieldsOf(err);
  if (name === 'TimeoutError') {
    return 'timed out';
  }
  const reason = fieldsOf(cause).message;
  return `${message ?? String(err)}${reason === undefined ? '' : `: ${reason}`}`.slice(0, MAX_ERROR_LENGTH);
}

function fieldsOf(value: unknown): { name?: unknown; message?: string; cause?: unknown } {
  if (typeof value !== 'object' || value === null) {
    return {};
  }
  const { name, message, cause } = value as { name?: unknown; message?: unknown; cause?: unknown };
  return { name, cause, ...(typeof message === 'string' ? { message } : {}) };
}
