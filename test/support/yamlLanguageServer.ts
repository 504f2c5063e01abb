/**
 * yaml-language-server, the peer a user would otherwise pick, started as an
 * editor starts it (`yaml-language-server --stdio`) with Dealspec's exported
 * schemas attached by file pattern, as the extension's `yamlValidation`
 * attaches them. Used by the interop test and the comparison benchmark.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type { Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver";
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
    const published = new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.set(uri, resolve));
    this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: ++this.version, text } });
    const { diagnostics } = await published;
    this.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    return diagnostics;
  }

  /** The connection, for requests other than diagnostics (hover, edits in the benchmark). */
  get rpc(): MessageConnection {
    return this.connection;
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest("shutdown");
      this.connection.sendNotification("exit");
    } catch {
      // Already gone.
    }
    this.connection.dispose();
    this.proc.kill();
  }
}
