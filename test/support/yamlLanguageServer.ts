/**
 * yaml-language-server, the peer a user would otherwise pick, started as an
 * editor starts it (`yaml-language-server --stdio`) with Dealspec's exported
 * schemas attached by file pattern, as the extension's `yamlValidation`
 * attaches them. Used by the interop test (test/client) and the comparison
 * benchmark (bench/compare.bench.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from "vscode-languageserver";
import { ROOT } from "./paths";

/** The schemas by file pattern, exactly as package.json's `contributes.yamlValidation` maps them. */
export function schemaSettings(): Record<string, string[]> {
  const manifest = require(path.join(ROOT, "package.json")) as {
    contributes: { yamlValidation: { fileMatch: string[]; url: string }[] };
  };
  const out: Record<string, string[]> = {};
  for (const { fileMatch, url } of manifest.contributes.yamlValidation) out[pathToFileURL(path.join(ROOT, url)).href] = fileMatch;
  return out;
}

export class YamlLanguageServer {
  private readonly waiters = new Map<string, (p: PublishDiagnosticsParams) => void>();
  private version = 0;

  private constructor(
    private readonly proc: ChildProcess,
    private readonly connection: MessageConnection,
  ) {}

  static async start(): Promise<YamlLanguageServer> {
    const bin = require.resolve("yaml-language-server/bin/yaml-language-server");
    const proc = spawn(process.execPath, [bin, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    // A write after the server has exited must not take the test process down with it.
    proc.stdin!.on("error", () => {});
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const server = new YamlLanguageServer(proc, connection);
    const settings = { validate: true, schemas: schemaSettings(), schemaStore: { enable: false }, format: { enable: false } };
    let configured!: () => void;
    const asked = new Promise<void>((resolve) => (configured = resolve));
    // yaml-language-server pulls its settings (`yaml`, `http`, `[yaml]`, `editor`) after `initialized`.
    connection.onRequest("workspace/configuration", (p: { items: { section?: string }[] }) => {
      configured();
      return p.items.map((item) => (item.section === "yaml" ? settings : null));
    });
    connection.onRequest("client/registerCapability", () => null);
    connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      const waiter = server.waiters.get(p.uri);
      if (waiter) {
        server.waiters.delete(p.uri);
        waiter(p);
      }
    });
    connection.listen();
    await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(ROOT).href,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
    });
    connection.sendNotification("initialized", {});
    await asked;
    return server;
  }

  /** Opens `text` as the document at `file` and returns the first diagnostics published for it; the document is closed again. */
  async diagnostics(file: string, text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(file).href;
    const published = this.nextDiagnostics(uri);
    this.open(uri, text);
    const { diagnostics } = await published;
    this.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    return diagnostics;
  }

  /** The next diagnostics published for `uri` (yaml-language-server does not send a version: call before the change). */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.set(uri, resolve));
  }

  open(uri: string, text: string, version = ++this.version): void {
    void this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    void this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: changes });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** The server's process id, to read its memory. */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.proc.exitCode !== null ? resolve() : this.proc.once("exit", () => resolve())));
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => this.proc.kill(), 2_000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
