/**
 * What the client shows, as plain data: no `vscode` import, so it runs (and is
 * tested) under plain Node. The client has no domain logic: every figure here
 * is a string the server computed; this module only places those strings.
 */
import type { FiguresDisplay } from "../../server/src/lsp/protocol";
import { SCHEDULE_SCHEME } from "./ids";

/** The part of the `dealspec/figures` answer (the specification's JSON shape) that the client shows. */
export interface FiguresView {
  readonly deal: string | null;
  readonly currency: string | null;
  readonly term?: { readonly start: string; readonly end: string; readonly days: number } | null;
  readonly total: string | null;
  readonly run_rate: string | null;
  readonly peak_month?: string | null;
  readonly npv?: string | null;
  readonly exit_exposure?: readonly (string | null)[];
  readonly shortfall?: string | null;
  /** The same figures formatted by the server (`$45,000,000,000.00`, `$45B`); older servers omit it. */
  readonly display?: FiguresDisplay;
}

/** The status bar item's content. */
export interface StatusView {
  readonly text: string;
  /** Markdown lines for the hover of the item. */
  readonly tooltip: readonly string[];
  /** True when the figures could not be computed (the file has errors the engine stops at). */
  readonly incomplete: boolean;
}

/** Places a server-provided amount next to its currency code: `USD 45000000000.00`. */
function amount(value: string | null | undefined, currency: string | null): string | null {
  if (value === null || value === undefined) return null;
  return currency ? `${currency} ${value}` : value;
}

/** The status bar item for one deal's figures, or for none (`null`: the server had no answer). */
export function statusView(figures: FiguresView | null): StatusView {
  if (!figures || figures.total === null) {
    return {
      text: "$(warning) Dealspec: no figures",
      tooltip: ["**Dealspec**: the figures cannot be computed until the errors in this file are fixed (see Problems)."],
      incomplete: true,
    };
  }
  const d = figures.display;
  const total = d?.total ?? amount(figures.total, figures.currency);
  const runRate = figures.run_rate === null ? null : (d?.run_rate ?? amount(figures.run_rate, figures.currency));
  const shortTotal = d?.total_compact ?? total;
  const shortRunRate = d?.run_rate_compact ?? runRate;
  const text = shortRunRate === null ? `$(graph) Total ${shortTotal}` : `$(graph) Total ${shortTotal} · Run rate ${shortRunRate}/yr`;
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
    ...rows.filter((row): row is [string, string] => row[1] !== null).map(([label, value]) => `- ${label}: \`${value}\``),
    "",
    "Click to show the payment schedule.",
  ];
  return { text, tooltip, incomplete: false };
}

/**
 * The parts of the schedule document's URI for a deal file: its path names the
 * deal file (so the tab reads `colossus-1.deal.yaml (schedule).md`), its query is
 * the deal file's URI, which is all the content provider needs.
 */
export function scheduleUriParts(dealUri: string): { scheme: string; path: string; query: string } {
  const lastSegment = dealUri.replace(/[?#].*$/, "").split(/[/:]/).pop() || "deal";
  let base: string;
  try {
    base = decodeURIComponent(lastSegment);
  } catch {
    base = lastSegment;
  }
  return { scheme: SCHEDULE_SCHEME, path: `/${base} (schedule).md`, query: dealUri };
}

/** The text shown in a schedule document when the server has no schedule for the file. */
export function noScheduleText(dealUri: string, reason?: string): string {
  return [
    "# Payment schedule",
    "",
    `No schedule for \`${dealUri}\`: ${reason ?? "the file has errors that stop the computation, or it is not open"}.`,
    "",
  ].join("\n");
}
