/**
 * Entry point of the Dealspec language server (bundled to server/out/server.js):
 * `node server/out/server.js --stdio`.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { docsBaseOf, startLanguageServer } from "./lsp/languageServer";
import { nodeAsyncFileSystem, nodeFileSystem } from "./node/host";

declare const DEALSPEC_VERSION: string | undefined;

const connection = createConnection(ProposedFeatures.all);
// Diagnostic code links: DEALSPEC_DOCS_URL (as for the CLI) when set, else the docs shipped with the
// bundle (it lives in server/out/; the docs are two folders up). A client's `docsUrl` initialization option wins.
const docsBase = docsBaseOf(process.env.DEALSPEC_DOCS_URL) ?? pathToFileURL(path.resolve(__dirname, "..", "..", "docs") + path.sep).href;
// DEALSPEC_MAX_INDEXED_FILES: the cap on the workspace index (default 5,000), for very large repositories and tests.
const cap = Number(process.env.DEALSPEC_MAX_INDEXED_FILES);
startLanguageServer(connection, {
  docsBase,
  // The only file access the server has: the Node host (a browser build would pass one over VS Code's workspace.fs).
  files: { sync: nodeFileSystem, async: nodeAsyncFileSystem },
  ...(typeof DEALSPEC_VERSION === "string" ? { version: DEALSPEC_VERSION } : {}),
  ...(Number.isInteger(cap) && cap > 0 ? { maxIndexedFiles: cap } : {}),
});
connection.listen();
