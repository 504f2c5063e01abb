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
 * language specification, or of one portfolio file, in the JSON shape of
 * docs/portfolio.md (`dealspec totals --json` of that file).
 */
export const FIGURES_REQUEST = "dealspec/figures";

/** `dealspec/schedule`: the payment schedule of one open deal file, for "Show Schedule" and charts. */
export const SCHEDULE_REQUEST = "dealspec/schedule";

export interface DocumentParams {
  /** The document's URI, as the client knows it. */
  readonly uri: string;
}

/** One charge of the schedule, money as exact decimal strings. */
export interface ScheduleRow {
  readonly fee: string;
  readonly label?: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly paid: string;
  readonly amount: string;
  /** Days covered out of the full period, when prorated. */
  readonly prorated?: { readonly days: number; readonly of: number };
  readonly escalations: number;
}

export interface ScheduleResult {
  readonly deal: string | null;
  readonly currency: string | null;
  readonly total: string | null;
  readonly rows: readonly ScheduleRow[];
  /** `YYYY-MM` to the sum paid in that month. */
  readonly months: Readonly<Record<string, string>>;
  readonly years: Readonly<Record<string, string>>;
  /** The schedule as readable Markdown (per month and per year, with totals), for the client to show as is. */
  readonly markdown: string;
}
