/**
 * The rules of an evidence record's arguments (docs/rules.md#evidence): pure functions, no Fabric
 * types, so that they are tested on their own and the transaction only wires them together.
 *
 * @packageDocumentation
 */
import { EVIDENCE_KINDS, type EvidenceKind, MAX_EVIDENCE_PARTIES, MAX_EVIDENCE_TITLE, SHA256_PATTERN } from '@loulan/protocol';

import { decodeJson, parseText } from '../ledger/args';
import { InvalidArgumentError } from '../ledger/errors';
import { requireKeyPart } from '../ledger/keys';
import { checkOccurredAt } from '../ledger/platform';
import { isoMillis, parseInstant } from '../ledger/time';

/** The checked metadata of a notarisation, before the ledger is consulted. */
export interface EvidenceTerms {
  readonly sha256: string;
  readonly kind: EvidenceKind;
  readonly parties: readonly string[];
  /** ISO 8601 UTC with milliseconds. */
  readonly occurredAt: string;
  readonly title: string | null;
}

/** The arguments of `evidence:Notarise` after its request id, as received. */
export interface NotariseArguments {
  readonly sha256: string;
  readonly kind: string;
  readonly partiesJson: string;
  readonly occurredAt: string;
  readonly title: string;
}

/**
 * @param value - the argument as received
 * @returns the hash, unchanged
 * @throws InvalidArgumentError unless it is 64 lower-case hex digits: one spelling per document,
 *   so that one hash has one key
 */
export function parseSha256(value: unknown): string {
  if (typeof value !== 'string' || !SHA256_PATTERN.test(value)) {
    throw new InvalidArgumentError('sha256 must be the SHA-256 of the document as 64 lower-case hex digits', {
      field: 'sha256',
      length: typeof value === 'string' ? value.length : null,
    });
  }
  return value;
}

/**
 * @param value - the argument as received
 * @returns the kind
 * @throws InvalidArgumentError unless it is one of {@link EVIDENCE_KINDS}
 */
export function parseKind(value: unknown): EvidenceKind {
  const kind = EVIDENCE_KINDS.find((item) => item === value);
  if (kind === undefined) {
    throw new InvalidArgumentError(`kind must be one of ${EVIDENCE_KINDS.join(', ')}`, { field: 'kind' });
  }
  return kind;
}

/**
 * @param json - a JSON array of account ids, `""` for none
 * @returns the accounts, distinct, in the order given
 * @throws InvalidArgumentError when it is not such an array of at most {@link MAX_EVIDENCE_PARTIES} ids
 */
export function parseParties(json: unknown): string[] {
  if (json === '') {
    return [];
  }
  const value = typeof json === 'string' && json.length <= 4096 ? decodeJson(json) : undefined;
  if (!Array.isArray(value) || value.length > MAX_EVIDENCE_PARTIES) {
    throw new InvalidArgumentError(`partiesJson must be an array of at most ${MAX_EVIDENCE_PARTIES} account ids`, {
      field: 'partiesJson',
    });
  }
  const items: unknown[] = value;
  const parties = items.map((item) => requireKeyPart(item, 'parties'));
  if (new Set(parties).size !== parties.length) {
    throw new InvalidArgumentError('the parties of a record are distinct', { field: 'partiesJson' });
  }
  return parties;
}

/**
 * @param value - the argument as received, `""` when the record names none
 * @returns the title, or null
 * @throws InvalidArgumentError when it is longer than {@link MAX_EVIDENCE_TITLE} or holds control characters
 */
export function parseTitle(value: unknown): string | null {
  return value === '' ? null : parseText(value, 'title', MAX_EVIDENCE_TITLE);
}

/**
 * When the document or event happened: the transaction time when left out, else an instant in the
 * window every recorded business event keeps to (docs/rules.md#points-occurred-at).
 *
 * @param value - the argument as received, `""` for the transaction time
 * @param txTimeMs - the transaction time
 * @param maxBackdateDays - the platform parameter
 * @returns ISO 8601 UTC with milliseconds
 * @throws InvalidArgumentError when it is not an instant, lies after the transaction or too long before it
 */
export function parseEvidenceTime(value: unknown, txTimeMs: number, maxBackdateDays: number): string {
  if (value === '') {
    return isoMillis(txTimeMs);
  }
  const occurredAtMs = parseInstant(value, 'occurredAt');
  checkOccurredAt(occurredAtMs, txTimeMs, maxBackdateDays);
  return isoMillis(occurredAtMs);
}

/**
 * Checks every argument of a notarisation.
 *
 * @param args - the arguments as received
 * @param txTimeMs - the transaction time
 * @param maxBackdateDays - the platform parameter
 * @returns the terms
 * @throws InvalidArgumentError naming the first argument at fault
 */
export function parseTerms(args: NotariseArguments, txTimeMs: number, maxBackdateDays: number): EvidenceTerms {
  return {
    sha256: parseSha256(args.sha256),
    kind: parseKind(args.kind),
    parties: parseParties(args.partiesJson),
    occurredAt: parseEvidenceTime(args.occurredAt, txTimeMs, maxBackdateDays),
    title: parseTitle(args.title),
  };
}
