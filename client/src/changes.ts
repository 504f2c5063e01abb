/**
 * When a deal or portfolio file's figures may have changed: the server published new
 * diagnostics for it (it has analysed the new text), the text changed (a short
 * pause after typing, in case the diagnostics did not change), or the server
 * (re)started. The status bar and the schedule views listen to this one event.
 */
import * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import { isToolLanguage } from "./ids";

/** How long typing must pause before the figures are asked for again. */
const TYPING_PAUSE_MS = 300;

export class DealChanges implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Fires with a deal file's URI string, or `undefined` when every deal file may have changed. */
  readonly onDidChange = this.emitter.event;

  constructor(client: BaseLanguageClient) {
    this.subscriptions.push(
      this.emitter,
      vscode.languages.onDidChangeDiagnostics((event) => {
        for (const uri of event.uris) this.fire(uri.toString());
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (!isToolLanguage(event.document.languageId) || event.contentChanges.length === 0) return;
        const uri = event.document.uri.toString();
        clearTimeout(this.timers.get(uri));
        this.timers.set(uri, setTimeout(() => this.fire(uri), TYPING_PAUSE_MS));
      }),
      // Starting, running or stopped: the views show each state.
      client.onDidChangeState(() => this.fire(undefined)),
    );
  }

  private fire(uri: string | undefined): void {
    if (uri !== undefined) {
      clearTimeout(this.timers.get(uri));
      this.timers.delete(uri);
    }
    this.emitter.fire(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
