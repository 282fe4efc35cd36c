import { appErrorClass } from '../../errors';

/** A webhook URL the gateway will not call: not http(s), with credentials, or on a host outside the allow-list. */
export const UrlNotAllowedError = appErrorClass('UrlNotAllowedError', 'URL_NOT_ALLOWED');
export type UrlNotAllowedError = InstanceType<typeof UrlNotAllowedError>;

/** Longest accepted webhook URL. */
const MAX_URL_LENGTH = 2_048;

/**
 * Checks a webhook URL against the allow-list (SSRF: the gateway sits inside the consortium's
 * network and must not be made to call its neighbours). An entry is a host name or address as a URL
 * writes it (`127.0.0.1`, `[::1]`, `hooks.example.com`) or `*.` and a domain for its sub-domains.
 * The URL's host is compared in the form the WHATWG URL parser gives it, so `http://2130706433/` is
 * `127.0.0.1` and `HTTP://LOCALHOST` is `localhost`.
 *
 * @param url - the URL as the subscriber gave it
 * @param allowedHosts - lower-case host entries
 * @returns the normalised URL
 * @throws UrlNotAllowedError (400) naming what is wrong
 */
export function allowedWebhookUrl(url: string, allowedHosts: readonly string[]): string {
  const parsed = URL.canParse(url) && url.length <= MAX_URL_LENGTH ? new URL(url) : undefined;
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new UrlNotAllowedError('url must be an absolute http or https URL of at most 2048 characters', { details: { url } });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new UrlNotAllowedError('url must not carry credentials: deliveries are authenticated by their signature', {
      details: { host: parsed.hostname },
    });
  }
  if (!allowedHosts.some((entry) => hostMatches(parsed.hostname, entry))) {
    throw new UrlNotAllowedError(`host ${parsed.hostname} is not on this gateway's webhook allow-list`, {
      details: { host: parsed.hostname, allowedHosts },
    });
  }
  parsed.hash = '';
  return parsed.toString();
}

function hostMatches(host: string, entry: string): boolean {
  return entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry;
}
