/**
 * A test extension for the code-server host: activated once the workbench has started, it runs the
 * in-editor suite and leaves its results where the runner (scripts/editor/test-editor.mjs) reads them.
 * The runner generates this extension's manifest and sets DEALSPEC_EDITOR_RESULTS before loading it.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { runSuite } from "../suite/index";

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // This extension's log folder sits beside every other extension's, in the window's exthost folder.
  process.env.DEALSPEC_EDITOR_LOGS ??= path.dirname(context.logUri.fsPath);
  await runSuite(process.env.DEALSPEC_EDITOR_RESULTS);
}

export function deactivate(): void {}
