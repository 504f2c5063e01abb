/**
 * The cash flow of a deal or a portfolio, month by month, for the chart of
 * "Dealspec: Show Cash Flow": what is paid in each calendar month and by
 * which fee (or provider), the running total, the term, each fee's window and
 * each termination clause's notice window placed on the month axis, and the
 * schedule as CSV (the schedule view's, server/src/core/schedule/csv.ts). Every amount comes from the engine's schedule and figures
 * (nothing is recomputed here): exact plain decimals plus the strings the
 * chart shows, formatted by `formatMoney` and `formatCompact`.
 *
 * This file holds the view types, the answer of `dealspec/cashflow`: the
 * protocol module (protocol/src) re-exports them, and the client and the
 * webview page read them from there. They are computed by `cashFlowOf`
 * (dealCashFlow.ts) and `portfolioCashFlowOf` (portfolioCashFlow.ts).
 */
import type { Basis, Interval } from "../model/types";
import type { SensitivityDriver } from "../sensitivity";

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
