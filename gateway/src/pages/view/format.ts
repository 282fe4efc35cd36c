import type { Lang } from './i18n.js';

/*
 * Number, money and time formats of the pages, per language. Amounts on the ledger are integers:
 * points, and money in fen (1/100 yuan); they are shown exactly, never rounded.
 */

const LOCALES: Readonly<Record<Lang, string>> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

/** A points amount with grouping (`12,800`). */
export function formatPoints(points: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 }).format(points);
}

/** An amount in fen as yuan with two decimals (`¥128.00`), exact for any integer of fen. */
export function formatFen(fen: number, lang: Lang): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 }).format(Math.floor(abs / 100));
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** A signed change of points (`+128`, `-50`). */
export function formatDelta(delta: number, lang: Lang): string {
  return `${delta > 0 ? '+' : ''}${formatPoints(delta, lang)}`;
}

/** An ISO instant in the Shanghai time zone, the ledger's business day (`2026-12-01 17:30`). */
export function formatTime(iso: string, lang: Lang): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) {
    return iso;
  }
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(time);
}

/** The Shanghai calendar day of an instant, `yyyy-mm-dd`: the ledger's days and months are Shanghai's. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The Shanghai month of an instant, `yyyymm`, as the monthly sales and reward routes take it. */
export function shanghaiMonth(at: Date): string {
  return shanghaiDay(at).slice(0, 7).replace('-', '');
}
