import { JOSP } from '@loulan/protocol';

import { defineContract } from '../ledger/transactions';
import { acceptLoan, declareDefault, offerLoan, recordDisbursement, recordRepayment } from './ops-loan';
import { refundPlan, settlePlan } from './ops-payout';
import { cancelPlan, openPlan, subscribe } from './ops-plan';
import { qualifyInvestor } from './ops-qualify';
import { getLoan, getPlan, getQualification, listLoans, listPlans, listPositions } from './queries';

/**
 * Operating-share plans, bank wealth products and points-collateral loans (docs/rules.md#josp),
 * callable as `josp:<Transaction>`. The agreed interface is docs/josp.md: one entry per
 * transaction, which is its operation's function (ledger/transactions.ts).
 */
export const JospContract = defineContract(JOSP, 'Operating-share plans and points-collateral loans', {
  OpenPlan: openPlan,
  CancelPlan: cancelPlan,
  Subscribe: subscribe,
  RefundPlan: refundPlan,
  SettlePlan: settlePlan,
  QualifyInvestor: qualifyInvestor,
  OfferLoan: offerLoan,
  AcceptLoan: acceptLoan,
  RecordDisbursement: recordDisbursement,
  RecordRepayment: recordRepayment,
  DeclareDefault: declareDefault,
  GetPlan: getPlan,
  ListPlans: listPlans,
  ListPositions: listPositions,
  GetLoan: getLoan,
  ListLoans: listLoans,
  GetQualification: getQualification,
});
/** An instance of the josp contract. */
export type JospContract = InstanceType<typeof JospContract>;
