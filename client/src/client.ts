/** The language client: how the server process is started and which documents it serves. */
import * as path from "node:path";
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { DEAL_LANGUAGE_ID, PORTFOLIO_LANGUAGE_ID } from "../../protocol/src";
import { CLIENT_ID } from "./ids";
import { localToday } from "./keyDates/view";


export function createClient(context: vscode.ExtensionContext): LanguageClient {
  // The server is its own bundle, run by VS Code's Node in a separate process.
  const module = context.asAbsolutePath(path.join("server", "out", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Where diagnostic codes link (`dealspec.docs.url`), read at each start, so a restart applies a change.
    // `today`: the server has no clock; its deadline lenses count the days from this date (read at each start).
    initializationOptions: () => ({ docsUrl: vscode.workspace.getConfiguration("dealspec").get<string>("docs.url", ""), today: localToday() }),
    documentSelector: [
      { scheme: "file", language: DEAL_LANGUAGE_ID },
      { scheme: "untitled", language: DEAL_LANGUAGE_ID },
      { scheme: "file", language: PORTFOLIO_LANGUAGE_ID },
      { scheme: "untitled", language: PORTFOLIO_LANGUAGE_ID },
    ],
    // The server indexes the workspace itself and registers its own file
    // watchers (workspace/didChangeWatchedFiles), so no `synchronize.fileEvents`.
    // No `synchronize.configurationSection`: the server reads `dealspec.*` per
    // resource with workspace/configuration and registers for
    // workspace/didChangeConfiguration itself (a second registration here would
    // send every change twice).
  };
  return new LanguageClient(CLIENT_ID, "Dealspec Language Server", serverOptions, clientOptions);
}
