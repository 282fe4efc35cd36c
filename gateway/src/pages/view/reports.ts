import { type JsonObject, textAt } from './json.js';
import type { NamedPayload } from './market.js';

/*
 * A shelf party's statements and reconciliation report (docs/shelf.md): the period asked for, the
 * shelves the party has, which statements it may still dispute, and the CSV report, which the
 * gateway answers a page at a time with the next page in a `Link` header.
 */

const DAY_MS = 86_400_000;
/** The longest period a report covers, in days (docs/shelf.md, "Reconciliation report"). */
export const MAX_REPORT_DAYS = 31;

/** A report's period: Shanghai days `yyyy-mm-dd`, both included. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

/** The `days` days ending with `today` (a Shanghai day). */
export function periodEnding(today: string, days: number): Period {
  const end = Date.parse(`${today}T00:00:00Z`);
  return { from: new Date(end - (days - 1) * DAY_MS).toISOString().slice(0, 10), to: today };
}

/** The URL of the `rel="next"` link of a `Link` header (RFC 8288), or null. */
export function nextLink(header: string | null): string | null {
  for (const part of (header ?? '').split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match?.[1] !== undefined && /\brel="?next"?/.test(match[2] ?? '')) {
      return match[1];
    }
  }
  return null;
}

/** The first line of a CSV text and the rest (the report's lines end with CRLF). */
function splitHeader(csv: string): { header: string; body: string } {
  const end = csv.indexOf('\n');
  return end < 0 ? { header: csv, body: '' } : { header: csv.slice(0, end + 1), body: csv.slice(end + 1) };
}

/** The pages of a CSV report as one file: the first page's header row once, then every page's rows. */
export function joinCsvPages(pages: readonly string[]): string {
  const [first, ...rest] = pages;
  if (first === undefined) {
    return '';
  }
  return [first, ...rest.map((page) => splitHeader(page).body)]
    .map((page) => (page === '' || page.endsWith('\n') ? page : `${page}\r\n`))
    .join('');
}

/** The file name of a party's report of a period. */
export function reportFileName(party: string, period: Period): string {
  return `shelf-report-${party.replace(/[^A-Za-z0-9._-]/g, '_')}-${period.from}-${period.to}.csv`;
}

/** Whether `party` may still dispute the statement at `now`: pending, and its window not closed. */
export function disputable(statement: JsonObject, now: Date): boolean {
  const until = Date.parse(textAt(statement, 'disputeUntil'));
  return textAt(statement, 'status') === 'pending' && !Number.isNaN(until) && now.getTime() <= until;
}

/** Whether the operator may record the payment at `now`: pending, and the dispute window closed. */
export function payable(statement: JsonObject, now: Date): boolean {
  const until = Date.parse(textAt(statement, 'disputeUntil'));
  return textAt(statement, 'status') === 'pending' && !Number.isNaN(until) && now.getTime() > until;
}

/** The shelves of the party: those of its report's statements and of its own shelf events, each once. */
export function shelfIdsOf(statements: readonly JsonObject[], events: readonly NamedPayload[]): string[] {
  const fromEvents = events.map((event) => textAt(event.payload, 'shelfId'));
  return [...new Set([...statements.map((s) => textAt(s, 'shelfId')), ...fromEvents])].filter((id) => id !== '–' && id !== '');
}

/** The agreement slot a shelf role signs: the field of its signature time and of its account. */
export function signatureSlot(role: string): { signedAt: string; account: string } | null {
  const slots: Readonly<Record<string, { signedAt: string; account: string }>> = {
    'shelf-operator': { signedAt: 'operatorSignedAt', account: 'operator' },
    'site-provider': { signedAt: 'siteProviderSignedAt', account: 'siteProvider' },
    supplier: { signedAt: 'supplierSignedAt', account: 'supplier' },
  };
  return slots[role] ?? null;
}

/** Whether the member (of `role`, account `me`) has yet to sign this proposed agreement version. */
export function awaitsSignature(agreement: JsonObject, role: string, me: string): boolean {
  const slot = signatureSlot(role);
  return (
    slot !== null &&
    textAt(agreement, 'status') === 'proposed' &&
    textAt(agreement, slot.account) === me &&
    typeof agreement[slot.signedAt] !== 'string'
  );
}
