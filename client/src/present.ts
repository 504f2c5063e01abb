/**
 * What the client shows, as plain data: no `vscode` import, so it runs (and is
 * tested) under plain Node. The client has no domain logic: every figure here
 * is a string the server computed; this module only places those strings.
 */
import type { DealFiguresResult, FiguresDisplay, PortfolioFiguresDisplay, PortfolioFiguresResult } from "../../protocol/src";

/** A display as an older server may send it: `state` came later, so the client checks for it. */
type OlderDisplay<T extends { readonly state: unknown }> = Omit<T, "state"> & Partial<Pick<T, "state">>;

/**
 * The part of the `dealspec/figures` answer (the specification's JSON shape)
 * that the client shows; what it can do without is optional.
 */
export type FiguresView = Pick<DealFiguresResult, "deal" | "currency" | "total" | "run_rate"> &
  Partial<Pick<DealFiguresResult, "term" | "peak_month" | "npv" | "exit_exposure" | "shortfall" | "complete" | "excluded">> & {
    /** The same figures formatted by the server (`$45,000,000,000.00`, `$45B`); older servers omit it. */
    readonly display?: OlderDisplay<FiguresDisplay>;
  };

/** The part of the `dealspec/figures` answer on a portfolio file that the client shows. */
export type PortfolioFiguresView = Pick<PortfolioFiguresResult, "portfolio" | "currency" | "total"> &
  Partial<Pick<PortfolioFiguresResult, "firm_commitment">> & {
    /** The same figures formatted by the server; older servers omit it. */
    readonly display?: OlderDisplay<PortfolioFiguresDisplay>;
  };

/** Either answer of `dealspec/figures`: a deal's or a portfolio's. */
export type AnyFiguresView = FiguresView | PortfolioFiguresView;

function isPortfolioFigures(figures: AnyFiguresView | null): figures is PortfolioFiguresView {
  return figures !== null && "portfolio" in figures;
}

/** The status bar item's content. */
export interface StatusView {
  readonly text: string;
  /** Markdown lines for the hover of the item. */
  readonly tooltip: readonly string[];
  /** True when there are no figures, or they are partial (errors left fees out). */
  readonly incomplete: boolean;
}

/** Places a server-provided amount next to its currency code: `USD 45000000000.00`. */
function amount(value: string | null | undefined, currency: string | null): string | null {
  if (value === null || value === undefined) return null;
  return currency ? `${currency} ${value}` : value;
}

/** The status bar item for one deal's or portfolio's figures, or for none (`null`: the server had no answer). */
export function statusView(figures: AnyFiguresView | null): StatusView {
  if (isPortfolioFigures(figures)) return portfolioStatusView(figures);
  const d = figures?.display;
  if (!figures || figures.total === null || d?.state === "none") {
    // No figure at all, never a $0 one: the server's words say why.
    return {
      text: d?.status ? `$(warning) Dealspec: ${d.status}` : "$(warning) Dealspec: no figures",
      tooltip: [
        d?.status_detail ? `**Dealspec: ${figures?.deal ?? "deal"}**: ${d.status_detail}` : "**Dealspec**: the figures cannot be computed until the errors in this file are fixed (see Problems).",
      ],
      incomplete: true,
    };
  }
  const total = d?.total ?? amount(figures.total, figures.currency);
  const runRate = figures.run_rate === null ? null : (d?.run_rate ?? amount(figures.run_rate, figures.currency));
  const shortTotal = d?.total_compact ?? total;
  const shortRunRate = d?.run_rate_compact ?? runRate;
  const headline = shortRunRate === null ? `Total ${shortTotal}` : `Total ${shortTotal} · Run rate ${shortRunRate}/yr`;
  // Partial figures lead with the server's words for what they leave out.
  const partial = d?.state === "partial" && d.status !== undefined;
  const text = partial ? `$(warning) ${d.status} · ${headline}` : `$(graph) ${headline}`;
  const rows: [string, string | null][] = [
    ["Total", total],
    ["Run rate (per year)", runRate],
    ["Peak month", d?.peak_month ?? amount(figures.peak_month, figures.currency)],
    ["NPV", d?.npv ?? amount(figures.npv, figures.currency)],
    ["Shortfall", d?.shortfall ?? amount(figures.shortfall, figures.currency)],
  ];
  (figures.exit_exposure ?? []).forEach((exposure, i, all) => {
    rows.push([all.length > 1 ? `Exit exposure (clause ${i + 1})` : "Exit exposure", d?.exit_exposure[i] ?? amount(exposure, figures.currency)]);
  });
  const tooltip = [
    `**Dealspec: ${figures.deal ?? "deal"}**` + (figures.term ? ` (${figures.term.start} to ${figures.term.end}, ${figures.term.days} days)` : ""),
    "",
    ...(partial ? [`**$(warning) ${d.status}**: ${d.status_detail ?? ""}`, ""] : []),
    ...rows.filter((row): row is [string, string] => row[1] !== null).map(([label, value]) => `- ${label}: \`${value}\``),
    "",
    "Click to show the payment schedule.",
  ];
  return { text, tooltip, incomplete: partial };
}

/** The status bar item for a portfolio: its total and the providers' shares, as the server formatted them. */
function portfolioStatusView(figures: PortfolioFiguresView): StatusView {
  const d = figures.display;
  const name = figures.portfolio ?? "portfolio";
  if (figures.total === null || d?.state === "none") {
    return {
      text: d?.status ? `$(warning) Dealspec: ${d.status}` : "$(warning) Dealspec: no figures",
      tooltip: [
        d?.status_detail ? `**Dealspec: ${name}**: ${d.status_detail}` : "**Dealspec**: the portfolio's figures cannot be computed until the errors are fixed (see Problems).",
      ],
      incomplete: true,
    };
  }
  const total = d?.total ?? amount(figures.total, figures.currency)!;
  const providers = d?.providers ?? [];
  const headline = `Portfolio ${d?.total_compact ?? total} · ${providers.length} ${providers.length === 1 ? "provider" : "providers"}`;
  const partial = d?.state === "partial" && d.status !== undefined;
  const text = partial ? `$(warning) ${d.status} · ${headline}` : `$(graph) ${headline}`;
  const firm = d?.firm_commitment ?? amount(figures.firm_commitment, figures.currency);
  const tooltip = [
    `**Dealspec: ${name}** (portfolio)`,
    "",
    ...(partial ? [`**$(warning) ${d.status}**: ${d.status_detail ?? ""}`, ""] : []),
    `- Total: \`${total}\``,
    ...(firm ? [`- Firm commitment: \`${firm}\``] : []),
    ...providers.map((p) => `- ${p.name || "(no provider)"}: \`${p.total}\`${p.share ? ` (${p.share})` : ""}`),
    "",
    "Click to show the schedule by year and provider.",
  ];
  return { text, tooltip, incomplete: partial };
}

/** What "Copy Figures as JSON" does with the server's answer: copy it or not, and what to tell the user. */
export interface CopyView {
  /** The JSON text to copy (the answer as is), or undefined when there is nothing to copy. */
  readonly json?: string;
  /** A warning to show (no figures, or partial ones). */
  readonly warning?: string;
  /** A short confirmation for the status bar, when the copy was clean. */
  readonly done?: string;
}

export function copyView(figures: AnyFiguresView | null): CopyView {
  const d = figures?.display;
  if (!figures || figures.total === null || d?.state === "none") {
    return { warning: d?.status_detail ? `Dealspec: ${d.status_detail}` : "Dealspec: no figures for this file; fix the errors shown in Problems first." };
  }
  const json = `${JSON.stringify(figures, null, 2)}\n`;
  if (d?.state === "partial") return { json, warning: `Dealspec: figures copied as JSON, with "complete": false. ${d.status_detail ?? ""}`.trim() };
  return { json, done: "$(check) Dealspec: figures copied as JSON" };
}
