/**
 * The protocol between the Dealspec language server and its VS Code client:
 * the only module both sides share. It declares every custom request as a
 * typed `RequestType` (its method, params and result), the command ids and
 * the language ids. It holds names and shapes, no logic.
 *
 * The client sends each request through its type (`client.sendRequest(
 * FiguresRequest.type, params)`, the result typed, never a method string with
 * a cast); the server registers its handler through the same type. A new
 * custom request is declared here, answered in server/src/lsp/requests.ts,
 * and listed in `CUSTOM_REQUESTS` (test/client/protocol.test.ts checks both
 * ends against that list).
 *
 * The domain views the answers carry (the schedule, the display strings, the
 * cash flow) are owned by the core, which computes them
 * (server/src/core/features/); they are re-exported here as types only, so
 * that this module's one run-time import stays `vscode-jsonrpc`, which both
 * the client and the server library use.
 */
import { RequestType } from "vscode-jsonrpc";
import type { FiguresJson, PortfolioFiguresJson } from "../../server/src/core";
import type { FiguresDisplay, PortfolioFiguresDisplay, ScheduleView } from "../../server/src/core/features";
import type { CashFlowView, PortfolioCashFlowView } from "../../server/src/core/features/cashflow";
import type { KeyDateEntry } from "../../server/src/core/features/keyDates";

export type { FiguresJson, PortfolioFiguresJson } from "../../server/src/core";
export type { FiguresDisplay, PortfolioFiguresDisplay, ScheduleColumnView, ScheduleGroupView, ScheduleTableView, ScheduleView } from "../../server/src/core/features";
export type { KeyDateEntry } from "../../server/src/core/features/keyDates";
export type { ScheduleRowJson } from "../../server/src/core/schedule/csv";
export type {
  CashFlowAxisView,
  CashFlowExitCurveView,
  CashFlowExitView,
  CashFlowFeeView,
  CashFlowMoneyView,
  CashFlowMonthView,
  CashFlowPartView,
  CashFlowScenarioFiguresView,
  CashFlowScenarioMonthView,
  CashFlowScenarioView,
  CashFlowSensitivityVariantView,
  CashFlowSensitivityView,
  CashFlowView,
  CashFlowWindowView,
  PortfolioCashFlowMonthView,
  PortfolioCashFlowProviderView,
  PortfolioCashFlowView,
} from "../../server/src/core/features/cashflow";

// Language ids ----------------------------------------------------------------

/** The language id of deal files (`*.deal.yaml`, `*.deal.yml`), as the manifest contributes it. */
export const DEAL_LANGUAGE_ID = "dealspec";

/**
 * The language id of portfolio files (`*.portfolio.yaml`, `*.portfolio.yml`),
 * as the manifest contributes it. The server tells the kinds apart by file
 * name; the id matters for documents without one (`untitled:`).
 */
export const PORTFOLIO_LANGUAGE_ID = "dealspec-portfolio";

// Commands --------------------------------------------------------------------

/**
 * Command ids, each declared in the manifest's `contributes.commands` and
 * registered by the client. The server names two of them in its CodeLens.
 */
export const COMMANDS = {
  /** Argument: the deal file's URI string (the server's CodeLens sends it), a `Uri`, or none (the active editor). */
  showSchedule: "dealspec.showSchedule",
  /** Argument as for `showSchedule` (the server's "Show cash flow" CodeLens sends the URI string). */
  showCashFlow: "dealspec.showCashFlow",
  copyFigures: "dealspec.copyFigures",
  restartServer: "dealspec.restartServer",
  /** File > New File... > "Dealspec deal": an untitled deal from the server's template. */
  newDeal: "dealspec.newDeal",
  /** File > New File... > "Dealspec portfolio". */
  newPortfolio: "dealspec.newPortfolio",
  /** The refresh button of the "Dealspec: Key Dates" view. */
  refreshKeyDates: "dealspec.refreshKeyDates",
} as const;

// Custom requests -------------------------------------------------------------

/** A custom request: its method, and its type (method, params and result) for `sendRequest` and `onRequest`. */
export interface CustomRequest<P, R> {
  readonly method: string;
  readonly type: RequestType<P, R, void>;
}

function request<P, R>(method: string): CustomRequest<P, R> {
  return { method, type: new RequestType<P, R, void>(method) };
}

/** The params of the requests about one document. */
export interface DocumentParams {
  /** The document's URI, as the client knows it. */
  readonly uri: string;
}

/** The `dealspec/figures` answer on a deal file. */
export type DealFiguresResult = FiguresJson & { readonly display: FiguresDisplay };

/** The `dealspec/figures` answer on a portfolio file. */
export type PortfolioFiguresResult = PortfolioFiguresJson & { readonly display: PortfolioFiguresDisplay };

/** Either answer of `dealspec/figures`: a portfolio's has `portfolio`, a deal's `deal`. */
export type FiguresResult = DealFiguresResult | PortfolioFiguresResult;

/**
 * `dealspec/figures`: the figures of one deal file, in the JSON shape of the
 * language specification, plus `display`: the same figures formatted by the
 * server, so that the client never formats money itself. On a portfolio file,
 * the portfolio's figures in the JSON shape of docs/portfolio.md (`dealspec
 * totals --json` of that file), plus `display`: `PortfolioFiguresDisplay`.
 */
export const FiguresRequest = request<DocumentParams, FiguresResult>("dealspec/figures");

/**
 * `dealspec/schedule`: the payment schedule of a deal file, for "Show
 * Schedule": every charge in paid order (`rows`, the fields of `dealspec
 * schedule --format json`), the same as display strings grouped by calendar
 * year with a subtotal per year and a totals row (`table`), and the CSV text
 * (`dealspec schedule --format csv`'s). On a portfolio file: every counted
 * deal's charges, with the deal's id first (`kind: "portfolio"`, `deal` is
 * the portfolio's id). Computed by `scheduleOf` and `portfolioScheduleOf` in
 * server/src/core/features/schedule.ts.
 */
export const ScheduleRequest = request<DocumentParams, ScheduleView>("dealspec/schedule");

/**
 * `dealspec/cashflow`: a deal's payments month by month, for the cash-flow
 * chart ("Dealspec: Show Cash Flow"): `CashFlowView` (`cashFlowOf` in
 * server/src/core/features/cashflow.ts), or `null` when the file has no
 * figures (errors stop the computation, or no fee could be read). On a
 * portfolio file, `PortfolioCashFlowView` (`portfolioCashFlowOf`).
 */
export const CashFlowRequest = request<DocumentParams, CashFlowView | PortfolioCashFlowView | null>("dealspec/cashflow");

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

/**
 * `dealspec/template`: the text of a new deal or portfolio file, for the
 * editor's File > New File... entries ("Dealspec deal", "Dealspec
 * portfolio"). It is the template `dealspec init` writes (`newFileTemplate`
 * in server/src/core/templates.ts), with the term starting on the first day
 * of next month. Needs no document.
 */
export const TemplateRequest = request<TemplateParams, TemplateResult>("dealspec/template");

export interface KeyDatesParams {
  /** Today's date, `YYYY-MM-DD`, as the client's clock has it: the server has no clock. Absent: the `today` of the initialization options, else no distances. */
  readonly today?: string;
}

/** One key date of the workspace: where it is written and every string the view shows. */
export type KeyDateItem = Omit<KeyDateEntry, "span"> & {
  /** The deal file's URI (the open document's when it is open). */
  readonly uri: string;
  readonly range: { readonly start: TemplatePosition; readonly end: TemplatePosition };
};

export interface KeyDatesResult {
  /** The day the distances are counted from, `YYYY-MM-DD`, when there is one. */
  readonly today?: string;
  /** In date order (ties: by URI, then the deal's own order), as `dealspec calendar` lists them. */
  readonly dates: readonly KeyDateItem[];
}

/**
 * `dealspec/keyDates`: the key dates of every deal file in the workspace (the
 * server's workspace index, and open deal documents as edited), as `dealspec
 * calendar` lists them (`keyDates` in server/src/core/keyDates.ts), each with
 * its distance from the given today (`keyDateEntries` in
 * server/src/core/features/keyDates.ts). Needs no document.
 */
export const KeyDatesRequest = request<KeyDatesParams, KeyDatesResult>("dealspec/keyDates");

/** Every custom request, as the server answers them. */
export const CUSTOM_REQUESTS = [FiguresRequest, ScheduleRequest, CashFlowRequest, TemplateRequest, KeyDatesRequest] as const;

// The file host (the browser build) -------------------------------------------
//
// In the browser (github.dev, vscode.dev) the language server runs in a web
// worker with no file system: its file host (server/src/browser/host.ts) asks
// the client, which answers through VS Code's `workspace.fs`, so the workspace
// may be a virtual file system. The Node build reads files itself and sends
// none of these. A failure is not an error of the request: the answer says
// what was found instead (`FileProblem`), as the file policy expects.

/** What a file access found instead of the file: no such file, no permission, a folder, or something else (`detail`). */
export interface FileProblem {
  readonly problem: "missing" | "denied" | "folder" | "other";
  readonly detail?: string;
}

export interface FileLocationParams {
  /** The file's or folder's URI, as the server knows it (canonical). */
  readonly uri: string;
}

/** A file's status (links followed): its type, size in bytes and modification time in milliseconds. */
export interface FileStatResult {
  readonly type: "file" | "folder" | "other";
  readonly size: number;
  readonly mtime: number;
}

/** One entry of a folder, its type without following a link. */
export interface FolderEntry {
  readonly name: string;
  readonly type: "file" | "folder" | "link" | "other";
}

/** A file's bytes, base64 (the message stays JSON). */
export interface FileBytes {
  readonly base64: string;
}

/** `dealspec/fileStat`: the status of a file or folder (`workspace.fs.stat`). */
export const FileStatRequest = request<FileLocationParams, FileStatResult | FileProblem>("dealspec/fileStat");

/** `dealspec/readFolder`: the entries of a folder (`workspace.fs.readDirectory`). */
export const ReadFolderRequest = request<FileLocationParams, readonly FolderEntry[] | FileProblem>("dealspec/readFolder");

/** `dealspec/readFile`: the bytes of a file (`workspace.fs.readFile`). */
export const ReadFileRequest = request<FileLocationParams, FileBytes | FileProblem>("dealspec/readFile");

/** Every request the server sends and the client answers: the browser build's file host. */
export const FILE_HOST_REQUESTS = [FileStatRequest, ReadFolderRequest, ReadFileRequest] as const;

