/**
 * The messages between the schedule panel (extension side) and its webview
 * page (webview/src/schedule.ts). Plain types, no `vscode` import: both sides
 * compile against this module, and the page gets its data by these messages
 * only.
 */
import type { ScheduleView } from "../../../protocol/src";

/** Extension -> webview. */
export type ToScheduleWebview =
  /** Show this (the server's answer for `source`). */
  | { readonly type: "data"; readonly source: string; readonly data: ScheduleView }
  /** Nothing to show: say why (the server is not running, it did not answer, ...). */
  | { readonly type: "empty"; readonly source: string; readonly reason: string }
  /** Where the CSV was saved, to show in the page. */
  | { readonly type: "saved"; readonly text: string };

/** What the page showed, reported after each rendering (tests and the command's result read it). */
export interface ScheduleRenderReport {
  /** The document whose schedule was shown (the data message's `source`). */
  readonly source: string;
  readonly kind: ScheduleView["kind"];
  /** The year groups, in order (`2026`, ...). */
  readonly groups: readonly string[];
  /** Payment rows in the table. */
  readonly rows: number;
  /** The totals row as shown, one string per column. */
  readonly totals: readonly string[];
  /** The body's theme class (`vscode-light`, `vscode-dark`, ...). */
  readonly theme: string;
}

/** Webview -> extension. */
export type FromScheduleWebview =
  /** The page is loaded and listening: send it the current data. */
  | { readonly type: "ready" }
  | { readonly type: "rendered"; readonly report: ScheduleRenderReport }
  /** "Export CSV": the extension saves the server's CSV text (the page cannot write files). */
  | { readonly type: "csv" }
  /** An error in the page's script. */
  | { readonly type: "error"; readonly message: string };

/** The webview panel's type id. */
export const SCHEDULE_VIEW_TYPE = "dealspec.schedule";
