/**
 * What the in-editor tests share: the workspace, the real extension, expected figures from the CLI,
 * and waits that end on an event or a condition (never a fixed sleep), each with a deadline.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

export { ROOT, cliFigures, compact, exact, type Figures } from "../support/figures";
export const EXTENSION_ID = "dealspec.dealspec";

/** The folder the editor has open: a scratch copy of samples/ plus test/editor/fixtures/. */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the editor must have a folder open (the runner opens a copy of samples/)");
  return folder.uri.fsPath;
}

export function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceDir(), name));
}

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `the extension ${EXTENSION_ID} is not installed in this editor`);
  return ext;
}

// ---------------------------------------------------------------------------------------------
// Waiting

/**
 * Resolves with the first defined value `probe` gives. It is probed at once, again on each of
 * `events`, and (for answers that have no event, such as a provider's) again after a short,
 * growing pause; it fails after `timeoutMs` with `what` and the last value seen.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: { timeoutMs?: number; events?: ReadonlyArray<vscode.Event<unknown>>; describe?: () => unknown } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  let wake: (() => void) | undefined;
  const subscriptions = (options.events ?? []).map((e) => e(() => wake?.()));
  let pause = 25;
  try {
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) {
        const last = options.describe ? `; last seen: ${JSON.stringify(options.describe(), null, 1)}` : "";
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(pause, left));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      pause = Math.min(pause * 2, 250);
    }
  } finally {
    for (const s of subscriptions) s.dispose();
  }
}

/** Waits until the diagnostics of `uri` satisfy `accept`; checked now and on every change event. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 15_000,
): Promise<readonly vscode.Diagnostic[]> {
  return waitFor(
    what,
    () => {
      const d = vscode.languages.getDiagnostics(uri);
      return accept(d) ? d : undefined;
    },
    {
      timeoutMs,
      events: [vscode.languages.onDidChangeDiagnostics as vscode.Event<unknown>],
      describe: () => vscode.languages.getDiagnostics(uri).map(describeDiagnostic),
    },
  );
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === "object" ? String(c.value) : String(c);
}

export function describeDiagnostic(d: vscode.Diagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${d.message}`;
}

export const errorsOf = (ds: readonly vscode.Diagnostic[]) => ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

// ---------------------------------------------------------------------------------------------
// Documents

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Drops unsaved edits and closes every editor, so each test starts from the files on disk. */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme === "file") {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand("workbench.action.files.revert");
    }
  }
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}

/** The position of the `occurrence`-th match of `text` in the document, plus `offset` characters. */
export function positionOf(doc: vscode.TextDocument, text: string, offset = 0, occurrence = 1): vscode.Position {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = doc.getText().indexOf(text, at + 1);
    assert.ok(at >= 0, `\`${text}\` (occurrence ${occurrence}) not found in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at + offset);
}

export function rangeOf(doc: vscode.TextDocument, text: string, occurrence = 1): vscode.Range {
  const start = positionOf(doc, text, 0, occurrence);
  return new vscode.Range(start, start.translate(0, text.length));
}

/** Replaces text as a person typing would: through the active editor. */
export async function replace(editor: vscode.TextEditor, range: vscode.Range, text: string): Promise<void> {
  const ok = await editor.edit((b) => b.replace(range, text));
  assert.ok(ok, "the editor refused the edit");
}

// ---------------------------------------------------------------------------------------------
// Providers, as the editor calls them

export async function inlayHints(doc: vscode.TextDocument): Promise<vscode.InlayHint[]> {
  const all = new vscode.Range(0, 0, doc.lineCount, 0);
  return (await vscode.commands.executeCommand<vscode.InlayHint[]>("vscode.executeInlayHintProvider", doc.uri, all)) ?? [];
}

export function hintText(h: vscode.InlayHint): string {
  return typeof h.label === "string" ? h.label : h.label.map((p) => p.value).join("");
}

export async function codeLensTitles(doc: vscode.TextDocument): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri, 20)) ?? [];
  return lenses.map((l) => l.command?.title ?? "").filter((t) => t !== "");
}

export async function hoverText(doc: vscode.TextDocument, at: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, at)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === "string" ? c : c.value))
    .join("\n");
}

export async function completionLabels(doc: vscode.TextDocument, at: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", doc.uri, at);
  // Leave out the editor's own word-based suggestions (kind Text): only the language server's count.
  return (list?.items ?? [])
    .filter((i) => i.kind !== vscode.CompletionItemKind.Text)
    .map((i) => (typeof i.label === "string" ? i.label : i.label.label));
}

// ---------------------------------------------------------------------------------------------
// Logs

/** Every log file under `dir`, recursively. */
export function logFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".log"))
    .map((e) => path.join(e.parentPath, e.name));
}
