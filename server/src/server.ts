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
startLanguageServer(connection, { docsBase, ...(typeof DEALSPEC_VERSION === "string" ? { version: DEALSPEC_VERSION } : {}) });
connection.listen();
