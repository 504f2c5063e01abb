/**
 * The cash flow of a deal or a portfolio, month by month, for the chart of
 * "Dealspec: Show Cash Flow": what is paid in each calendar month and by
 * which fee (or provider), the running total, the term, each fee's window and
 * each termination clause's notice window placed on the month axis, and the
 * schedule as CSV. Every amount comes from the engine's schedule and figures
 * (nothing is recomputed here): exact plain decimals plus the strings the
 * chart shows, formatted by `formatMoney` and `formatCompact`.
 *
 * The shapes are those of `dealspec/cashflow` (server/src/lsp/protocol.ts);
 * the core cannot import that module, so the language server's handler checks
 * at compile time that these values fit it.
 */
import type { Analysis } from "../analyze";
import { daysInMonth, formatDay, formatMonthIndex, toYmd, type Day } from "../dates";
import type { Charge } from "../evaluate";
import { Decimal, formatCompact, formatMoney, plain, ZERO } from "../money";
import type { Basis, Interval } from "../model";
import type { PortfolioAnalysis } from "../portfolio/analyze";
import { convert, sharePercent } from "../portfolio/figures";
import { figuresStatus } from "./display";

export interface CashFlowMoneyView {
  readonly amount: string;
  readonly display: string;
  readonly compact: string;
}

export interface CashFlowWindowView {
  readonly from: string;
  readonly until: string;
  readonly start: number;
  readonly end: number;
}

export interface CashFlowPartView {
  readonly key: string;
  readonly amount: string;
  readonly display: string;
  readonly payments: number;
}

export interface CashFlowMonthView {
  readonly month: string;
  readonly label: string;
  readonly total: CashFlowMoneyView;
  readonly cumulative: CashFlowMoneyView;
  readonly byFee: readonly CashFlowPartView[];
}

export interface CashFlowView {
  readonly kind: "deal";
  readonly deal: string | null;
  readonly title: string | null;
  readonly currency: string;
  readonly term: CashFlowWindowView & { readonly days: number };
  readonly total: CashFlowMoneyView;
  readonly peakMonth: { readonly month: string; readonly label: string; readonly amount: CashFlowMoneyView } | null;
  readonly months: readonly CashFlowMonthView[];
  readonly fees: readonly {
    readonly id: string;
    readonly label: string;
    readonly every: Interval;
    readonly basis: Basis;
    readonly credit: boolean;
    readonly window: CashFlowWindowView;
    readonly total: CashFlowMoneyView;
    readonly payments: number;
  }[];
  readonly exits: readonly {
    readonly clause: number;
    readonly by: string;
    readonly notice: string;
    readonly window: CashFlowWindowView;
    readonly cutAtTermEnd: boolean;
    readonly exposure: CashFlowMoneyView;
  }[];
  readonly complete: boolean;
  /** The fees left out because they could not be read, in file order (the figures JSON's `excluded`). */
  readonly excluded: readonly string[];
  /** When fees are left out: `incomplete: fee \`lease\` excluded`. */
  readonly status?: string;
  /** When fees are left out: the sentence the chart shows above it. */
  readonly statusDetail?: string;
  readonly csv: string;
  readonly fileStem: string;
}

export interface PortfolioCashFlowView {
  readonly kind: "portfolio";
  readonly portfolio: string | null;
  readonly title: string | null;
  readonly currency: string;
  readonly total: CashFlowMoneyView;
  readonly providers: readonly {
    readonly name: string;
    readonly total: CashFlowMoneyView;
    readonly share: string | null;
    readonly shareDisplay: string | null;
    readonly deals: readonly string[];
  }[];
  readonly months: readonly (Omit<CashFlowMonthView, "byFee"> & { readonly byProvider: readonly CashFlowPartView[] })[];
  readonly excluded: number;
  readonly complete: boolean;
  readonly csv: string;
  readonly fileStem: string;
}

/** Most months a chart holds (a portfolio's deals may span centuries between them; each deal's term is at most 100 years). */
export const MAX_CASHFLOW_MONTHS = 2400;

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** Year x 12 + month - 1. */
function monthIndexOf(d: Day): number {
  const { year, month } = toYmd(d);
  return year * 12 + month - 1;
}

function monthLabel(index: number): string {
  const year = Math.floor(index / 12);
  return `${MONTH_NAMES[index - year * 12]} ${year}`;
}

/** Months from the first day of month `first` to the start of day `d`, fractional within d's month. */
function position(d: Day, first: number): number {
  const { year, month, day } = toYmd(d);
  const months = year * 12 + month - 1 - first + (day - 1) / daysInMonth(year, month);
  return Math.round(months * 10000) / 10000;
}

function windowOf(from: Day, until: Day, first: number): CashFlowWindowView {
  return { from: formatDay(from), until: formatDay(until), start: position(from, first), end: position(until + 1, first) };
}

function money(value: Decimal, currency: string, minor: number): CashFlowMoneyView {
  return { amount: plain(value, minor), display: formatMoney(value, currency), compact: formatCompact(value, currency) };
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV: CRLF line ends, cells quoted only when they must be, no line end after the last row. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n");
}

/** A file name stem from an id: letters, digits, `-` and `_` kept. */
function stemOf(id: string | undefined, fallback: string): string {
  const clean = (id ?? "").replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return `${clean || fallback}-cashflow`;
}

/** The months of a chart: every month from `first` to `last`, with sums keyed by part. */
interface MonthTable {
  first: number;
  last: number;
  /** Month index to part key to [sum, payments]. */
  readonly sums: Map<number, Map<string, { sum: Decimal; payments: number }>>;
}

function addTo(table: MonthTable, month: number, key: string, amount: Decimal, payments: number): void {
  let parts = table.sums.get(month);
  if (!parts) table.sums.set(month, (parts = new Map()));
  const p = parts.get(key);
  if (p) {
    p.sum = p.sum.plus(amount);
    p.payments += payments;
  } else parts.set(key, { sum: amount, payments });
}

function monthsOf(table: MonthTable, order: readonly string[], currency: string, minor: number) {
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

/** Payments in paid order (ties: fee order, then period), as `dealspec schedule` lists them. */
function paidOrder(schedule: readonly Charge[]): Charge[] {
  return [...schedule].sort((x, y) => x.paid - y.paid || x.fee - y.fee || x.period - y.period);
}

/**
 * A deal's cash flow, or `null` when it has no figures (the engine stops at
 * errors before the currency and term are known, or no fee could be read: a
 * chart of nothing would read as a $0 deal). A deal with other errors gets a
 * chart of what could be read, with `complete: false`, and, when fees are
 * left out, `excluded` and the words that say so.
 */
export function cashFlowOf(analysis: Analysis): CashFlowView | null {
  const model = analysis.model;
  const f = analysis.figures;
  const status = figuresStatus(analysis);
  if (!model || !f || status.kind === "none") return null;
  const { currency, minor, term } = f;
  // Payments fall inside the term (fee windows must), but the chart shows every one of them regardless.
  let first = monthIndexOf(term.start);
  let last = monthIndexOf(term.last);
  const sums: MonthTable["sums"] = new Map();
  const table = { first, last, sums };
  for (const c of f.schedule) {
    const m = monthIndexOf(c.paid);
    first = Math.min(first, m);
    last = Math.max(last, m);
    addTo(table, m, model.fees[c.fee]!.id, c.amount, 1);
  }
  table.first = first;
  table.last = last;
  const months = monthsOf(table, model.fees.map((fee) => fee.id), currency, minor).map(({ parts, ...m }) => ({ ...m, byFee: parts }));

  let running = ZERO;
  const rows = paidOrder(f.schedule).map((c) => {
    running = running.plus(c.amount);
    const fee = model.fees[c.fee]!;
    return [formatDay(c.paid), fee.id, String(c.period + 1), formatDay(c.start), formatDay(c.coverEnd), String(c.coveredDays), String(c.fullDays), String(c.escalations), plain(c.amount, minor), plain(running, minor)];
  });
  const csv = csvText([["paid", "fee", "period", "start", "end", "days", "full_days", "escalations", "amount", "cumulative"], ...rows]);

  return {
    kind: "deal",
    deal: model.id ?? null,
    title: model.title ?? null,
    currency,
    term: { ...windowOf(term.start, term.last, first), days: term.days },
    total: money(f.total, currency, minor),
    peakMonth: f.peakMonth ? { month: formatMonthIndex(f.peakMonth.month), label: monthLabel(f.peakMonth.month), amount: money(f.peakMonth.amount, currency, minor) } : null,
    months,
    fees: model.fees.map((fee, i) => ({
      id: fee.id,
      label: fee.label ?? fee.id,
      every: fee.every,
      basis: fee.basis,
      credit: fee.credit,
      window: windowOf(fee.from, fee.every === "once" ? fee.from : fee.until, first),
      total: money(f.fees[i]!.total, currency, minor),
      payments: f.fees[i]!.periods,
    })),
    exits: f.exits.map((e) => {
      const clause = model.termination[e.clause]!;
      return {
        clause: e.clause + 1,
        by: clause.byText,
        notice: clause.notice.text,
        window: windowOf(e.noticeDay, e.windowEnd - 1, first),
        cutAtTermEnd: e.cutAtTermEnd,
        exposure: money(e.exposure, currency, minor),
      };
    }),
    complete: status.complete && model.complete && !analysis.diagnostics.some((d) => d.severity === "error"),
    excluded: status.excluded,
    ...(status.label === undefined ? {} : { status: status.label, statusDetail: status.detail! }),
    csv,
    fileStem: stemOf(model.id, "deal"),
  };
}

/**
 * A portfolio's cash flow stacked by provider, or `null` when it has no
 * figures. Each counted deal's monthly sums are converted at its rate and
 * rounded, then summed ("convert, round, then sum", as for the portfolio's
 * years), so with rates other than 1 the months can differ from the converted
 * totals by a minor unit per month and deal.
 */
export function portfolioCashFlowOf(analysis: PortfolioAnalysis): PortfolioCashFlowView | null {
  const f = analysis.figures;
  if (!f) return null;
  const { currency, minor } = f;
  let first = Infinity;
  let last = -Infinity;
  const perDeal: { provider: string; months: Map<number, { sum: Decimal; payments: number }>; rate: Decimal }[] = [];
  for (const d of f.deals) {
    const df = d.analysis.figures;
    if (!df) continue;
    first = Math.min(first, monthIndexOf(df.term.start));
    last = Math.max(last, monthIndexOf(df.term.last));
    const months = new Map<number, { sum: Decimal; payments: number }>();
    for (const c of df.schedule) {
      const m = monthIndexOf(c.paid);
      first = Math.min(first, m);
      last = Math.max(last, m);
      const s = months.get(m);
      if (s) {
        s.sum = s.sum.plus(c.amount);
        s.payments++;
      } else months.set(m, { sum: c.amount, payments: 1 });
    }
    perDeal.push({ provider: d.provider, months, rate: d.rate });
  }
  const names = f.providers.map((p) => p.name);
  const table: MonthTable = { first, last: Math.min(last, first + MAX_CASHFLOW_MONTHS - 1), sums: new Map() };
  for (const d of perDeal) {
    for (const [m, s] of d.months) if (m <= table.last) addTo(table, m, d.provider, convert(s.sum, d.rate, minor), s.payments);
  }
  const months = perDeal.length === 0 ? [] : monthsOf(table, names, currency, minor).map(({ parts, ...m }) => ({ ...m, byProvider: parts }));
  const csv = csvText([
    ["month", ...names, "total", "cumulative"],
    ...months.map((m) => [m.month, ...names.map((n) => m.byProvider.find((p) => p.key === n)?.amount ?? plain(ZERO, minor)), m.total.amount, m.cumulative.amount]),
  ]);
  const model = analysis.model;
  return {
    kind: "portfolio",
    portfolio: model?.id ?? null,
    title: model?.title ?? null,
    currency,
    total: money(f.total, currency, minor),
    providers: f.providers.map((p) => ({
      name: p.name,
      total: money(p.total, currency, minor),
      share: p.share === undefined ? null : p.share.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6),
      shareDisplay: p.share === undefined ? null : `${sharePercent(p.share).toFixed(2)}%`,
      deals: [...p.deals],
    })),
    months,
    excluded: analysis.deals.filter((d) => d.status !== "counted").length,
    complete: !analysis.diagnostics.some((d) => d.severity === "error") && last - first < MAX_CASHFLOW_MONTHS,
    csv,
    fileStem: stemOf(model?.id, "portfolio"),
  };
}
