/**
 * Entry point of the Dealspec language server in the browser (bundled to
 * server/out/browser.js): it runs in a web worker that the browser build of
 * the extension (client/src/browser/extension.ts) starts, and talks to it by
 * messages. Everything but the transport and the file access is the Node
 * server's: the same LSP layer (`startLanguageServer`) over the same core.
 * Files are read through the client (`ClientFiles`), which reads them with
 * VS Code's `workspace.fs`.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures, RequestType } from "vscode-languageserver/browser";
import { startLanguageServer } from "../lsp/languageServer";
import type { CustomRequest, FileLocationParams } from "../../../protocol/src";
import { ClientFiles } from "./host";

declare const DEALSPEC_VERSION: string | undefined;
/** Where diagnostic codes link by default: the docs folder of the project's repository (set by the bundler). */
declare const DEALSPEC_DOCS_URL: string;

/** The worker's global scope: what the message reader and writer listen to and post on. */
const scope = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
// The server library's own `RequestType` of each request (see `serverType` in lsp/requests.ts).
const files = new ClientFiles(<R>(request: CustomRequest<FileLocationParams, R>, params: FileLocationParams) =>
  connection.sendRequest(new RequestType<FileLocationParams, R, void>(request.method), params),
);
startLanguageServer(connection, {
  // No docs beside a worker: diagnostics link to the repository's (a client's `docsUrl` initialization option wins).
  docsBase: DEALSPEC_DOCS_URL,
  files: files.workspaceFiles(),
  ...(typeof DEALSPEC_VERSION === "string" ? { version: DEALSPEC_VERSION } : {}),
});
connection.listen();
