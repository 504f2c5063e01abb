/**
 * The Node build of the Dealspec VS Code extension (the manifest's `main`):
 * the language server runs as a separate Node process (client.ts) and reads
 * the workspace's files itself. Everything else is shared with the browser
 * build (browser/extension.ts): activate.ts.
 */
import type * as vscode from "vscode";
import { activateWith, deactivateClient, type DealspecApi } from "./activate";
import { createClient } from "./client";

export type { DealspecApi } from "./activate";

export function activate(context: vscode.ExtensionContext): Promise<DealspecApi> {
  return activateWith(context, createClient(context));
}

export function deactivate(): Promise<void> {
  return deactivateClient();
}
