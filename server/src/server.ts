/**
 * Entry point of the Dealspec language server (bundled to server/out/server.js):
 * `node server/out/server.js --stdio`.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startLanguageServer } from "./lsp/languageServer";

declare const DEALSPEC_VERSION: string | undefined;

const connection = createConnection(ProposedFeatures.all);
// The bundle lives in server/out/; the docs are two folders up.
const docsBase = pathToFileURL(path.resolve(__dirname, "..", "..", "docs") + path.sep).href;
// DEALSPEC_MAX_INDEXED_FILES: the cap on the workspace index (default 5,000), for very large repositories and tests.
const cap = Number(process.env.DEALSPEC_MAX_INDEXED_FILES);
startLanguageServer(connection, {
  docsBase,
  ...(typeof DEALSPEC_VERSION === "string" ? { version: DEALSPEC_VERSION } : {}),
  ...(Number.isInteger(cap) && cap > 0 ? { maxIndexedFiles: cap } : {}),
});
connection.listen();
