/**
 * The statement of a settled shelf-day and the parsers that check it when read back.
 *
 * @packageDocumentation
 */
import { readFields } from '../ledger/reader';
import type { Parser } from '../ledger/state';
import { SIGNED, oneOf } from './records';

/** Life of a statement. */
export type StatementStatus = 'pending' | 'disputed' | 'paid';

/** A settled shelf-day. */
export type Statement = {
  readonly shelfId: string;
  readonly day: string;
  readonly version: number;
  readonly operator: string;
  readonly siteProvider: string;
  readonly supplier: string;
  readonly supplierBps: number;
  readonly operatorBps: number;
  readonly siteBps: number;
  readonly feeBps: number;
  readonly revenueFen: number;
  readonly costFen: number;
  readonly feeFen: number;
  readonly profitFen: number;
  readonly supplierFen: number;
  readonly operatorFen: number;
  readonly siteFen: number;
  readonly operatorLossFen: number;
  readonly lines: number;
  readonly adjustmentLines: number;
  readonly adjustmentDays: readonly string[];
  readonly salesHash: string;
  readonly status: StatementStatus;
  readonly settledAt: string;
  readonly settledBy: string;
  readonly disputeUntil: string;
  readonly disputedBy: string | null;
  readonly disputeReason: string | null;
  readonly resolution: string | null;
  readonly resolutionNote: string | null;
  readonly resolvedAt: string | null;
  readonly transferRef: string | null;
  readonly paidAt: string | null;
  readonly txId: string;
};

/** A party's pointer to a statement. */
export type StatementIndex = { readonly shelfId: string; readonly day: string };

/** @returns the checked statement */
export const parseStatement: Parser<Statement> = (value) => {
  const f = readFields(value, 'statement');
  const amount = (name: string): number => f.integer(name, SIGNED);
  return {
    shelfId: f.string('shelfId'),
    day: f.string('day'),
    version: f.integer('version', 1),
    operator: f.string('operator'),
    siteProvider: f.string('siteProvider'),
    supplier: f.string('supplier'),
    supplierBps: f.integer('supplierBps'),
    operatorBps: f.integer('operatorBps'),
    siteBps: f.integer('siteBps'),
    feeBps: f.integer('feeBps'),
    revenueFen: amount('revenueFen'),
    costFen: amount('costFen'),
    feeFen: amount('feeFen'),
    profitFen: amount('profitFen'),
    supplierFen: amount('supplierFen'),
    operatorFen: amount('operatorFen'),
    siteFen: amount('siteFen'),
    operatorLossFen: f.integer('operatorLossFen'),
    lines: f.integer('lines'),
    adjustmentLines: f.integer('adjustmentLines'),
    adjustmentDays: f.list('adjustmentDays', (item) => {
      if (typeof item !== 'string') throw new Error('statement.adjustmentDays holds a non-string');
      return item;
    }),
    salesHash: f.string('salesHash'),
    status: oneOf(f.string('status'), ['pending', 'disputed', 'paid'] as const, 'statement.status'),
    settledAt: f.string('settledAt'),
    settledBy: f.string('settledBy'),
    disputeUntil: f.string('disputeUntil'),
    disputedBy: f.stringOrNull('disputedBy'),
    disputeReason: f.stringOrNull('disputeReason'),
    resolution: f.stringOrNull('resolution'),
    resolutionNote: f.stringOrNull('resolutionNote'),
    resolvedAt: f.stringOrNull('resolvedAt'),
    transferRef: f.stringOrNull('transferRef'),
    paidAt: f.stringOrNull('paidAt'),
    txId: f.string('txId'),
  };
};

/** @returns the checked statement index entry */
export const parseStatementIndex: Parser<StatementIndex> = (value) => {
  const f = readFields(value, 'statement index');
  return { shelfId: f.string('shelfId'), day: f.string('day') };
};
