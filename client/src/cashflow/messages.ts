/**
 * The messages between the cash-flow panel (extension side) and its webview
 * page (webview/src). Plain types, no `vscode` import: both sides compile
 * against this module, and the webview gets its data by these messages only.
 */
import type { CashFlowResult, PortfolioCashFlowResult } from "../../../server/src/lsp/protocol";

export type CashFlowData = CashFlowResult | PortfolioCashFlowResult;

/** Extension -> webview. */
export type ToWebview =
  /** Draw this (the server's answer for `source`). */
  | { readonly type: "data"; readonly source: string; readonly data: CashFlowData }
  /** Nothing to draw: say why (the file has errors, the server is not running, ...). */
  | { readonly type: "empty"; readonly source: string; readonly reason: string }
  /** Export the chart: answer with an `image` message. */
  | { readonly type: "export"; readonly format: ImageFormat }
  /** Where an export was saved (or that it failed), to show in the page. */
  | { readonly type: "saved"; readonly text: string };

export type ImageFormat = "png" | "svg";

/** What the page drew, reported after each draw (tests and the command's result read it). */
export interface RenderReport {
  readonly kind: CashFlowData["kind"];
  readonly months: number;
  /** Stacked series: fees of a deal, providers of a portfolio. */
  readonly series: number;
  readonly total: string;
  readonly theme: string;
}

/** Webview -> extension. */
export type FromWebview =
  /** The page is loaded and listening: send it the current data. */
  | { readonly type: "ready" }
  | { readonly type: "rendered"; readonly report: RenderReport }
  /** An exported image: a PNG as a `data:image/png;base64,` URL, an SVG as its text. */
  | { readonly type: "image"; readonly format: ImageFormat; readonly data: string }
  /** The user asked for the schedule as CSV (the extension holds the server's CSV). */
  | { readonly type: "csv" }
  /** An error in the page's script. */
  | { readonly type: "error"; readonly message: string };

/** The webview panel's type id (also the key of its serializer, were one added). */
export const CASHFLOW_VIEW_TYPE = "dealspec.cashFlow";
