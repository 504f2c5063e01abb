/** Which deal or portfolio file a command acts on. */
import * as vscode from "vscode";
import { isToolLanguage } from "./ids";

/** The deal or portfolio file a command acts on, as the URI string the server knows it by. */
function dealUriOf(arg: unknown): string | undefined {
  if (typeof arg === "string" && arg.length > 0) return arg;
  if (arg instanceof vscode.Uri) return arg.toString();
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return undefined;
  if (isToolLanguage(document.languageId)) return document.uri.toString();
  return undefined;
}

export class NoDealFile extends Error {
  constructor() {
    super("Dealspec: open a deal file (*.deal.yaml) or a portfolio (*.portfolio.yaml) first.");
  }
}

/** Like `dealUriOf`, but a command without a deal or portfolio file stops here with a message the user sees. */
export function requireDealUri(arg: unknown): string {
  const uri = dealUriOf(arg);
  if (uri === undefined) throw new NoDealFile();
  return uri;
}
