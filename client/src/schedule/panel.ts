/**
 * "Dealspec: Show Schedule": one webview panel beside the editor with the
 * payment schedule the server computes (`dealspec/schedule`) for a deal or a
 * portfolio file, as a table grouped by year. It follows the document
 * (refreshed on each change the client hears of), follows the active deal or
 * portfolio file, and saves the server's CSV where the user picks ("Export
 * CSV"). The page (webview/src/schedule.ts) gets its data by messages only.
 *
 * Its life cycle (show, refresh on change, follow the active editor, wait for
 * the page's report) is the cash-flow panel's; the two are kept apart rather
 * than merged under a base class while the protocol module and the client
 * are being reorganised: a shared webview-panel helper is the next
 * step once both have settled.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { ErrorCodes, ResponseError, State, type LanguageClient } from "vscode-languageclient/node";
import { ScheduleRequest, type DocumentParams } from "../../../protocol/src";
import { makeNonce } from "../cashflow/html";
import { fileName } from "../cashflow/panel";
import type { DealChanges } from "../changes";
import { isToolLanguage } from "../ids";
import { schedulePage } from "./html";
import { SCHEDULE_VIEW_TYPE, type FromScheduleWebview, type ScheduleRenderReport, type ToScheduleWebview } from "./messages";

/** Longest the command waits for the page to report what it showed. */
const RENDER_WAIT_MS = 20_000;

export interface ScheduleShowResult {
  /** The deal or portfolio file shown. */
  readonly uri: string;
  /** What the page showed, or null when there was nothing to show (or it did not report in time). */
  readonly rendered: ScheduleRenderReport | null;
  /** Why no table was shown, when it was not. */
  readonly reason?: string;
  /** Errors the page reported since the panel opened. */
  readonly errors: readonly string[];
}

export class SchedulePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private target: string | undefined;
  private ready = false;
  /** The last message for the page, re-sent when the page (re)loads. */
  private current: ToScheduleWebview | undefined;
  private pending: vscode.CancellationTokenSource | undefined;
  private readonly waiting: ((report: ScheduleRenderReport | null) => void)[] = [];
  private readonly errors: string[] = [];
  private readonly rendered = new vscode.EventEmitter<ScheduleRenderReport & { readonly uri: string }>();
  private readonly subscriptions: vscode.Disposable[] = [this.rendered];

  /** Fires each time the page has shown a schedule (the extension's API exposes it, for tests). */
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
    return `Schedule: ${this.target ? fileName(this.target) : ""}`;
  }

  private get bundleDir(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.extensionUri, "client", "out", "webview");
  }

  /** Opens (or reveals) the panel on a deal or portfolio file and resolves once the page has shown it (or said why not). */
  async show(uri: string): Promise<ScheduleShowResult> {
    this.target = uri;
    if (this.panel) {
      this.panel.title = this.title();
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      this.panel = this.create();
    }
    const shown = new Promise<ScheduleRenderReport | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), RENDER_WAIT_MS);
      this.waiting.push((report) => {
        clearTimeout(timer);
        resolve(report);
      });
    });
    await this.refresh();
    const rendered = await shown;
    const current = this.current;
    return { uri, rendered, ...(current?.type === "empty" ? { reason: current.reason } : {}), errors: [...this.errors] };
  }

  private create(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(SCHEDULE_VIEW_TYPE, this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [this.bundleDir],
    });
    const webview = panel.webview;
    webview.html = schedulePage({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.bundleDir, "schedule.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.bundleDir, "schedule.css")).toString(),
    });
    this.ready = false;
    panel.onDidDispose(
      () => {
        this.pending?.cancel();
        this.panel = undefined;
        this.ready = false;
        this.current = undefined;
        this.settle(null);
      },
      undefined,
      this.subscriptions,
    );
    webview.onDidReceiveMessage((m: FromScheduleWebview) => void this.receive(m), undefined, this.subscriptions);
    return panel;
  }

  /** Asks the server for the target's schedule and sends the page what it got. */
  private async refresh(): Promise<void> {
    const uri = this.target;
    if (!uri || !this.panel) return;
    this.pending?.cancel();
    this.pending?.dispose();
    const source = new vscode.CancellationTokenSource();
    this.pending = source;
    let message: ToScheduleWebview;
    if (this.client.state !== State.Running) {
      message = { type: "empty", source: uri, reason: this.client.state === State.Starting ? "The Dealspec language server is starting..." : "The Dealspec language server is not running: run \"Dealspec: Restart Language Server\"." };
    } else {
      try {
        const params: DocumentParams = { uri };
        const result = await this.client.sendRequest(ScheduleRequest.type, params, source.token);
        if (source.token.isCancellationRequested) return;
        message = result ? { type: "data", source: uri, data: result } : { type: "empty", source: uri, reason: `No schedule for ${fileName(uri)}: the server does not know this file.` };
      } catch (error) {
        if (source.token.isCancellationRequested) return;
        const reason =
          error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound
            ? `This Dealspec language server does not compute schedules (${ScheduleRequest.method}).`
            : `The language server did not answer ${ScheduleRequest.method}: ${error instanceof Error ? error.message : String(error)}`;
        message = { type: "empty", source: uri, reason };
      }
    }
    this.current = message;
    if (message.type === "empty") this.settle(null);
    if (this.ready) await this.panel?.webview.postMessage(message);
  }

  private settle(report: ScheduleRenderReport | null): void {
    for (const resolve of this.waiting.splice(0)) resolve(report);
  }

  private async receive(m: FromScheduleWebview): Promise<void> {
    switch (m?.type) {
      case "ready":
        this.ready = true;
        if (this.current) await this.panel?.webview.postMessage(this.current);
        break;
      case "rendered":
        if (m.report?.source === this.target) this.settle(m.report);
        if (typeof m.report?.source === "string") this.rendered.fire({ ...m.report, uri: m.report.source });
        break;
      case "error":
        this.errors.push(String(m.message));
        this.client.outputChannel.appendLine(`Schedule view: ${String(m.message)}`);
        this.settle(null);
        break;
      case "csv":
        await this.saveCsv();
        break;
    }
  }

  /** Saves the server's CSV of the schedule shown where the user picks (the page cannot write files). */
  private async saveCsv(): Promise<void> {
    const current = this.current;
    if (current?.type !== "data" || current.data.csv === "") return;
    const { csv, fileStem } = current.data;
    const target = vscode.Uri.parse(current.source);
    const folder = target.scheme === "file" ? vscode.Uri.joinPath(target, "..") : vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${fileStem}.csv`) } : {}),
      filters: { "CSV (comma-separated values)": ["csv"] },
      saveLabel: "Save CSV",
    });
    if (!uri) return;
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${csv}\r\n`));
      await this.panel?.webview.postMessage({ type: "saved", text: `Saved ${vscode.workspace.asRelativePath(uri)}` } satisfies ToScheduleWebview);
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
