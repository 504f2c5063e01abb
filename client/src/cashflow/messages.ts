/**
 * The messages between the cash-flow panel (extension side) and its webview
 * page (webview/src). Plain types, no `vscode` import: both sides compile
 * against this module, and the webview gets its data by these messages only.
 */
import type { CashFlowView, PortfolioCashFlowView } from "../../../protocol/src";

/** The `dealspec/cashflow` answer the page draws: a deal's or a portfolio's. */
export type CashFlowData = CashFlowView | PortfolioCashFlowView;

/** Extension -> webview. */
export type ToWebview =
  /** Draw this (the server's answer for `source`). */
  | { readonly type: "data"; readonly source: string; readonly data: CashFlowData }
  /** Nothing to draw: say why (the file has errors, the server is not running, ...). */
  | { readonly type: "empty"; readonly source: string; readonly reason: string }
  /** Export a chart (default the cash flow): answer with an `image` message. */
  | { readonly type: "export"; readonly format: ImageFormat; readonly chart?: ChartId }
  /** Where an export was saved (or that it failed), to show in the page. */
  | { readonly type: "saved"; readonly text: string };

export type ImageFormat = "png" | "svg";

/**
 * The charts of the page: the cash flow (with the scenarios picked overlaid),
 * the scenarios' running totals (CSV only), each termination clause's exit
 * curve (`exit-curve-1`, 1-based) and the sensitivity's tornado.
 */
export type ChartId = "cashflow" | "scenarios" | "sensitivity" | `exit-curve-${number}`;

/** The server's CSV of a chart and the file name stem of its exports; undefined when the data has no such chart. */
export function exportOf(data: CashFlowData, chart: ChartId = "cashflow"): { readonly csv: string; readonly fileStem: string } | undefined {
  if (chart === "cashflow") return { csv: data.csv, fileStem: data.fileStem };
  if (data.kind !== "deal") return undefined;
  if (chart === "scenarios") return data.scenarios.length > 0 ? { csv: data.scenariosCsv, fileStem: data.scenariosFileStem } : undefined;
  if (chart === "sensitivity") return data.sensitivity ? { csv: data.sensitivity.csv, fileStem: data.sensitivity.fileStem } : undefined;
  const clause = /^exit-curve-([1-9][0-9]*)$/.exec(chart);
  const curve = clause ? data.exitCurves.find((c) => c.clause === Number(clause[1])) : undefined;
  return curve ? { csv: curve.csv, fileStem: curve.fileStem } : undefined;
}

/** What the page drew, reported after each draw (tests and the command's result read it). */
export interface RenderReport {
  /** The document whose data was drawn (the `source` of the data message), so a drawing is never credited to a document the panel has since moved to. */
  readonly source: string;
  readonly kind: CashFlowData["kind"];
  readonly months: number;
  /** Stacked series: fees of a deal, providers of a portfolio. */
  readonly series: number;
  readonly total: string;
  readonly theme: string;
  /** The charts drawn, in page order: `cashflow`, then `exit-curve-N` per clause, then `sensitivity`. */
  readonly charts: readonly ChartId[];
  /** The scenarios overlaid on the cash flow, by id. */
  readonly overlays: readonly string[];
}

/** Webview -> extension. */
export type FromWebview =
  /** The page is loaded and listening: send it the current data. */
  | { readonly type: "ready" }
  | { readonly type: "rendered"; readonly report: RenderReport }
  /** An exported image of a chart (default the cash flow): a PNG as a `data:image/png;base64,` URL, an SVG as its text. */
  | { readonly type: "image"; readonly format: ImageFormat; readonly data: string; readonly chart?: ChartId }
  /** The user asked for a chart's data as CSV (default the schedule; the extension holds the server's CSVs, see `exportOf`). */
  | { readonly type: "csv"; readonly chart?: ChartId }
  /** An error in the page's script. */
  | { readonly type: "error"; readonly message: string };

/** The webview panel's type id (also the key of its serializer, were one added). */
export const CASHFLOW_VIEW_TYPE = "dealspec.cashFlow";
