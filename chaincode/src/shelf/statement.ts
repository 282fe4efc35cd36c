/**
 * The statement of a settled shelf-day and the parsers that check it when read back, declared
 * by shape with ledger/schema.ts.
 *
 * @packageDocumentation
 */
import { count, oneOf, positive, record, signed, text, textList, textOrNull } from '../ledger/schema';
import { SPLIT_SHAPE } from './records';
import type { SettlementAmounts, Split } from './settlement';

/** Life of a statement. */
export type StatementStatus = 'pending' | 'disputed' | 'paid';

/** A settled shelf-day: the agreement's parties and split, and what the settlement owes. */
export type Statement = Split &
  SettlementAmounts & {
    readonly shelfId: string;
    readonly day: string;
    readonly version: number;
    readonly operator: string;
    readonly siteProvider: string;
    readonly supplier: string;
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

/** Checks a statement. */
export const parseStatement = record<Statement>('statement', {
  shelfId: text,
  day: text,
  version: positive,
  operator: text,
  siteProvider: text,
  supplier: text,
  ...SPLIT_SHAPE,
  revenueFen: signed,
  costFen: signed,
  feeFen: signed,
  profitFen: signed,
  supplierFen: signed,
  operatorFen: signed,
  siteFen: signed,
  operatorLossFen: count,
  lines: count,
  adjustmentLines: count,
  adjustmentDays: textList,
  salesHash: text,
  status: oneOf(['pending', 'disputed', 'paid'] as const),
  settledAt: text,
  settledBy: text,
  disputeUntil: text,
  disputedBy: textOrNull,
  disputeReason: textOrNull,
  resolution: textOrNull,
  resolutionNote: textOrNull,
  resolvedAt: textOrNull,
  transferRef: textOrNull,
  paidAt: textOrNull,
  txId: text,
});

/** Checks a statement index entry. */
export const parseStatementIndex = record<StatementIndex>('statement index', { shelfId: text, day: text });
