/*
 * The texts of the shelf parties' console, in both languages; merged into the tables of i18n.ts.
 */

/** English texts of the shelf console. */
export const EN_SHELF = {
  'shelf.heading': 'Shelf console',
  'shelf.period': 'Period',
  'shelf.periodHint': 'Statements by settled day, at most {days} days.',
  'shelf.from': 'From (yyyy-mm-dd)',
  'shelf.to': 'To (yyyy-mm-dd)',
  'shelf.statements': 'Statements {from} – {to}',
  'shelf.role': 'My role',
  'shelf.myAmount': 'My amount',
  'shelf.lines': 'Lines',
  'shelf.disputeUntil': 'Dispute until',
  'shelf.totals': 'Pending {pending} · disputed {disputed} · paid {paid}',
  'shelf.more': '(more statements on the next pages of the report)',
  'shelf.dispute': 'Dispute',
  'shelf.pay': 'Record the payment',
  'shelf.transferRef': 'Transfer reference',
  'shelf.csv': 'Download the report (CSV)',
  'shelf.downloaded': 'Downloaded {name} ({pages} pages).',
  'shelf.shelves': 'My shelves and agreements',
  'shelf.split': 'Supplier / operator / site · fee (bps)',
  'shelf.parties': 'Operator · site provider · supplier',
  'shelf.sign': 'Sign',
  'shelf.decline': 'Decline',
} as const;

/** Chinese texts of the shelf console. */
export const ZH_SHELF: Readonly<Record<keyof typeof EN_SHELF, string>> = {
  'shelf.heading': '货架控制台',
  'shelf.period': '期间',
  'shelf.periodHint': '按结算日列出结算单，最多 {days} 天。',
  'shelf.from': '开始（yyyy-mm-dd）',
  'shelf.to': '结束（yyyy-mm-dd）',
  'shelf.statements': '结算单 {from} – {to}',
  'shelf.role': '我的角色',
  'shelf.myAmount': '我的金额',
  'shelf.lines': '明细数',
  'shelf.disputeUntil': '可争议至',
  'shelf.totals': '待付 {pending} · 争议中 {disputed} · 已付 {paid}',
  'shelf.more': '（更多结算单在报表的后续页）',
  'shelf.dispute': '提出争议',
  'shelf.pay': '记录付款',
  'shelf.transferRef': '转账凭证号',
  'shelf.csv': '下载对账报表（CSV）',
  'shelf.downloaded': '已下载 {name}（{pages} 页）。',
  'shelf.shelves': '我的货架与协议',
  'shelf.split': '供应商 / 运营方 / 场地 · 平台费（基点）',
  'shelf.parties': '运营方 · 场地方 · 供应商',
  'shelf.sign': '签署',
  'shelf.decline': '拒绝',
};
