/**
 * A small LSP client for tests and benchmarks: starts the built server as a
 * user's editor does (`node server/out/server.js --stdio`) and speaks JSON-RPC
 * to it. Waits are on events (a notification arriving), never on timers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type {
  ClientCapabilities,
  InitializeResult,
  PublishDiagnosticsParams,
  Registration,
  TextDocumentContentChangeEvent,
  WorkspaceFolder,
} from "vscode-languageserver";
import { SERVER } from "./paths";

export interface LogEntry {
  readonly type: number;
  readonly message: string;
}

export interface StartOptions {
  /** The `dealspec` settings the client answers `workspace/configuration` with (default: none, so defaults). */
  readonly settings?: Record<string, unknown>;
  readonly capabilities?: ClientCapabilities;
  /** The workspace folders sent with `initialize` (default: none). */
  readonly workspaceFolders?: readonly WorkspaceFolder[];
  /** Extra environment variables for the server process. */
  readonly env?: Record<string, string>;
  /** `initializationOptions` of the initialize request. */
  readonly initializationOptions?: unknown;
  /** The server bundle to start (default: this build's, server/out/server.js). */
  readonly server?: string;
}

const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    symbol: {},
    inlayHint: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
    hover: { contentFormat: ["markdown", "plaintext"] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ["markdown"] } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } }, isPreferredSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    inlayHint: {},
    codeLens: {},
    foldingRange: {},
    definition: { linkSupport: true },
    references: {},
    synchronization: { didSave: false },
  },
};

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

type Waiter = { readonly test: (p: PublishDiagnosticsParams) => boolean; readonly resolve: (p: PublishDiagnosticsParams) => void };

export class LspClient {
  /** How many documents `openDeal` has opened: each gets its own URI. */
  private opened = 0;
  /** Every diagnostics notification, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: LogEntry[] = [];
  /** The refresh requests the server sent (`workspace/inlayHint/refresh`, `workspace/codeLens/refresh`), in order. */
  readonly refreshes: string[] = [];
  private refreshWaiters: { method: string; resolve: () => void }[] = [];
  /** Every capability the server registered dynamically (`client/registerCapability`). */
  readonly registrations: Registration[] = [];
  /** The settings answered to `workspace/configuration`; tests may change them and notify. */
  settings: Record<string, unknown>;
  initializeResult!: InitializeResult;
  private waiters: Waiter[] = [];
  private logWaiters: { test: (l: LogEntry) => boolean; resolve: (l: LogEntry) => void }[] = [];
  private stderr = "";

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [options.server ?? SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...options.env } });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options.settings ?? {});
    child.stderr!.on("data", (chunk: Buffer) => (client.stderr += chunk.toString("utf8")));
    connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      client.published.push(p);
      const ready = client.waiters.filter((w) => w.test(p));
      client.waiters = client.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    connection.onNotification("window/logMessage", (l: LogEntry) => {
      client.logs.push(l);
      const ready = client.logWaiters.filter((w) => w.test(l));
      client.logWaiters = client.logWaiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(l);
    });
    connection.onRequest("workspace/configuration", (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === "dealspec" ? client.settings : null)));
    connection.onRequest("client/registerCapability", (p: { registrations: Registration[] }) => {
      client.registrations.push(...p.registrations);
      return null;
    });
    for (const method of ["workspace/inlayHint/refresh", "workspace/codeLens/refresh"]) {
      connection.onRequest(method, () => {
        client.refreshes.push(method);
        const ready = client.refreshWaiters.filter((w) => w.method === method);
        client.refreshWaiters = client.refreshWaiters.filter((w) => w.method !== method);
        for (const w of ready) w.resolve();
        return null;
      });
    }
    connection.listen();
    client.initializeResult = await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? CAPABILITIES,
      workspaceFolders: options.workspaceFolders ?? null,
      ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
    });
    await connection.sendNotification("initialized", {});
    return client;
  }

  /** Resolves with the first diagnostics notification (already received or still to come) that passes `test`. */
  diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const matches = (p: PublishDiagnosticsParams) => p.uri === uri && test(p);
    const seen = this.published.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test: matches, resolve }));
  }

  /** The diagnostics of one version of a document. */
  diagnosticsOf(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.diagnostics(uri, (p) => p.version === version);
  }

  /** Resolves at the next refresh request of `method` the server sends. */
  nextRefresh(method: "workspace/inlayHint/refresh" | "workspace/codeLens/refresh"): Promise<void> {
    return new Promise((resolve) => this.refreshWaiters.push({ method, resolve }));
  }

  /** Resolves with the first log message (already received or still to come) that passes `test`. */
  log(test: (l: LogEntry) => boolean): Promise<LogEntry> {
    const seen = this.logs.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.logWaiters.push({ test, resolve }));
  }

  /** Opens a document; the language id is `dealspec-portfolio` for `*.portfolio.yaml`/`.yml`, else `dealspec`. */
  open(uri: string, text: string, version = 1, languageId = /\.portfolio\.ya?ml$/.test(uri) ? "dealspec-portfolio" : "dealspec"): Promise<void> {
    return this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version, text } });
  }

  /**
   * Opens `text` as a new deal file under a fresh URI in `folder` and waits for
   * its first diagnostics (the sign that it has been analyzed); returns the URI.
   */
  async openDeal(text: string, folder: string): Promise<string> {
    const uri = `file:///tmp/${folder}/doc-${++this.opened}.deal.yaml`;
    await this.open(uri, text);
    await this.diagnosticsOf(uri, 1);
    return uri;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[] | string): Promise<void> {
    const contentChanges = typeof changes === "string" ? [{ text: changes }] : changes;
    return this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges });
  }

  /** Tells the server that watched files changed on disk (1 created, 2 changed, 3 deleted). */
  filesChanged(changes: readonly { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    return this.connection.sendNotification("workspace/didChangeWatchedFiles", { changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Shuts the server down as an editor does, and waits for the process to exit. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null) resolve(this.process.exitCode);
      else this.process.once("exit", (code) => resolve(code));
    });
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      this.process.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  /** What the server wrote to stderr, for failure messages. */
  get errorOutput(): string {
    return this.stderr;
  }
}
