/**
 * The month axis the cash-flow views share (dealCashFlow.ts for a deal,
 * portfolioCashFlow.ts for a portfolio, cashflowScenarios.ts for scenarios):
 * month indexes and labels, positions of days on the axis, amounts as views,
 * and the table that sums payments by month and part.
 */
import { daysInMonth, formatDay, formatMonthIndex, toYmd, type Day } from "../dates";
import type { Figures } from "../evaluate";
import { Decimal, formatCompact, formatMoney, plain, ZERO } from "../money";
import type { CashFlowMoneyView, CashFlowPartView, CashFlowWindowView } from "./cashflow";

/** Most months a chart holds (a portfolio's deals may span centuries between them; each deal's term is at most 100 years). */
export const MAX_CASHFLOW_MONTHS = 2400;

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** Year x 12 + month - 1. */
export function monthIndexOf(d: Day): number {
  const { year, month } = toYmd(d);
  return year * 12 + month - 1;
}

export function monthLabel(index: number): string {
  const year = Math.floor(index / 12);
  return `${MONTH_NAMES[index - year * 12]} ${year}`;
}

/** Months from the first day of month `first` to the start of day `d`, fractional within d's month. */
function position(d: Day, first: number): number {
  const { year, month, day } = toYmd(d);
  const months = year * 12 + month - 1 - first + (day - 1) / daysInMonth(year, month);
  return Math.round(months * 10000) / 10000;
}

export function windowOf(from: Day, until: Day, first: number): CashFlowWindowView {
  return { from: formatDay(from), until: formatDay(until), start: position(from, first), end: position(until + 1, first) };
}

export function money(value: Decimal, currency: string, minor: number): CashFlowMoneyView {
  return { amount: plain(value, minor), display: formatMoney(value, currency), compact: formatCompact(value, currency) };
}

/** A difference: like `money`, with a `+` before a positive amount (`+$30,600,000.00`, `+$30.6M`). */
export function signedMoney(value: Decimal, currency: string, minor: number): CashFlowMoneyView {
  const m = money(value, currency, minor);
  const positive = !m.amount.startsWith("-") && !new Decimal(m.amount).isZero();
  return positive ? { ...m, display: `+${m.display}`, compact: `+${m.compact}` } : m;
}

/** `1 Oct 2026`. */
export function dayLabel(d: Day): string {
  const { year, month, day } = toYmd(d);
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

/** The months a set of figures covers: the term's, widened to every payment. */
export function monthRange(f: Figures): { first: number; last: number } {
  let first = monthIndexOf(f.term.start);
  let last = monthIndexOf(f.term.last);
  for (const c of f.schedule) {
    const m = monthIndexOf(c.paid);
    if (m < first) first = m;
    if (m > last) last = m;
  }
  return { first, last };
}

/** The months of a chart: every month from `first` to `last`, with sums keyed by part. */
export interface MonthTable {
  first: number;
  last: number;
  /** Month index to part key to [sum, payments]. */
  readonly sums: Map<number, Map<string, { sum: Decimal; payments: number }>>;
}

export function addTo(table: MonthTable, month: number, key: string, amount: Decimal, payments: number): void {
  let parts = table.sums.get(month);
  if (!parts) table.sums.set(month, (parts = new Map()));
  const p = parts.get(key);
  if (p) {
    p.sum = p.sum.plus(amount);
    p.payments += payments;
  } else parts.set(key, { sum: amount, payments });
}

export function monthsOf(table: MonthTable, order: readonly string[], currency: string, minor: number) {
  const out: { month: string; label: string; total: CashFlowMoneyView; cumulative: CashFlowMoneyView; parts: CashFlowPartView[] }[] = [];
  let running = ZERO;
  for (let m = table.first; m <= table.last; m++) {
    const sums = table.sums.get(m);
    let total = ZERO;
    const parts: CashFlowPartView[] = [];
    for (const key of order) {
      const p = sums?.get(key);
      if (!p) continue;
      total = total.plus(p.sum);
      parts.push({ key, amount: plain(p.sum, minor), display: formatMoney(p.sum, currency), payments: p.payments });
    }
    running = running.plus(total);
    out.push({ month: formatMonthIndex(m), label: monthLabel(m), total: money(total, currency, minor), cumulative: money(running, currency, minor), parts });
  }
  return out;
}
