/**
 * "Dealspec: Show Schedule": a read-only Markdown document beside the deal
 * file, holding the schedule the server wrote (`dealspec/schedule`), kept up to
 * date while the deal file changes. Its URI is
 * `dealspec-schedule:/<file name> (schedule).md?<deal file URI>`.
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { SCHEDULE_REQUEST, type DocumentParams, type ScheduleResult } from "../../server/src/lsp/protocol";
import type { DealChanges } from "./changes";
import { SCHEDULE_SCHEME } from "./ids";
import { noScheduleText, scheduleUriParts } from "./present";

export class ScheduleDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[] = [];

  readonly onDidChange = this.emitter.event;

  constructor(private readonly client: LanguageClient, changes: DealChanges) {
    this.subscriptions.push(
      this.emitter,
      vscode.workspace.registerTextDocumentContentProvider(SCHEDULE_SCHEME, this),
      changes.onDidChange((dealUri) => {
        for (const document of vscode.workspace.textDocuments) {
          if (document.uri.scheme !== SCHEDULE_SCHEME || document.isClosed) continue;
          if (dealUri === undefined || document.uri.query === dealUri) this.emitter.fire(document.uri);
        }
      }),
    );
  }

  static uriFor(dealUri: string): vscode.Uri {
    return vscode.Uri.from(scheduleUriParts(dealUri));
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const dealUri = uri.query;
    const params: DocumentParams = { uri: dealUri };
    try {
      const result = await this.client.sendRequest<ScheduleResult | null>(SCHEDULE_REQUEST, params, token);
      return result ? result.markdown : noScheduleText(dealUri);
    } catch (error) {
      return noScheduleText(dealUri, `the language server did not answer (${String(error)})`);
    }
  }

  /** Opens (or reveals) the schedule of a deal file beside it; returns the schedule document's URI. */
  async show(dealUri: string): Promise<vscode.Uri> {
    const uri = ScheduleDocuments.uriFor(dealUri);
    // Already open: ask for the schedule again rather than show what it was.
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.emitter.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return uri;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
