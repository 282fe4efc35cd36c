/**
 * The signature of a webhook delivery (docs/events.md, "Verifying a delivery"): the header
 * `Loulan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`.
 * Signing the time with the body lets a receiver refuse a captured delivery replayed later.
 *
 * @packageDocumentation
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature. */
export const SIGNATURE_HEADER = 'Loulan-Signature';

/** How old a signature a receiver should accept, in seconds: the replay window the docs recommend. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** A new subscription secret when its creator gives none: 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

/**
 * @param secret - the subscription's secret
 * @param body - the exact bytes sent
 * @param unixSeconds - the time of signing
 * @returns the value of {@link SIGNATURE_HEADER}
 */
export function signDelivery(secret: string, body: string, unixSeconds: number): string {
  return `t=${String(unixSeconds)},v1=${hmacHex(secret, unixSeconds, body)}`;
}

/**
 * What a receiver does with a delivery: true when the header names a time within the tolerance of
 * `nowSeconds` and a v1 signature of that time and body under `secret`.
 */
export function verifyDelivery(secret: string, body: string, header: string, nowSeconds: number): boolean {
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]));
  const time = Number(parts.get('t'));
  const signature = parts.get('v1');
  if (!Number.isSafeInteger(time) || signature === undefined || Math.abs(nowSeconds - time) > SIGNATURE_TOLERANCE_SECONDS) {
    return false;
  }
  const expected = Buffer.from(hmacHex(secret, time, body), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function hmacHex(secret: string, unixSeconds: number, body: string): string {
  return createHmac('sha256', secret)
    .update(`${String(unixSeconds)}.${body}`)
    .digest('hex');
}
