/** The language client's options, the same in both builds but for the documents it serves. */
import * as vscode from "vscode";
import type { DocumentSelector, LanguageClientOptions } from "vscode-languageclient";
import { DEAL_LANGUAGE_ID, PORTFOLIO_LANGUAGE_ID } from "../../protocol/src";
import { localToday } from "./keyDates/view";

/** The Node build's documents: files on disk and untitled ones. */
export const NODE_DOCUMENTS: DocumentSelector = [
  { scheme: "file", language: DEAL_LANGUAGE_ID },
  { scheme: "untitled", language: DEAL_LANGUAGE_ID },
  { scheme: "file", language: PORTFOLIO_LANGUAGE_ID },
  { scheme: "untitled", language: PORTFOLIO_LANGUAGE_ID },
];

/** The browser build's documents: deal and portfolio files of any file system (github.dev's is `vscode-vfs:`). */
export const BROWSER_DOCUMENTS: DocumentSelector = [{ language: DEAL_LANGUAGE_ID }, { language: PORTFOLIO_LANGUAGE_ID }];

export function clientOptions(documentSelector: DocumentSelector, outputChannel?: vscode.LogOutputChannel): LanguageClientOptions {
  return {
    // Where diagnostic codes link (`dealspec.docs.url`), read at each start, so a restart applies a change.
    // `today`: the server has no clock; its deadline lenses count the days from this date (read at each start).
    initializationOptions: () => ({ docsUrl: vscode.workspace.getConfiguration("dealspec").get<string>("docs.url", ""), today: localToday() }),
    documentSelector,
    ...(outputChannel ? { outputChannel } : {}),
    // The server indexes the workspace itself and registers its own file
    // watchers (workspace/didChangeWatchedFiles), so no `synchronize.fileEvents`.
    // No `synchronize.configurationSection`: the server reads `dealspec.*` per
    // resource with workspace/configuration and registers for
    // workspace/didChangeConfiguration itself (a second registration here would
    // send every change twice).
  };
}
