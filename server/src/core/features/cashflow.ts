/**
 * The cash flow of a deal or a portfolio, month by month, for the chart of
 * "Dealspec: Show Cash Flow": what is paid in each calendar month and by
 * which fee (or provider), the running total, the term, each fee's window and
 * each termination clause's notice window placed on the month axis, and the
 * schedule as CSV (the schedule view's, server/src/core/schedule/csv.ts). Every amount comes from the engine's schedule and figures
 * (nothing is recomputed here): exact plain decimals plus the strings the
 * chart shows, formatted by `formatMoney` and `formatCompact`.
 *
 * The types below are the answer of `dealspec/cashflow`: the protocol module
 * (protocol/src) re-exports them, and the client and the webview page read
 * them from there.
 */
import type { Analysis } from "../analyze";
import { daysInMonth, formatDay, formatMonthIndex, toYmd, type Day } from "../dates";
import type { Figures } from "../evaluate";
import { completeness } from "../json";
import { Decimal, formatCompact, formatMoney, plain, ZERO } from "../money";
import type { Basis, Interval } from "../model/types";
import { valueAt } from "../syntax";
import type { PortfolioAnalysis } from "../portfolio/analyze";
import { convert, sharePercent } from "../portfolio/figures";
import type { ScenarioResult } from "../scenarios";
import { sensitivity, sensitivityScenarioCount, type SensitivityDriver, type SensitivityVariant } from "../sensitivity";
import { csvText, scheduleCsv, stemOf } from "../schedule/csv";
import { dealSchedule } from "../schedule/rows";
import { figuresStatus } from "./display";

/** An amount: exact (plain decimal with the currency's minor digits) and as the server formats it. */
export interface CashFlowMoneyView {
  /** `1250000000.00`: exact; the chart parses it only to place bars. */
  readonly amount: string;
  /** `$1,250,000,000.00`: exact, for tooltips and totals. */
  readonly display: string;
  /** `$1.25B`: compact, for axis labels. */
  readonly compact: string;
}

/**
 * A span of days placed on the chart's month axis: `start` and `end` count
 * months from the first day of the chart's first month, fractional within a
 * month (2026-05-16 in a chart starting May 2026 is 15/31 = 0.4839; the end of
 * a window that runs through 2026-06-30 is 2).
 */
export interface CashFlowWindowView {
  /** First day, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  readonly until: string;
  readonly start: number;
  readonly end: number;
}

/** What one fee (of a deal) or one provider (of a portfolio) pays in one month. */
export interface CashFlowPartView {
  /** The fee's id, or the provider's name. */
  readonly key: string;
  readonly amount: string;
  readonly display: string;
  /** Payments in the month. */
  readonly payments: number;
}

interface CashFlowMonthBaseView {
  /** `YYYY-MM`. */
  readonly month: string;
  /** `May 2026`. */
  readonly label: string;
  /** The net sum paid in the month (zero in a month without payments). */
  readonly total: CashFlowMoneyView;
  /** The net sum paid from the chart's first month through this one. */
  readonly cumulative: CashFlowMoneyView;
}

export interface CashFlowMonthView extends CashFlowMonthBaseView {
  /** The fees paying in the month, in file order; empty when none does. */
  readonly byFee: readonly CashFlowPartView[];
}

export interface CashFlowFeeView {
  readonly id: string;
  /** The fee's `label`, or its id. */
  readonly label: string;
  readonly every: Interval;
  readonly basis: Basis;
  readonly credit: boolean;
  /** `from` to `until`. */
  readonly window: CashFlowWindowView;
  readonly total: CashFlowMoneyView;
  readonly payments: number;
}

export interface CashFlowExitView {
  /** 1-based, in file order. */
  readonly clause: number;
  /** As written: `either`, `buyer`, `buyer, provider`. */
  readonly by: string;
  /** `90 days`. */
  readonly notice: string;
  /** The notice window from the notice day, cut at the term's end. */
  readonly window: CashFlowWindowView;
  readonly cutAtTermEnd: boolean;
  readonly exposure: CashFlowMoneyView;
}

/** A deal's cash flow (`cashFlowOf`). */
export interface CashFlowView {
  readonly kind: "deal";
  readonly deal: string | null;
  readonly title: string | null;
  readonly currency: string;
  readonly term: CashFlowWindowView & { readonly days: number };
  readonly total: CashFlowMoneyView;
  readonly peakMonth: { readonly month: string; readonly label: string; readonly amount: CashFlowMoneyView } | null;
  /** Every calendar month from the term's first (or the first payment's) to the term's last (or the last payment's), without gaps. */
  readonly months: readonly CashFlowMonthView[];
  /** In file order. */
  readonly fees: readonly CashFlowFeeView[];
  /** One per termination clause, in file order. */
  readonly exits: readonly CashFlowExitView[];
  /** False when the file has errors: the figures leave out what could not be read. */
  readonly complete: boolean;
  /** The fees left out because they could not be read, in file order (`excluded` of the figures JSON; `#N` for an item without id). */
  readonly excluded: readonly string[];
  /** When fees are left out, the short words for it: `incomplete: fee \`lease\` excluded`. */
  readonly status?: string;
  /** When fees are left out: a sentence to show with the chart (the figures are partial, what is left out, what to do). */
  readonly statusDetail?: string;
  /** The schedule as CSV, one row per payment (the columns of `dealspec schedule --format csv`). */
  readonly csv: string;
  /** A file name for the CSV and the images: `colossus-1-cashflow`. */
  readonly fileStem: string;
  /**
   * The month axis when scenarios are overlaid: every month of `months` and
   * of each drawn scenario's months, without gaps. Equal to `months` when no
   * scenario reaches outside them.
   */
  readonly axis: CashFlowAxisView;
  /** The file's scenarios, in file order: each one drawn (`figures`) or listed with why not (`unavailable`). */
  readonly scenarios: readonly CashFlowScenarioView[];
  /** One row per month of `axis`: `month`, `base`, then one column per drawn scenario: the cumulative spend, empty outside its months. */
  readonly scenariosCsv: string;
  /** `colossus-1-scenarios`. */
  readonly scenariosFileStem: string;
  /** One per termination clause, aligned with `exits`: the exit exposure by notice date. */
  readonly exitCurves: readonly CashFlowExitCurveView[];
  /** The tornado data (`dealspec sensitivity`); null with `sensitivityUnavailable` saying why. */
  readonly sensitivity: CashFlowSensitivityView | null;
  readonly sensitivityUnavailable: string | null;
}

export interface CashFlowAxisView {
  readonly months: readonly { readonly month: string; readonly label: string }[];
  /** Position on the axis of `months[0]` (of the base deal): months before it belong to scenarios only. */
  readonly base: number;
}

/** One month of a scenario: what it pays, and its running total from its first month. */
export interface CashFlowScenarioMonthView {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly total: CashFlowMoneyView;
  readonly cumulative: CashFlowMoneyView;
}

export interface CashFlowScenarioView {
  readonly id: string;
  readonly label: string | null;
  /** What the scenario changes, one line each, in the order applied (`change base +10%`). */
  readonly applied: readonly string[];
  /** Null when the scenario has no figures (errors): it is never drawn, and `unavailable` says why. */
  readonly figures: CashFlowScenarioFiguresView | null;
  readonly unavailable: string | null;
}

export interface CashFlowScenarioFiguresView {
  readonly total: CashFlowMoneyView;
  readonly npv: CashFlowMoneyView | null;
  /** Scenario minus base; `display` and `compact` carry a `+` when positive. Null when either side is incomplete. */
  readonly delta: { readonly total: CashFlowMoneyView | null; readonly npv: CashFlowMoneyView | null };
  readonly complete: boolean;
  /** The term in force in the scenario (cut by an exit, extended by an option, moved by a shift). */
  readonly term: { readonly from: string; readonly until: string; readonly days: number };
  /** Position on `axis` of `months[0]`. */
  readonly start: number;
  /** Every month from the scenario's term's first (or first payment's) to its last, without gaps, computed from its own schedule; the last cumulative is its total. */
  readonly months: readonly CashFlowScenarioMonthView[];
}

export interface CashFlowExitCurveView {
  /** 1-based, in file order. */
  readonly clause: number;
  readonly by: string;
  readonly notice: string;
  /** Notice given on the clause's `not_before` (default the start), then on the first of each later month to the last day. */
  readonly points: readonly {
    /** `YYYY-MM-DD`. */
    readonly on: string;
    /** `1 Oct 2026`. */
    readonly label: string;
    readonly exposure: CashFlowMoneyView;
  }[];
  /** Index into `points` of the lowest exposure (the earliest, when several tie); null without points. */
  readonly cheapest: number | null;
  /** Index of the highest exposure (the earliest, when several tie). */
  readonly dearest: number | null;
  /** `notice_on, exposure, mark` (`cheapest`, `dearest`). */
  readonly csv: string;
  /** `colossus-1-exit-curve-1`. */
  readonly fileStem: string;
}

export interface CashFlowSensitivityVariantView {
  /** `amount +10%`, `9%`, `exercised`. */
  readonly label: string;
  readonly total: CashFlowMoneyView | null;
  readonly npv: CashFlowMoneyView | null;
  /** Variant minus base in the measure (`delta_npv` or `delta_total`), signed; null when a side has no figures. */
  readonly delta: CashFlowMoneyView | null;
  readonly deltaTotal: CashFlowMoneyView | null;
  readonly deltaNpv: CashFlowMoneyView | null;
}

export interface CashFlowSensitivityView {
  /** `npv` when the deal has a discount rate, else `total` (what the drivers are ranked by). */
  readonly measure: "npv" | "total";
  /** `10%`. */
  readonly step: string;
  /** The base deal's figure in the measure. */
  readonly base: CashFlowMoneyView;
  /** In the order of `dealspec sensitivity` (largest swing first). */
  readonly drivers: readonly {
    readonly driver: string;
    readonly kind: SensitivityDriver["kind"];
    readonly low: CashFlowSensitivityVariantView;
    /** Null for options (exercised or not is one variant). */
    readonly high: CashFlowSensitivityVariantView | null;
    readonly swing: CashFlowMoneyView;
  }[];
  /** `driver, kind, low, low_delta_total, low_delta_npv, high, high_delta_total, high_delta_npv, swing`. */
  readonly csv: string;
  /** `colossus-1-sensitivity`. */
  readonly fileStem: string;
}

/** A portfolio's month, stacked by provider. */
export interface PortfolioCashFlowMonthView extends CashFlowMonthBaseView {
  /** The providers paying in the month, in the order of `providers`; empty when none does. */
  readonly byProvider: readonly CashFlowPartView[];
}

export interface PortfolioCashFlowProviderView {
  readonly name: string;
  readonly total: CashFlowMoneyView;
  /** Of the portfolio's total, as a fraction with 6 decimals (`0.491929`); null when the total is not above zero. */
  readonly share: string | null;
  /** `49.19%`; null with `share`. */
  readonly shareDisplay: string | null;
  readonly deals: readonly string[];
}

/** A portfolio's payments month by month, stacked by provider (`portfolioCashFlowOf`). */
export interface PortfolioCashFlowView {
  readonly kind: "portfolio";
  readonly portfolio: string | null;
  readonly title: string | null;
  readonly currency: string;
  readonly total: CashFlowMoneyView;
  /** By total, largest first. */
  readonly providers: readonly PortfolioCashFlowProviderView[];
  readonly months: readonly PortfolioCashFlowMonthView[];
  /** Deals reached by the includes that are not in the figures (errors, duplicates, no rate). */
  readonly excluded: number;
  readonly complete: boolean;
  /** One row per month: `month`, one column per provider, `total`, `cumulative`. */
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

/** A difference: like `money`, with a `+` before a positive amount (`+$30,600,000.00`, `+$30.6M`). */
function signedMoney(value: Decimal, currency: string, minor: number): CashFlowMoneyView {
  const m = money(value, currency, minor);
  const positive = !m.amount.startsWith("-") && !new Decimal(m.amount).isZero();
  return positive ? { ...m, display: `+${m.display}`, compact: `+${m.compact}` } : m;
}

/** `1 Oct 2026`. */
function dayLabel(d: Day): string {
  const { year, month, day } = toYmd(d);
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

/** The months a set of figures covers: the term's, widened to every payment. */
function monthRange(f: Figures): { first: number; last: number } {
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

  // The schedule's CSV is the schedule view's (`dealspec schedule --format csv`).
  const csv = scheduleCsv(dealSchedule(analysis)!);

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
    complete: status.complete && model.complete && !baseHasErrors(analysis),
    excluded: status.excluded,
    ...(status.label === undefined ? {} : { status: status.label, statusDetail: status.detail! }),
    csv,
    fileStem: stemOf(model.id, "deal"),
    ...scenarioViews(analysis, first, last),
    exitCurves: f.exitCurves.map((points, i) => exitCurveView(analysis, i, points)),
    ...sensitivityView(analysis),
  };
}

/** Errors outside `scenarios:`: those inside one leave the base deal whole (the scenario is then listed as not drawn). */
function baseHasErrors(analysis: Analysis): boolean {
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0 || valueAt(analysis.syntax.root, ["scenarios"]) === undefined) return errors.length > 0;
  const block = analysis.syntax.spanOf(["scenarios"]);
  return errors.some((d) => d.span.start < block.start || d.span.end > block.end);
}

/**
 * Each scenario's cumulative spend by month, from its own schedule, on one
 * axis of months holding the base's and every drawn scenario's; a scenario
 * without figures (errors) is listed with the reason, never drawn.
 */
function scenarioViews(analysis: Analysis, baseFirst: number, baseLast: number): Pick<CashFlowView, "axis" | "scenarios" | "scenariosCsv" | "scenariosFileStem"> {
  const model = analysis.model!;
  const base = analysis.figures!;
  const { currency, minor } = base;
  const baseDone = completeness(model, base).complete;
  let first = baseFirst;
  let last = baseLast;
  const drawn: { view: Omit<CashFlowScenarioView, "figures">; figures: Figures; range: { first: number; last: number }; complete: boolean }[] = [];
  const views: (CashFlowScenarioView | (typeof drawn)[number])[] = [];
  for (const r of analysis.scenarios) {
    const head = { id: r.id, label: r.label ?? null, applied: [...r.applied] };
    if (!r.figures || !r.model) {
      views.push({ ...head, figures: null, unavailable: unavailableReason(analysis, r) });
      continue;
    }
    const range = monthRange(r.figures);
    const from = Math.min(first, range.first);
    const to = Math.max(last, range.last);
    if (to - from >= MAX_CASHFLOW_MONTHS) {
      views.push({ ...head, figures: null, unavailable: `Not drawn: its months (${formatMonthIndex(range.first)} to ${formatMonthIndex(range.last)}) lie too far from the base deal's to share one axis.` });
      continue;
    }
    first = from;
    last = to;
    const d = { view: { ...head, unavailable: null }, figures: r.figures, range, complete: completeness(r.model, r.figures).complete };
    drawn.push(d);
    views.push(d);
  }
  const axis: CashFlowAxisView = {
    months: Array.from({ length: last - first + 1 }, (_, i) => ({ month: formatMonthIndex(first + i), label: monthLabel(first + i) })),
    base: baseFirst - first,
  };
  const scenarios = views.map((v): CashFlowScenarioView => {
    if (!("range" in v)) return v;
    const f = v.figures;
    const table: MonthTable = { first: v.range.first, last: v.range.last, sums: new Map() };
    for (const c of f.schedule) addTo(table, monthIndexOf(c.paid), "all", c.amount, 1);
    const both = baseDone && v.complete;
    return {
      ...v.view,
      figures: {
        total: money(f.total, currency, minor),
        npv: f.npv ? money(f.npv.amount, currency, minor) : null,
        delta: {
          total: both ? signedMoney(f.total.minus(base.total), currency, minor) : null,
          npv: both && f.npv && base.npv ? signedMoney(f.npv.amount.minus(base.npv.amount), currency, minor) : null,
        },
        complete: v.complete,
        term: { from: formatDay(f.term.start), until: formatDay(f.term.last), days: f.term.days },
        start: v.range.first - first,
        months: monthsOf(table, ["all"], currency, minor).map((m) => ({ month: m.month, total: m.total, cumulative: m.cumulative })),
      },
    };
  });
  // One row per month of the axis: the base's running total and each drawn scenario's, empty outside their months.
  const columns = [
    { start: baseFirst - first, cumulative: [] as string[] },
    ...scenarios.filter((s) => s.figures).map((s) => ({ start: s.figures!.start, cumulative: s.figures!.months.map((m) => m.cumulative.amount) })),
  ];
  let running = ZERO;
  for (let m = baseFirst; m <= baseLast; m++) {
    running = running.plus(base.months.get(m) ?? ZERO);
    columns[0]!.cumulative.push(plain(running, minor));
  }
  const scenariosCsv = csvText([
    ["month", "base", ...scenarios.filter((s) => s.figures).map((s) => s.id)],
    ...axis.months.map((m, i) => [m.month, ...columns.map((c) => c.cumulative[i - c.start] ?? "")]),
  ]);
  return { axis, scenarios, scenariosCsv, scenariosFileStem: stemOf(model.id, "deal", "scenarios") };
}

/** Why a scenario has no figures: its first error, or the deal's. */
function unavailableReason(analysis: Analysis, r: ScenarioResult): string {
  const own = analysis.diagnostics.find((d) => d.severity === "error" && d.span.start >= r.itemSpan.start && d.span.end <= r.itemSpan.end);
  if (own) return `Not drawn: the scenario has errors (${own.code}: ${own.message})`;
  return "Not drawn: the scenario has no figures until the errors in the deal are fixed (see Problems).";
}

/** A clause's exit curve, with its cheapest and dearest notice dates (the earliest, when several tie). */
function exitCurveView(analysis: Analysis, i: number, points: Figures["exitCurves"][number]): CashFlowExitCurveView {
  const model = analysis.model!;
  const { currency, minor } = analysis.figures!;
  const clause = model.termination[analysis.figures!.exits[i]?.clause ?? i]!;
  let cheapest: number | null = null;
  let dearest: number | null = null;
  points.forEach((p, k) => {
    if (cheapest === null || p.exposure.lt(points[cheapest]!.exposure)) cheapest = k;
    if (dearest === null || p.exposure.gt(points[dearest]!.exposure)) dearest = k;
  });
  const number = clause.index + 1;
  return {
    clause: number,
    by: clause.byText,
    notice: clause.notice.text,
    points: points.map((p) => ({ on: formatDay(p.on), label: dayLabel(p.on), exposure: money(p.exposure, currency, minor) })),
    cheapest,
    dearest,
    csv: csvText([["notice_on", "exposure", "mark"], ...points.map((p, k) => [formatDay(p.on), plain(p.exposure, minor), k === cheapest && k === dearest ? "cheapest and dearest" : k === cheapest ? "cheapest" : k === dearest ? "dearest" : ""])]),
    fileStem: stemOf(model.id, "deal", `exit-curve-${number}`),
  };
}

/**
 * The most work the chart asks of the sensitivity: generated scenarios x
 * (charges + fees), each generated scenario an evaluation of the schedule
 * and its sums (no exits or option values). About 40,000 is half a second on
 * this machine (a 200-line generated deal is 5,500 and takes 0.3 s; a
 * 2,000-line one is 380,000 and takes 4.5 s); beyond it, the view points to
 * `dealspec sensitivity`, which computes the same figures.
 */
export const SENSITIVITY_BUDGET = 40_000;

/** What the sensitivity costs: the scenarios it generates, each one evaluation of the schedule. */
function sensitivityCost(analysis: Analysis): number {
  return sensitivityScenarioCount(analysis) * (analysis.figures!.schedule.length + analysis.model!.fees.length);
}

function sensitivityView(analysis: Analysis): Pick<CashFlowView, "sensitivity" | "sensitivityUnavailable"> {
  const model = analysis.model!;
  const f = analysis.figures!;
  const { currency, minor } = f;
  if (baseHasErrors(analysis) || !completeness(model, f).complete) {
    return { sensitivity: null, sensitivityUnavailable: "No sensitivity while the deal has errors (see Problems)." };
  }
  const cost = sensitivityCost(analysis);
  if (cost > SENSITIVITY_BUDGET) {
    return { sensitivity: null, sensitivityUnavailable: "This deal is too large to vary on every edit: run `dealspec sensitivity` on the file for the same figures." };
  }
  const s = sensitivity(analysis);
  if (!s) return { sensitivity: null, sensitivityUnavailable: "No sensitivity while the deal has errors (see Problems)." };
  const opt = (v: Decimal | undefined) => (v === undefined ? null : money(v, currency, minor));
  const optSigned = (v: Decimal | undefined) => (v === undefined ? null : signedMoney(v, currency, minor));
  const variant = (v: SensitivityVariant): CashFlowSensitivityVariantView => ({
    label: v.label,
    total: opt(v.total),
    npv: opt(v.npv),
    delta: optSigned(s.measure === "npv" ? v.deltaNpv : v.deltaTotal),
    deltaTotal: optSigned(v.deltaTotal),
    deltaNpv: optSigned(v.deltaNpv),
  });
  const drivers = s.drivers.map((d) => ({ driver: d.driver, kind: d.kind, low: variant(d.low), high: d.high ? variant(d.high) : null, swing: money(d.swing, currency, minor) }));
  const cell = (m: CashFlowMoneyView | null | undefined) => m?.amount ?? "";
  const csv = csvText([
    ["driver", "kind", "low", "low_delta_total", "low_delta_npv", "high", "high_delta_total", "high_delta_npv", "swing"],
    ...drivers.map((d) => [d.driver, d.kind, d.low.label, cell(d.low.deltaTotal), cell(d.low.deltaNpv), d.high?.label ?? "", cell(d.high?.deltaTotal), cell(d.high?.deltaNpv), d.swing.amount]),
  ]);
  return {
    sensitivity: {
      measure: s.measure,
      step: `${s.step.times(100).toString()}%`,
      base: money(s.measure === "npv" ? f.npv!.amount : f.total, currency, minor),
      drivers,
      csv,
      fileStem: stemOf(model.id, "deal", "sensitivity"),
    },
    sensitivityUnavailable: null,
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
