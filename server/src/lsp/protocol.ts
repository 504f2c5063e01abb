/**
 * The custom requests between the VS Code client and the language server:
 * the only module both sides share. It holds names and shapes, no logic.
 */

/** The language id of deal files (`*.deal.yaml`, `*.deal.yml`), as the manifest contributes it. */
export const DEAL_LANGUAGE_ID = "dealspec";

/**
 * The language id of portfolio files (`*.portfolio.yaml`, `*.portfolio.yml`),
 * as the manifest contributes it. The server tells the kinds apart by file
 * name; the id matters for documents without one (`untitled:`).
 */
export const PORTFOLIO_LANGUAGE_ID = "dealspec-portfolio";

/**
 * `dealspec/figures`: the figures of one deal file, in the JSON shape of the
 * language specification, plus `display`: the same figures formatted by the
 * server, so that the client never formats money itself. On a portfolio file,
 * the portfolio's figures in the JSON shape of docs/portfolio.md (`dealspec
 * totals --json` of that file), plus `display`: `PortfolioFiguresDisplay`.
 */
export const FIGURES_REQUEST = "dealspec/figures";

/** Display strings of the figures: exact with the currency marker, and compact for tight spaces. */
export interface FiguresDisplay {
  readonly total?: string;
  readonly total_compact?: string;
  readonly run_rate?: string;
  readonly run_rate_compact?: string;
  readonly peak_month?: string;
  readonly npv?: string;
  readonly shortfall?: string;
  /** One per termination clause, in file order. */
  readonly exit_exposure: readonly string[];
  /**
   * How complete the figures are: `complete`; `partial` (errors left fees out,
   * listed in the answer's `excluded`: every figure shown must say so); `none`
   * (no fee could be evaluated: no money string is given, show `status`
   * instead of any figure). Older servers omit it.
   */
  readonly state?: "complete" | "partial" | "none";
  /** When not complete, the words to show with (or instead of) the figures: `incomplete: fee \`lease\` excluded`, `no figures: fix the errors`. */
  readonly status?: string;
  /** When not complete: a sentence for a tooltip, saying what is left out and what to do. */
  readonly status_detail?: string;
}

/** Display strings of a portfolio's figures (`display` of the `dealspec/figures` answer on a portfolio file). */
export interface PortfolioFiguresDisplay {
  readonly total?: string;
  readonly total_compact?: string;
  readonly firm_commitment?: string;
  /** The providers by total, largest first: name, exact total, share (`49.19%`; absent when the total is not above zero). */
  readonly providers: readonly { readonly name: string; readonly total: string; readonly share?: string }[];
  /** As in `FiguresDisplay`: `partial` when deals are left out, `none` when there is no figure to show. */
  readonly state?: "complete" | "partial" | "none";
  readonly status?: string;
  readonly status_detail?: string;
}

/**
 * `dealspec/schedule`: the payment schedule of a deal file, for "Show
 * Schedule": every charge in paid order (`rows`, the fields of `dealspec
 * schedule --format json`), the same as display strings grouped by calendar
 * year with a subtotal per year and a totals row (`table`), and the CSV text
 * (`dealspec schedule --format csv`'s). On a portfolio file: every counted
 * deal's charges, with the deal's id first (`kind: "portfolio"`, `deal` is
 * the portfolio's id). Params: `DocumentParams`. Computed by `scheduleOf` and
 * `portfolioScheduleOf` in server/src/core/features/schedule.ts.
 */
export const SCHEDULE_REQUEST = "dealspec/schedule";

export interface DocumentParams {
  /** The document's URI, as the client knows it. */
  readonly uri: string;
}

/** One payment, money as exact decimal strings, as `dealspec schedule --format json` writes its rows. */
export interface ScheduleRow {
  /** A portfolio's rows: the deal's id. */
  readonly deal?: string;
  readonly paid: string;
  readonly fee: string;
  readonly period: number;
  readonly start: string;
  /** The last day the charge covers. */
  readonly end: string;
  readonly days: number;
  readonly full_days: number;
  readonly escalations: number;
  /** The charge, in the deal's currency. */
  readonly amount: string;
  /** The sum paid through this row, in the answer's currency. */
  readonly cumulative: string;
  /** A unit-priced fee's unit (`MW-month`), quantity in force (when constant over the days covered), quantity-days and unit price; null otherwise. */
  readonly unit: string | null;
  readonly quantity: string | null;
  readonly quantity_days: string | null;
  readonly unit_price: string | null;
  readonly escalation_factor: string;
  readonly reprice_factor: string;
  /** A portfolio's rows: the deal's currency, and the charge converted to the portfolio's. */
  readonly currency?: string;
  readonly converted?: string;
}

/** A column of the schedule table. */
export interface ScheduleColumn {
  readonly key: string;
  readonly label: string;
  readonly align: "left" | "right";
  /** What the column holds, for the header's tooltip. */
  readonly title: string;
}

/** The payments of one calendar year, as display strings (one per column), and the year's subtotal row. */
export interface ScheduleGroup {
  /** `2026`. */
  readonly key: string;
  readonly rows: readonly (readonly string[])[];
  readonly subtotal: readonly string[];
}

export interface ScheduleTable {
  readonly columns: readonly ScheduleColumn[];
  readonly groups: readonly ScheduleGroup[];
  readonly totals: readonly string[];
  /** Payments listed, and in the schedule (a very long schedule is cut in the table; sums and CSV hold every payment). */
  readonly shown: number;
  readonly count: number;
}

export interface ScheduleResult {
  readonly kind: "deal" | "portfolio";
  /** The deal's id, or the portfolio's. */
  readonly deal: string | null;
  readonly title: string | null;
  readonly currency: string | null;
  /** Null when there is no schedule (`table` is null too and `summary` says why). */
  readonly total: string | null;
  /** As in the figures JSON: false when errors left fees (of a portfolio: deals) out, listed in `excluded`. */
  readonly complete: boolean;
  readonly excluded: readonly string[];
  /** When not complete: `incomplete: fee \`lease\` excluded`, and a sentence to show with the table. */
  readonly status?: string;
  readonly statusDetail?: string;
  /** `Total $45,000,000,000.00 in 37 payments, 2026-05-01 to 2029-05-31.`, or why there is no schedule. */
  readonly summary: string;
  readonly notes: readonly string[];
  /** The payments listed in `table`, in paid order. */
  readonly rows: readonly ScheduleRow[];
  /** `YYYY-MM` (and `YYYY`) to the sum paid in that month (year). */
  readonly months: Readonly<Record<string, string>>;
  readonly years: Readonly<Record<string, string>>;
  readonly table: ScheduleTable | null;
  /** Every payment as CSV (RFC 4180, CRLF, no line end after the last record); empty without a schedule. */
  readonly csv: string;
  /** `colossus-1-schedule`: a file name for the CSV. */
  readonly fileStem: string;
}

/**
 * `dealspec/cashflow`: a deal's payments month by month, for the cash-flow
 * chart ("Dealspec: Show Cash Flow"). Params: `DocumentParams`. Answer:
 * `CashFlowResult`, or `null` when the file has no figures (errors stop the
 * computation, or no fee could be read). Computed by `cashFlowOf` in server/src/core/features/cashflow.ts.
 * On a portfolio file, `PortfolioCashFlowResult` (`portfolioCashFlowOf`).
 */
export const CASHFLOW_REQUEST = "dealspec/cashflow";

/** An amount: exact (plain decimal with the currency's minor digits) and as the server formats it. */
export interface CashFlowMoney {
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
export interface CashFlowWindow {
  /** First day, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  readonly until: string;
  readonly start: number;
  readonly end: number;
}

/** What one fee (of a deal) or one provider (of a portfolio) pays in one month. */
export interface CashFlowPart {
  /** The fee's id, or the provider's name. */
  readonly key: string;
  readonly amount: string;
  readonly display: string;
  /** Payments in the month. */
  readonly payments: number;
}

interface CashFlowMonthBase {
  /** `YYYY-MM`. */
  readonly month: string;
  /** `May 2026`. */
  readonly label: string;
  /** The net sum paid in the month (zero in a month without payments). */
  readonly total: CashFlowMoney;
  /** The net sum paid from the chart's first month through this one. */
  readonly cumulative: CashFlowMoney;
}

export interface CashFlowMonth extends CashFlowMonthBase {
  /** The fees paying in the month, in file order; empty when none does. */
  readonly byFee: readonly CashFlowPart[];
}

export interface CashFlowFee {
  readonly id: string;
  /** The fee's `label`, or its id. */
  readonly label: string;
  readonly every: "month" | "quarter" | "year" | "once";
  readonly basis: "contract" | "reported" | "assumed";
  readonly credit: boolean;
  /** `from` to `until`. */
  readonly window: CashFlowWindow;
  readonly total: CashFlowMoney;
  readonly payments: number;
}

export interface CashFlowExit {
  /** 1-based, in file order. */
  readonly clause: number;
  /** As written: `either`, `buyer`, `buyer, provider`. */
  readonly by: string;
  /** `90 days`. */
  readonly notice: string;
  /** The notice window from the notice day, cut at the term's end. */
  readonly window: CashFlowWindow;
  readonly cutAtTermEnd: boolean;
  readonly exposure: CashFlowMoney;
}

export interface CashFlowResult {
  readonly kind: "deal";
  readonly deal: string | null;
  readonly title: string | null;
  readonly currency: string;
  readonly term: CashFlowWindow & { readonly days: number };
  readonly total: CashFlowMoney;
  readonly peakMonth: { readonly month: string; readonly label: string; readonly amount: CashFlowMoney } | null;
  /** Every calendar month from the term's first (or the first payment's) to the term's last (or the last payment's), without gaps. */
  readonly months: readonly CashFlowMonth[];
  /** In file order. */
  readonly fees: readonly CashFlowFee[];
  /** One per termination clause, in file order. */
  readonly exits: readonly CashFlowExit[];
  /** False when the file has errors: the figures leave out what could not be read. */
  readonly complete: boolean;
  /** The fees left out because they could not be read, in file order (`excluded` of the figures JSON; `#N` for an item without id). */
  readonly excluded: readonly string[];
  /** When fees are left out, the short words for it: `incomplete: fee \`lease\` excluded`. */
  readonly status?: string;
  /** When fees are left out: a sentence to show with the chart (the figures are partial, what is left out, what to do). */
  readonly statusDetail?: string;
  /** The schedule as CSV, one row per payment (`dealspec schedule --format csv`, as `ScheduleResult.csv`). */
  readonly csv: string;
  /** A file name for the CSV and the images: `colossus-1-cashflow`. */
  readonly fileStem: string;
  /**
   * The month axis when scenarios are overlaid: every month of `months` and
   * of each drawn scenario's months, without gaps. Equal to `months` when no
   * scenario reaches outside them.
   */
  readonly axis: CashFlowAxis;
  /** The file's scenarios, in file order: each one drawn (`figures`) or listed with why not (`unavailable`). */
  readonly scenarios: readonly CashFlowScenario[];
  /** One row per month of `axis`: `month`, `base`, then one column per drawn scenario: the cumulative spend, empty outside its months. */
  readonly scenariosCsv: string;
  /** `colossus-1-scenarios`. */
  readonly scenariosFileStem: string;
  /** One per termination clause, aligned with `exits`: the exit exposure by notice date. */
  readonly exitCurves: readonly CashFlowExitCurve[];
  /** The tornado data (`dealspec sensitivity`); null with `sensitivityUnavailable` saying why. */
  readonly sensitivity: CashFlowSensitivity | null;
  readonly sensitivityUnavailable: string | null;
}

export interface CashFlowAxis {
  readonly months: readonly { readonly month: string; readonly label: string }[];
  /** Position on the axis of `months[0]` (of the base deal): months before it belong to scenarios only. */
  readonly base: number;
}

/** One month of a scenario: what it pays, and its running total from its first month. */
export interface CashFlowScenarioMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly total: CashFlowMoney;
  readonly cumulative: CashFlowMoney;
}

export interface CashFlowScenario {
  readonly id: string;
  readonly label: string | null;
  /** What the scenario changes, one line each, in the order applied (`change base +10%`). */
  readonly applied: readonly string[];
  /** Null when the scenario has no figures (errors): it is never drawn, and `unavailable` says why. */
  readonly figures: CashFlowScenarioFigures | null;
  readonly unavailable: string | null;
}

export interface CashFlowScenarioFigures {
  readonly total: CashFlowMoney;
  readonly npv: CashFlowMoney | null;
  /** Scenario minus base; `display` and `compact` carry a `+` when positive. Null when either side is incomplete. */
  readonly delta: { readonly total: CashFlowMoney | null; readonly npv: CashFlowMoney | null };
  readonly complete: boolean;
  /** The term in force in the scenario (cut by an exit, extended by an option, moved by a shift). */
  readonly term: { readonly from: string; readonly until: string; readonly days: number };
  /** Position on `axis` of `months[0]`. */
  readonly start: number;
  /** Every month from the scenario's term's first (or first payment's) to its last, without gaps, computed from its own schedule; the last cumulative is its total. */
  readonly months: readonly CashFlowScenarioMonth[];
}

export interface CashFlowExitCurve {
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
    readonly exposure: CashFlowMoney;
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

export interface CashFlowSensitivityVariant {
  /** `amount +10%`, `9%`, `exercised`. */
  readonly label: string;
  readonly total: CashFlowMoney | null;
  readonly npv: CashFlowMoney | null;
  /** Variant minus base in the measure (`delta_npv` or `delta_total`), signed; null when a side has no figures. */
  readonly delta: CashFlowMoney | null;
  readonly deltaTotal: CashFlowMoney | null;
  readonly deltaNpv: CashFlowMoney | null;
}

export interface CashFlowSensitivity {
  /** `npv` when the deal has a discount rate, else `total` (what the drivers are ranked by). */
  readonly measure: "npv" | "total";
  /** `10%`. */
  readonly step: string;
  /** The base deal's figure in the measure. */
  readonly base: CashFlowMoney;
  /** In the order of `dealspec sensitivity` (largest swing first). */
  readonly drivers: readonly {
    readonly driver: string;
    readonly kind: "amount" | "escalation" | "discount_rate" | "capacity" | "option";
    readonly low: CashFlowSensitivityVariant;
    /** Null for options (exercised or not is one variant). */
    readonly high: CashFlowSensitivityVariant | null;
    readonly swing: CashFlowMoney;
  }[];
  /** `driver, kind, low, low_delta_total, low_delta_npv, high, high_delta_total, high_delta_npv, swing`. */
  readonly csv: string;
  /** `colossus-1-sensitivity`. */
  readonly fileStem: string;
}

/** A portfolio's payments month by month, stacked by provider (`PortfolioCashFlowResult`, from `portfolioCashFlowOf`). */
export interface PortfolioCashFlowMonth extends CashFlowMonthBase {
  /** The providers paying in the month, in the order of `providers`; empty when none does. */
  readonly byProvider: readonly CashFlowPart[];
}

export interface PortfolioCashFlowProvider {
  readonly name: string;
  readonly total: CashFlowMoney;
  /** Of the portfolio's total, as a fraction with 6 decimals (`0.491929`); null when the total is not above zero. */
  readonly share: string | null;
  /** `49.19%`; null with `share`. */
  readonly shareDisplay: string | null;
  readonly deals: readonly string[];
}

export interface PortfolioCashFlowResult {
  readonly kind: "portfolio";
  readonly portfolio: string | null;
  readonly title: string | null;
  readonly currency: string;
  readonly total: CashFlowMoney;
  /** By total, largest first. */
  readonly providers: readonly PortfolioCashFlowProvider[];
  readonly months: readonly PortfolioCashFlowMonth[];
  /** Deals reached by the includes that are not in the figures (errors, duplicates, no rate). */
  readonly excluded: number;
  readonly complete: boolean;
  /** One row per month: `month`, one column per provider, `total`, `cumulative`. */
  readonly csv: string;
  readonly fileStem: string;
}

/**
 * `dealspec/template`: the text of a new deal or portfolio file, for the
 * editor's File > New File... entries ("Dealspec deal", "Dealspec
 * portfolio"). It is the template `dealspec init` writes (`newFileTemplate`
 * in server/src/core/templates.ts), with the term starting on the first day
 * of next month. Needs no document. Params: `TemplateParams`. Answer:
 * `TemplateResult`.
 */
export const TEMPLATE_REQUEST = "dealspec/template";

export interface TemplateParams {
  readonly kind: "deal" | "portfolio";
}

/** A place in the text: zero-based line and UTF-16 character, as in LSP. */
export interface TemplatePosition {
  readonly line: number;
  readonly character: number;
}

export interface TemplateResult {
  /** The language id of the new document (`DEAL_LANGUAGE_ID` or `PORTFOLIO_LANGUAGE_ID`). */
  readonly languageId: string;
  /** The file as written, valid and commented. */
  readonly text: string;
  /** The same text as a snippet (the LSP / VS Code snippet syntax): each value to fill is a tab stop, in order, the first one first. */
  readonly snippet: string;
  /** The first value to fill in `text` (the deal's or portfolio's id): where the cursor goes when the text is shown as is. */
  readonly selection: { readonly start: TemplatePosition; readonly end: TemplatePosition };
}
