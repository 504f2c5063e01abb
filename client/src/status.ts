/** The status bar item: the active deal's total and run rate (a portfolio's total and providers), as the server computed them; a click shows the schedule. */
import * as vscode from "vscode";
import { State, type BaseLanguageClient } from "vscode-languageclient";
import { COMMANDS, FiguresRequest, type DocumentParams } from "../../protocol/src";
import { isToolLanguage } from "./ids";
import type { DealChanges } from "./changes";
import { statusView, type AnyFiguresView } from "./present";

/** The server's figures for one open deal or portfolio file, or `null` when it has none. */
export async function requestFigures(client: BaseLanguageClient, uri: string, token?: vscode.CancellationToken): Promise<AnyFiguresView | null> {
  const params: DocumentParams = { uri };
  const result = await client.sendRequest(FiguresRequest.type, params, token);
  return result ?? null;
}

export class FiguresStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("dealspec.figures", vscode.StatusBarAlignment.Left, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private pending: vscode.CancellationTokenSource | undefined;

  constructor(private readonly client: BaseLanguageClient, changes: DealChanges) {
    this.item.name = "Dealspec figures";
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      changes.onDidChange((uri) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (uri === undefined || uri === active) void this.update();
      }),
    );
    void this.update();
  }

  private async update(): Promise<void> {
    this.pending?.cancel();
    this.pending?.dispose();
    this.pending = undefined;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isToolLanguage(document.languageId)) {
      this.item.hide();
      return;
    }
    const uri = document.uri.toString();
    if (this.client.state !== State.Running) {
      const starting = this.client.state === State.Starting;
      this.show(
        starting ? "$(sync~spin) Dealspec" : "$(error) Dealspec: server stopped",
        starting ? "The Dealspec language server is starting." : "The Dealspec language server is not running. Click to restart it.",
        starting ? undefined : { title: "Restart Language Server", command: COMMANDS.restartServer },
      );
      return;
    }
    const source = new vscode.CancellationTokenSource();
    this.pending = source;
    try {
      const figures = await requestFigures(this.client, uri, source.token);
      if (source.token.isCancellationRequested) return;
      const view = statusView(figures);
      this.show(view.text, view.tooltip.join("\n"), { title: "Show Schedule", command: COMMANDS.showSchedule, arguments: [uri] });
    } catch (error) {
      if (source.token.isCancellationRequested) return;
      this.show("$(error) Dealspec", `The language server did not answer \`${FiguresRequest.method}\`: ${String(error)}`, undefined);
    }
  }

  private show(text: string, tooltip: string, command: vscode.Command | undefined): void {
    this.item.text = text;
    const markdown = new vscode.MarkdownString(tooltip);
    markdown.supportThemeIcons = true;
    this.item.tooltip = markdown;
    this.item.command = command;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, ""), role: "button" };
    this.item.show();
  }

  dispose(): void {
    this.pending?.cancel();
    this.pending?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
