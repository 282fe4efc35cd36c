import type { CsvColumns } from '../http/csv';
import type { RedemptionRow } from '../readmodel/rows';

/** Columns of the redemption CSV (docs/coupons.md "Redemption listings"): one row per redeemed order, fen as integers. */
export const REDEMPTION_CSV_COLUMNS: CsvColumns<RedemptionRow> = {
  time: (r) => r.time,
  merchantId: (r) => r.merchantId,
  orderId: (r) => r.orderId,
  classId: (r) => r.classId,
  issuer: (r) => r.issuer,
  holder: (r) => r.holder,
  amountFen: (r) => r.amountFen,
  faceValueFen: (r) => r.faceValueFen,
  payFen: (r) => r.payFen,
  rebateFen: (r) => r.rebateFen,
  occurredAt: (r) => r.occurredAt,
  payableDay: (r) => r.payableDay,
  requestId: (r) => r.requestId,
  txId: (r) => r.txId,
};
