/**
 * "Dealspec: Show Cash Flow": one webview panel beside the editor that draws
 * the cash flow the server computes (`dealspec/cashflow`) for a deal file, or
 * for a portfolio (stacked by provider). It
 * follows the document (redrawn on each change the client hears of: new
 * diagnostics, or a pause in typing), follows the active deal or portfolio file, and saves
 * the exports the page makes (PNG, SVG) or the server's CSV where the user
 * picks. The page (webview/src) gets its data by messages only.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { ErrorCodes, ResponseError, State, type LanguageClient } from "vscode-languageclient/node";
import { CashFlowRequest, type DocumentParams } from "../../../protocol/src";
import type { DealChanges } from "../changes";
import { isToolLanguage } from "../ids";
import { cashFlowPage, makeNonce } from "./html";
import { CASHFLOW_VIEW_TYPE, exportOf, type CashFlowData, type ChartId, type FromWebview, type ImageFormat, type RenderReport, type ToWebview } from "./messages";

/** Longest the command waits for the page to report its first drawing. */
const RENDER_WAIT_MS = 20_000;
/** Largest export the extension accepts from the page. */
const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

export interface ShowResult {
  /** The deal file shown. */
  readonly uri: string;
  /** What the page drew, or null when there was nothing to draw (or it did not report in time). */
  readonly rendered: RenderReport | null;
  /** Why nothing was drawn, when it was not. */
  readonly reason?: string;
  /** Errors the page reported since the panel opened. */
  readonly errors: readonly string[];
}

/** The last segment of a URI, decoded: the tab title's file name. */
export function fileName(uri: string): string {
  const last = uri.replace(/[?#].*$/, "").split("/").pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export class CashFlowPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private target: string | undefined;
  private ready = false;
  /** The last message for the page (data or empty), re-sent when the page (re)loads. */
  private current: ToWebview | undefined;
  private data: CashFlowData | undefined;
  private pending: vscode.CancellationTokenSource | undefined;
  private readonly waiting: ((report: RenderReport | null) => void)[] = [];
  private readonly errors: string[] = [];
  private readonly rendered = new vscode.EventEmitter<RenderReport & { readonly uri: string }>();
  private readonly subscriptions: vscode.Disposable[] = [this.rendered];

  /** Fires each time the page has drawn (the extension's API exposes it, for tests and other extensions). */
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    changes: DealChanges,
  ) {
    this.subscriptions.push(
      changes.onDidChange((uri) => {
        if (this.panel && (uri === undefined || uri === this.target)) void this.refresh();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const document = editor?.document;
        if (!this.panel || !document || !isToolLanguage(document.languageId)) return;
        const uri = document.uri.toString();
        if (uri === this.target) return;
        this.target = uri;
        this.panel.title = this.title();
        void this.refresh();
      }),
    );
  }

  private title(): string {
    return `Cash Flow: ${this.target ? fileName(this.target) : ""}`;
  }

  private get bundleDir(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.extensionUri, "client", "out", "webview");
  }

  /** Opens (or reveals) the panel on a deal file and resolves once the page has drawn it (or said why not). */
  async show(uri: string): Promise<ShowResult> {
    this.target = uri;
    if (this.panel) {
      this.panel.title = this.title();
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      this.panel = this.create();
    }
    const drawn = new Promise<RenderReport | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), RENDER_WAIT_MS);
      this.waiting.push((report) => {
        clearTimeout(timer);
        resolve(report);
      });
    });
    await this.refresh();
    const rendered = await drawn;
    const current = this.current;
    return { uri, rendered, ...(current?.type === "empty" ? { reason: current.reason } : {}), errors: [...this.errors] };
  }

  private create(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(CASHFLOW_VIEW_TYPE, this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [this.bundleDir],
    });
    const webview = panel.webview;
    webview.html = cashFlowPage({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.bundleDir, "cashflow.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.bundleDir, "cashflow.css")).toString(),
    });
    this.ready = false;
    panel.onDidDispose(
      () => {
        this.pending?.cancel();
        this.panel = undefined;
        this.ready = false;
        this.current = undefined;
        this.data = undefined;
        this.settle(null);
      },
      undefined,
      this.subscriptions,
    );
    webview.onDidReceiveMessage((m: FromWebview) => void this.receive(m), undefined, this.subscriptions);
    return panel;
  }

  /** Asks the server for the target's cash flow and sends the page what it got; returns that message (undefined when superseded). */
  private async refresh(): Promise<ToWebview | undefined> {
    const uri = this.target;
    if (!uri || !this.panel) return undefined;
    this.pending?.cancel();
    this.pending?.dispose();
    const source = new vscode.CancellationTokenSource();
    this.pending = source;
    let message: ToWebview;
    if (this.client.state !== State.Running) {
      message = { type: "empty", source: uri, reason: this.client.state === State.Starting ? "The Dealspec language server is starting..." : "The Dealspec language server is not running: run \"Dealspec: Restart Language Server\"." };
    } else {
      try {
        const params: DocumentParams = { uri };
        const result = await this.client.sendRequest(CashFlowRequest.type, params, source.token);
        if (source.token.isCancellationRequested) return undefined;
        message = result
          ? { type: "data", source: uri, data: result }
          : { type: "empty", source: uri, reason: `No figures for ${fileName(uri)}: fix the errors shown in Problems first.` };
      } catch (error) {
        if (source.token.isCancellationRequested) return undefined;
        const reason =
          error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound
            ? `This Dealspec language server does not compute cash flows (${CashFlowRequest.method}).`
            : `The language server did not answer ${CashFlowRequest.method}: ${error instanceof Error ? error.message : String(error)}`;
        message = { type: "empty", source: uri, reason };
      }
    }
    this.current = message;
    this.data = message.type === "data" ? message.data : undefined;
    // Nothing will be drawn: whoever waits for a drawing learns it now.
    if (message.type === "empty") this.settle(null);
    if (this.ready) await this.panel?.webview.postMessage(message);
    return message;
  }

  private settle(report: RenderReport | null): void {
    for (const resolve of this.waiting.splice(0)) resolve(report);
  }

  private async receive(m: FromWebview): Promise<void> {
    switch (m?.type) {
      case "ready":
        this.ready = true;
        if (this.current) await this.panel?.webview.postMessage(this.current);
        break;
      case "rendered":
        // Whoever waits for a drawing waits for the target's, not a stale one.
        if (m.report?.source === this.target) this.settle(m.report);
        // Credited to the document drawn, which may no longer be the target when the panel has just moved on.
        if (typeof m.report?.source === "string") this.rendered.fire({ ...m.report, uri: m.report.source });
        break;
      case "error":
        this.errors.push(String(m.message));
        this.client.outputChannel.appendLine(`Cash-flow view: ${String(m.message)}`);
        this.settle(null);
        break;
      case "image":
        await this.saveImage(m.format, m.data, this.chartOf(m.chart));
        break;
      case "csv": {
        const csv = this.data ? exportOf(this.data, this.chartOf(m.chart))?.csv : undefined;
        if (csv !== undefined) await this.save("csv", new TextEncoder().encode(`${csv}\r\n`), this.chartOf(m.chart));
        break;
      }
    }
  }

  /** A chart id from the page, checked: anything else is the cash flow. */
  private chartOf(chart: unknown): ChartId {
    return typeof chart === "string" && /^(cashflow|scenarios|sensitivity|exit-curve-[1-9][0-9]*)$/.test(chart) ? (chart as ChartId) : "cashflow";
  }

  private async saveImage(format: ImageFormat, data: unknown, chart: ChartId): Promise<void> {
    if (typeof data !== "string" || data.length > MAX_EXPORT_BYTES) return;
    if (format === "png") {
      const prefix = "data:image/png;base64,";
      if (!data.startsWith(prefix)) return;
      await this.save("png", Buffer.from(data.slice(prefix.length), "base64"), chart);
    } else if (format === "svg") {
      if (!/^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(data)) return;
      await this.save("svg", new TextEncoder().encode(data), chart);
    }
  }

  private async save(ext: "png" | "svg" | "csv", bytes: Uint8Array, chart: ChartId): Promise<void> {
    const stem = (this.data ? exportOf(this.data, chart)?.fileStem : undefined) ?? this.data?.fileStem ?? "cashflow";
    const target = this.target ? vscode.Uri.parse(this.target) : undefined;
    const folder = target?.scheme === "file" ? vscode.Uri.joinPath(target, "..") : vscode.workspace.workspaceFolders?.[0]?.uri;
    const filters: Record<string, string[]> = { png: { "PNG image": ["png"] }, svg: { "SVG image": ["svg"] }, csv: { "CSV (comma-separated values)": ["csv"] } }[ext];
    const uri = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${stem}.${ext}`) } : {}), filters, saveLabel: `Save ${ext.toUpperCase()}` });
    if (!uri) return;
    try {
      await vscode.workspace.fs.writeFile(uri, bytes);
      await this.panel?.webview.postMessage({ type: "saved", text: `Saved ${vscode.workspace.asRelativePath(uri)}` } satisfies ToWebview);
    } catch (error) {
      void vscode.window.showErrorMessage(`Dealspec: could not save ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    this.pending?.cancel();
    this.pending?.dispose();
    this.panel?.dispose();
    this.settle(null);
    for (const s of this.subscriptions) s.dispose();
  }
}
