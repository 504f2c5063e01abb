/**
 * The life cycle the webview panels share (cashflow/panel.ts,
 * schedule/panel.ts): one panel beside the editor on a deal or portfolio
 * file; it asks the server for the file's view through one custom request,
 * follows the document (refreshed on each change the client hears of) and
 * the active deal or portfolio file, re-sends the last message when the page
 * (re)loads, and lets `show` wait until the page reports what it showed (or
 * why not). A panel says only what differs: its request, its page, its
 * words, and the messages of its own (exports).
 */
import * as vscode from "vscode";
import { ErrorCodes, ResponseError, State, type BaseLanguageClient } from "vscode-languageclient";
import type { DocumentParams } from "../../protocol/src";
import type { DealChanges } from "./changes";
import { isToolLanguage } from "./ids";
import { makeNonce, type PageParams } from "./webviewPage";

/** Longest `show` waits for the page to report what it showed. */
const RENDER_WAIT_MS = 20_000;

/** The last segment of a URI, decoded: the tab title's file name. */
function fileName(uri: string): string {
  const last = uri.replace(/[?#].*$/, "").split("/").pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The messages every page takes: data to show, or why there is none. */
export type PanelMessage<Data> =
  | { readonly type: "data"; readonly source: string; readonly data: Data }
  | { readonly type: "empty"; readonly source: string; readonly reason: string };

/** The messages every page sends: loaded, what it showed (for a document), an error in its script. */
export type PageMessage<Report> = { readonly type: "ready" } | { readonly type: "rendered"; readonly report: Report } | { readonly type: "error"; readonly message: string };

/** What `show` resolves with. */
export interface PanelShowResult<Report> {
  /** The deal or portfolio file shown. */
  readonly uri: string;
  /** What the page showed, or null when there was nothing to show (or it did not report in time). */
  readonly rendered: Report | null;
  /** Why nothing was shown, when it was not. */
  readonly reason?: string;
  /** Errors the page reported since the panel opened. */
  readonly errors: readonly string[];
}

/** What differs between the panels. */
export interface PanelKind<Data> {
  /** The webview panel's type id. */
  readonly viewType: string;
  /** The tab title before the file name (`Cash Flow`). */
  readonly title: string;
  /** The page's bundle in client/out/webview (`cashflow` for cashflow.js and cashflow.css). */
  readonly bundle: string;
  readonly page: (p: PageParams) => string;
  /** Sends the panel's request (its type from the protocol module). */
  readonly send: (client: BaseLanguageClient, params: DocumentParams, token: vscode.CancellationToken) => Promise<Data | null>;
  /** The request's method, for the words when it fails. */
  readonly method: string;
  /** Why there is nothing to show when the server answers null for a file. */
  readonly noData: (file: string) => string;
  /** What the server does not compute when it lacks the request (`cash flows`). */
  readonly what: string;
  /** The output channel's prefix for the page's errors (`Cash-flow view`). */
  readonly logName: string;
}

export abstract class WebviewPanelHost<Data, Report extends { readonly source: string }, FromPage extends { readonly type: string }> implements vscode.Disposable {
  protected panel: vscode.WebviewPanel | undefined;
  protected target: string | undefined;
  private ready = false;
  /** The last message for the page (data or empty), re-sent when the page (re)loads. */
  protected current: PanelMessage<Data> | undefined;
  private pending: vscode.CancellationTokenSource | undefined;
  private readonly waiting: ((report: Report | null) => void)[] = [];
  private readonly errors: string[] = [];
  private readonly rendered = new vscode.EventEmitter<Report & { readonly uri: string }>();
  private readonly subscriptions: vscode.Disposable[] = [this.rendered];

  /** Fires each time the page has shown a document (the extension's API exposes it, for tests and other extensions). */
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly kind: PanelKind<Data>,
    private readonly context: vscode.ExtensionContext,
    protected readonly client: BaseLanguageClient,
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

  /** The data shown, if any. */
  protected get data(): Data | undefined {
    return this.current?.type === "data" ? this.current.data : undefined;
  }

  /** A message of the page's own (beyond ready, rendered and error). */
  protected abstract receiveOther(m: FromPage): Promise<void>;

  private title(): string {
    return `${this.kind.title}: ${this.target ? fileName(this.target) : ""}`;
  }

  private get bundleDir(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.extensionUri, "client", "out", "webview");
  }

  /** Opens (or reveals) the panel on a deal or portfolio file and resolves once the page has shown it (or said why not). */
  async show(uri: string): Promise<PanelShowResult<Report>> {
    this.target = uri;
    if (this.panel) {
      this.panel.title = this.title();
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      this.panel = this.create();
    }
    const shown = new Promise<Report | null>((resolve) => {
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
    const panel = vscode.window.createWebviewPanel(this.kind.viewType, this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [this.bundleDir],
    });
    const webview = panel.webview;
    webview.html = this.kind.page({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => crypto.getRandomValues(new Uint8Array(n))),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.bundleDir, `${this.kind.bundle}.js`)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.bundleDir, `${this.kind.bundle}.css`)).toString(),
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
    webview.onDidReceiveMessage((m: PageMessage<Report> | FromPage) => void this.receive(m), undefined, this.subscriptions);
    return panel;
  }

  /** Asks the server for the target's view and sends the page what it got. */
  private async refresh(): Promise<void> {
    const uri = this.target;
    if (!uri || !this.panel) return;
    this.pending?.cancel();
    this.pending?.dispose();
    const source = new vscode.CancellationTokenSource();
    this.pending = source;
    const { method } = this.kind;
    let message: PanelMessage<Data>;
    if (this.client.state !== State.Running) {
      message = { type: "empty", source: uri, reason: this.client.state === State.Starting ? "The Dealspec language server is starting..." : "The Dealspec language server is not running: run \"Dealspec: Restart Language Server\"." };
    } else {
      try {
        const params: DocumentParams = { uri };
        const result = await this.kind.send(this.client, params, source.token);
        if (source.token.isCancellationRequested) return;
        message = result ? { type: "data", source: uri, data: result } : { type: "empty", source: uri, reason: this.kind.noData(fileName(uri)) };
      } catch (error) {
        if (source.token.isCancellationRequested) return;
        const reason =
          error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound
            ? `This Dealspec language server does not compute ${this.kind.what} (${method}).`
            : `The language server did not answer ${method}: ${error instanceof Error ? error.message : String(error)}`;
        message = { type: "empty", source: uri, reason };
      }
    }
    this.current = message;
    // Nothing will be shown: whoever waits for the page learns it now.
    if (message.type === "empty") this.settle(null);
    if (this.ready) await this.panel?.webview.postMessage(message);
  }

  private settle(report: Report | null): void {
    for (const resolve of this.waiting.splice(0)) resolve(report);
  }

  private async receive(m: PageMessage<Report> | FromPage): Promise<void> {
    const known = m as PageMessage<Report> | undefined;
    switch (known?.type) {
      case "ready":
        this.ready = true;
        if (this.current) await this.panel?.webview.postMessage(this.current);
        break;
      case "rendered":
        // Whoever waits for the page waits for the target's report, not a stale one.
        if (known.report?.source === this.target) this.settle(known.report);
        // Credited to the document shown, which may no longer be the target when the panel has just moved on.
        if (typeof known.report?.source === "string") this.rendered.fire({ ...known.report, uri: known.report.source });
        break;
      case "error":
        this.errors.push(String(known.message));
        this.client.outputChannel.appendLine(`${this.kind.logName}: ${String(known.message)}`);
        this.settle(null);
        break;
      default:
        if (m) await this.receiveOther(m as FromPage);
    }
  }

  /**
   * Asks where to save a file (beside `beside` when it is a local file or in
   * a workspace folder, else in the first workspace folder), writes it and
   * says where in the page.
   */
  protected async saveAs(beside: string | undefined, name: string, filters: Record<string, string[]>, saveLabel: string, bytes: Uint8Array): Promise<void> {
    const target = beside ? vscode.Uri.parse(beside) : undefined;
    // Beside a file on disk, or in a workspace folder (a virtual one in the browser build).
    const folder = target && (target.scheme === "file" || vscode.workspace.getWorkspaceFolder(target)) ? vscode.Uri.joinPath(target, "..") : vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}), filters, saveLabel });
    if (!uri) return;
    try {
      await vscode.workspace.fs.writeFile(uri, bytes);
      await this.panel?.webview.postMessage({ type: "saved", text: `Saved ${vscode.workspace.asRelativePath(uri)}` });
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
