/**
 * The browser build of the Dealspec VS Code extension (the manifest's
 * `browser` entry), for VS Code for the Web (github.dev, vscode.dev), where an
 * extension runs in a web worker with no Node and no file system. The language
 * server (server/out/browser.js: the same LSP layer and core as the Node
 * server) runs in a web worker of its own, and reads files by asking this
 * client, which reads them through `workspace.fs` (files.ts). Everything else
 * is the Node build's: activate.ts.
 */
import * as vscode from "vscode";
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, State, type MessageTransports } from "vscode-languageclient/browser";
import { activateWith, deactivateClient, type DealspecApi } from "../activate";
import { BROWSER_DOCUMENTS, clientOptions } from "../clientOptions";
import { CLIENT_ID } from "../ids";
import { answerFileRequests } from "./files";

export type { DealspecApi } from "../activate";

/** The browser's `Worker`, which the extension host provides (the project's Node typings do not declare it). */
interface ServerWorker {
  terminate(): void;
}
declare const Worker: new (url: string, options?: { name?: string }) => ServerWorker;

const NAME = "Dealspec Language Server";

/**
 * Starts the server's worker. VS Code for the Web starts a worker from the
 * extension's URL; code-server refuses that for the extensions it serves
 * ("Creating workers from remote extensions is currently not supported"):
 * then the bundle is read through `workspace.fs` and started from a Blob URL.
 */
async function startWorker(context: vscode.ExtensionContext): Promise<ServerWorker> {
  const bundle = vscode.Uri.joinPath(context.extensionUri, "server", "out", "browser.js");
  try {
    return new Worker(bundle.toString(true), { name: NAME });
  } catch {
    const bytes = await vscode.workspace.fs.readFile(bundle);
    return new Worker(URL.createObjectURL(new Blob([bytes], { type: "text/javascript" })), { name: NAME });
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<DealspecApi> {
  // vscode-languageclient 11 writes to a log output channel (a plain one fails at activation).
  const output = vscode.window.createOutputChannel(NAME, { log: true });
  context.subscriptions.push(output);
  // The transports over the worker are made here: the extension host's `Worker` is a function that
  // returns a native worker, so the library's `instanceof Worker` test would not recognise it.
  let worker: ServerWorker | undefined;
  const transports = async (): Promise<MessageTransports> => {
    worker = await startWorker(context);
    const port = worker as ConstructorParameters<typeof BrowserMessageReader>[0];
    return { reader: new BrowserMessageReader(port), writer: new BrowserMessageWriter(port) };
  };
  const client = new LanguageClient(CLIENT_ID, NAME, transports, clientOptions(BROWSER_DOCUMENTS, output));
  // A stopped client leaves its worker running: end it, so that a restart (or a failed start) leaves one server.
  context.subscriptions.push(
    client.onDidChangeState(({ newState }) => {
      if (newState !== State.Stopped) return;
      worker?.terminate();
      worker = undefined;
    }),
  );
  context.subscriptions.push(...answerFileRequests(client));
  return activateWith(context, client);
}

export function deactivate(): Promise<void> {
  return deactivateClient();
}
