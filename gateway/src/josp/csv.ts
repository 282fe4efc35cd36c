import type { CsvColumns } from '../http/csv';
import type { PayoutRow } from '../readmodel/rows';

/** Columns of a plan's payout CSV (docs/josp.md "Payout listing"): one row per investor paid, in roster order, points as integers. */
export const PAYOUT_CSV_COLUMNS: CsvColumns<PayoutRow> = {
  planId: (p) => p.planId,
  status: (p) => p.status,
  investor: (p) => p.investor,
  tranche: (p) => p.tranche,
  seq: (p) => p.seq,
  principal: (p) => p.principal,
  yieldPoints: (p) => p.yieldPoints,
  paidPoints: (p) => p.principal + p.yieldPoints,
  paidAt: (p) => p.paidAt,
  txId: (p) => p.txId,
};
