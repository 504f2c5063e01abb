/** The Node build's language client: the server is started as a Node process, by module path. */
import * as path from "node:path";
import type * as vscode from "vscode";
import { LanguageClient, TransportKind, type ServerOptions } from "vscode-languageclient/node";
import { clientOptions, NODE_DOCUMENTS } from "./clientOptions";
import { CLIENT_ID } from "./ids";

export function createClient(context: vscode.ExtensionContext): LanguageClient {
  // The server is its own bundle, run by VS Code's Node in a separate process.
  const module = context.asAbsolutePath(path.join("server", "out", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  return new LanguageClient(CLIENT_ID, "Dealspec Language Server", serverOptions, clientOptions(NODE_DOCUMENTS));
}
