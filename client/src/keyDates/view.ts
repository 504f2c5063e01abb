/**
 * The "Dealspec: Key Dates" view in the explorer: the workspace's upcoming key
 * dates in date order, as the server lists them (`dealspec/keyDates`), each
 * opening its deal file at its line. Dates before today are hidden (the
 * server marks them `passed`). No domain logic: the server writes every
 * string; the client only gives it today's date from its clock.
 *
 * Refreshed when a deal file's analysis may have changed (`DealChanges`: new
 * diagnostics, an edit, the server's (re)start), debounced so that a burst of
 * diagnostics asks once, and by the view's refresh button.
 */
import * as vscode from "vscode";
import { State, type BaseLanguageClient } from "vscode-languageclient";
import { KeyDatesRequest, type KeyDateItem } from "../../../protocol/src";
import type { DealChanges } from "../changes";
import { KEY_DATES_VIEW } from "../ids";

/** How long the view waits after a change before asking again (diagnostics of many files come in bursts). */
const REFRESH_PAUSE_MS = 500;

/** Today in the local time zone, `YYYY-MM-DD`: the one thing the client adds. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export class KeyDatesView implements vscode.TreeDataProvider<KeyDateItem>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: BaseLanguageClient,
    changes: DealChanges,
  ) {
    this.subscriptions.push(
      this.emitter,
      vscode.window.registerTreeDataProvider(KEY_DATES_VIEW, this),
      changes.onDidChange(() => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.refresh(), REFRESH_PAUSE_MS);
      }),
    );
  }

  refresh(): void {
    this.emitter.fire();
  }

  async getChildren(element?: KeyDateItem): Promise<KeyDateItem[]> {
    if (element !== undefined || this.client.state !== State.Running) return [];
    try {
      const answer = await this.client.sendRequest(KeyDatesRequest.type, { today: localToday() });
      return answer.dates.filter((d) => !d.passed);
    } catch (error) {
      this.client.error("Key dates: the request failed", error, false);
      return [];
    }
  }

  getTreeItem(d: KeyDateItem): vscode.TreeItem {
    const item = new vscode.TreeItem(d.summary, vscode.TreeItemCollapsibleState.None);
    item.description = d.description;
    item.tooltip = `${d.description}\n${d.detail}`;
    item.iconPath = new vscode.ThemeIcon(d.deadline ? "warning" : "calendar");
    const uri = vscode.Uri.parse(d.uri);
    item.resourceUri = uri;
    const start = new vscode.Position(d.range.start.line, d.range.start.character);
    const end = new vscode.Position(d.range.end.line, d.range.end.character);
    item.command = { command: "vscode.open", title: "Open", arguments: [uri, { selection: new vscode.Range(start, end) } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
