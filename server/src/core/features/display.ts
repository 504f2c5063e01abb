/**
 * The figures as display strings, for clients that show figures without
 * formatting money themselves (the VS Code status bar): exact strings with the
 * currency marker, and compact ones for tight spaces. And the one wording of
 * how complete the figures are, which every surface (CodeLens, inlay hints,
 * hovers, the status bar, the cash-flow chart, the CLI) shows with them.
 */
import type { Analysis } from "../analyze";
import { completeness } from "../json";
import { formatCompact, formatMoney, type Decimal } from "../money";
import type { PortfolioAnalysis } from "../portfolio/types";
import { sharePercent } from "../portfolio/figures";
import { baseName } from "../portfolio/uri";

/**
 * How complete a deal's figures are.
 * - `complete`: every fee was evaluated; the figures are the deal's.
 * - `partial`: some fees could not be read; the figures leave them out and
 *   must never be shown without saying so.
 * - `none`: no fee was evaluated (or there are no figures at all): no figure
 *   is shown, never a $0 total.
 */
export interface FiguresStatus {
  readonly kind: "complete" | "partial" | "none";
  /** As `complete` in the figures JSON: every fee was evaluated. */
  readonly complete: boolean;
  /** As `excluded` in the figures JSON: the fees left out, in file order (`#N` for an item without id). */
  readonly excluded: readonly string[];
  /** Short, for lenses, hints and the status bar: `incomplete: fee \`lease\` excluded`, `no figures: fix the errors`. Undefined when complete. */
  readonly label?: string;
  /** The mark of a partial figure: `partial: fee \`lease\` excluded`. Only when `partial`. */
  readonly partial?: string;
  /** One or two sentences for tooltips and hovers. Undefined when complete. */
  readonly detail?: string;
  /** Why there are no figures, in a few words (`no fee could be evaluated: fee \`lease\` has errors`). Only when `none`. */
  readonly reason?: string;
}

/** At most this many fees are named; more are counted. */
const NAMED = 3;

function quoted(id: string): string {
  // `#N` stands for an item without a readable id: it is not written in the file, so it is not code.
  return /^#\d+$/.test(id) ? id : `\`${id}\``;
}

/** `fee \`lease\``, `fees \`a\` and \`b\``, `fees \`a\`, \`b\`, \`c\` and 2 more`. */
function feeNames(ids: readonly string[]): string {
  return named("fee", ids);
}

function named(what: string, ids: readonly string[]): string {
  const shown = ids.slice(0, ids.length > NAMED ? NAMED : ids.length).map(quoted);
  const rest = ids.length - shown.length;
  const noun = ids.length === 1 ? what : `${what}s`;
  if (rest > 0) return `${noun} ${shown.join(", ")} and ${rest} more`;
  if (shown.length <= 1) return `${noun} ${shown.join("")}`;
  return `${noun} ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/** The first error inside the range of the value at `key` (top level), if any. */
function firstErrorIn(a: Partial<Pick<Analysis, "syntax" | "diagnostics">>, key: string): string | undefined {
  const located = a.syntax?.locate([key]);
  if (!located || !a.syntax) return undefined;
  const span = { start: a.syntax.keySpanOf([key]).start, end: a.syntax.spanOf([key]).end };
  return a.diagnostics?.find((d) => d.severity === "error" && d.span.start >= span.start && d.span.end <= span.end)?.message;
}

/**
 * Why a deal read as a model has no figures at all: the currency or term it
 * lacks or cannot read, or the error that stopped the schedule; and, when the
 * analysis is given, the first error there (`cause`), to say after it.
 */
function noFiguresWhy(a: Pick<Analysis, "model"> & Partial<Pick<Analysis, "syntax" | "diagnostics">>): { reason: string; cause?: string } {
  const m = a.model!;
  const present = (key: string) => a.syntax?.locate([key]) !== undefined;
  const missing: string[] = [];
  const unread: string[] = [];
  if (!m.currency) (present("currency") ? unread : missing).push("currency");
  if (!m.term) (present("term") ? unread : missing).push("term");
  const keys = (list: readonly string[], joint: string) => list.map((k) => `\`${k}\``).join(joint);
  const withCause = (reason: string, cause: string | undefined) => (cause === undefined ? { reason } : { reason, cause });
  if (unread.length > 0) {
    const reason = `the deal's ${keys(unread, " and ")} cannot be read${missing.length > 0 ? ` and it has no ${keys(missing, "")}` : ""}`;
    return withCause(reason, unread.map((k) => firstErrorIn(a, k)).find((x) => x !== undefined));
  }
  if (missing.length > 0) return { reason: `the deal has no ${keys(missing, " and no ")}` };
  return withCause("the schedule cannot be computed", a.diagnostics?.find((d) => d.severity === "error")?.message);
}

/**
 * How complete the figures of a deal (or of one of its scenarios) are, and how
 * to say so. With the analysis's syntax and diagnostics, a deal without
 * figures says which of its currency and term is missing or unreadable, and why.
 */
export function figuresStatus(a: Pick<Analysis, "model" | "figures"> & Partial<Pick<Analysis, "syntax" | "diagnostics">>): FiguresStatus {
  const { model, figures } = a;
  const { complete, excluded } = completeness(model, figures);
  if (!model || !figures || model.fees.length === 0) {
    const why = model && !figures ? noFiguresWhy(a) : undefined;
    const reason = !model
      ? "the file cannot be read as a deal"
      : why
        ? why.reason
        : excluded.length > 0
          ? `no fee could be evaluated: ${feeNames(excluded)} ${excluded.length === 1 ? "has" : "have"} errors`
          : "the deal has no fee to evaluate";
    const cause = why?.cause === undefined ? "" : ` ${/[.?!]$/.test(why.cause) ? why.cause : `${why.cause}.`}`;
    return { kind: "none", complete, excluded, label: "no figures: fix the errors", detail: `No figures: ${reason}.${cause} Fix the errors to compute them.`, reason };
  }
  if (complete) return { kind: "complete", complete, excluded };
  const names = feeNames(excluded);
  return {
    kind: "partial",
    complete,
    excluded,
    label: `incomplete: ${names} excluded`,
    partial: `partial: ${names} excluded`,
    detail: `The figures are partial: they leave out ${names}, which could not be read. Fix the errors for the deal's full figures.`,
  };
}

/**
 * The same for a portfolio: its figures are partial when a deal it reaches is
 * left out (errors, a duplicate id, no rate: each an error of the portfolio),
 * `none` when it has no figures or counts no deal. The words name the deals
 * left out (`incomplete: deal \`b\` left out`); `excluded` lists them.
 */
export function portfolioFiguresStatus(pa: PortfolioAnalysis): FiguresStatus {
  const excluded = pa.deals.filter((d) => d.status !== "counted").map((d) => d.analysis.model?.id ?? baseName(d.location));
  const f = pa.figures;
  if (!f || f.deals.length === 0) {
    const reason = !f ? "the portfolio's currency is not known" : excluded.length > 0 ? `no deal counts: ${named("deal", excluded)} left out` : "no deal is included";
    return { kind: "none", complete: false, excluded, label: "no figures: fix the errors", detail: `No figures: ${reason}. Fix the errors to compute them.`, reason };
  }
  if (excluded.length === 0) return { kind: "complete", complete: true, excluded };
  const names = named("deal", excluded);
  return {
    kind: "partial",
    complete: false,
    excluded,
    label: `incomplete: ${names} left out`,
    partial: `partial: ${names} left out`,
    detail: `The figures are partial: they leave out ${names}, which ${excluded.length === 1 ? "has" : "have"} errors or cannot be counted. Fix the errors for the portfolio's full figures.`,
  };
}

/**
 * Display strings of a deal's figures (`display` of the `dealspec/figures`
 * answer): exact with the currency marker, and compact for tight spaces.
 */
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
   * instead of any figure).
   */
  readonly state: FiguresStatus["kind"];
  /** When not complete, the words to show with (or instead of) the figures: `incomplete: fee \`lease\` excluded`, `no figures: fix the errors`. */
  readonly status?: string;
  /** When not complete: a sentence for a tooltip, saying what is left out and what to do. */
  readonly status_detail?: string;
}

export function figuresDisplay(analysis: Analysis): FiguresDisplay {
  const status = figuresStatus(analysis);
  const said = status.label === undefined ? {} : { status: status.label, status_detail: status.detail! };
  const f = analysis.figures;
  if (!f || status.kind === "none") return { exit_exposure: [], state: status.kind, ...said };
  const exact = (v: Decimal | undefined) => (v === undefined ? undefined : formatMoney(v, f.currency));
  const out: { -readonly [K in keyof FiguresDisplay]: FiguresDisplay[K] } = {
    total: exact(f.total),
    total_compact: formatCompact(f.total, f.currency),
    run_rate: exact(f.runRate.amount),
    run_rate_compact: formatCompact(f.runRate.amount, f.currency),
    exit_exposure: f.exits.map((e) => formatMoney(e.exposure, f.currency)),
    state: status.kind,
    ...said,
  };
  if (f.peakMonth) out.peak_month = exact(f.peakMonth.amount);
  if (f.npv) out.npv = exact(f.npv.amount);
  if (f.shortfall) out.shortfall = exact(f.shortfall);
  return out;
}

/** Display strings of a portfolio's figures (`display` of the `dealspec/figures` answer on a portfolio file). */
export interface PortfolioFiguresDisplay {
  readonly total?: string;
  readonly total_compact?: string;
  readonly firm_commitment?: string;
  /** The providers by total, largest first: name, exact total, share (`49.19%`; absent when the total is not above zero). */
  readonly providers: readonly { readonly name: string; readonly total: string; readonly share?: string }[];
  /** As in `FiguresDisplay`: `partial` when deals are left out, `none` when there is no figure to show. */
  readonly state: FiguresStatus["kind"];
  readonly status?: string;
  readonly status_detail?: string;
}

/** The portfolio's figures as display strings, for the status bar: no money string when there are no figures. */
export function portfolioFiguresDisplay(pa: PortfolioAnalysis): PortfolioFiguresDisplay {
  const status = portfolioFiguresStatus(pa);
  const said = status.label === undefined ? {} : { status: status.label, status_detail: status.detail! };
  const f = pa.figures;
  if (!f || status.kind === "none") return { providers: [], state: status.kind, ...said };
  return {
    total: formatMoney(f.total, f.currency),
    total_compact: formatCompact(f.total, f.currency),
    firm_commitment: formatMoney(f.firmCommitment, f.currency),
    providers: f.providers.map((p) => ({
      name: p.name,
      total: formatMoney(p.total, f.currency),
      ...(p.share === undefined ? {} : { share: `${sharePercent(p.share).toFixed(2)}%` }),
    })),
    state: status.kind,
    ...said,
  };
}
