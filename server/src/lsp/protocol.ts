/**
 * The custom requests between the VS Code client and the language server:
 * the only module both sides share. It holds names and shapes, no logic.
 */

/**
 * `dealspec/figures`: the figures of one open deal file, in the JSON shape of
 * the language specification, plus `display`: the same figures formatted by
 * the server, so that the client never formats money itself.
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
}

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
