/**
 * "Dealspec: Show Cash Flow" in the real editor: the command opens the webview
 * panel beside the deal, the page loads its bundled script under its
 * Content-Security-Policy, receives the server's `dealspec/cashflow` answer
 * and reports what it drew, with no script error. (The page's drawing itself
 * is checked in test/webview, in Chromium.)
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { cliFigures, closeAll, codeLensTitles, exact, open, rangeOf, replace, waitFor, workspaceFile } from "./helpers";

/** What the command returns (client/src/cashflow/panel.ts `ShowResult`). */
interface ShowResult {
  readonly uri: string;
  readonly rendered: { readonly kind: string; readonly months: number; readonly series: number; readonly total: string; readonly theme: string } | null;
  readonly reason?: string;
  readonly errors: readonly string[];
}

function cashFlowTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith("Cash Flow"));
}

suite("cash-flow view", () => {
  teardown(closeAll);

  test("the extension contributes dealspec.showCashFlow", async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes("dealspec.showCashFlow"));
  });

  test('"Show Cash Flow" opens the view beside the deal, and the page draws its 37 months', async () => {
    const figures = cliFigures(workspaceFile("colossus-1.deal.yaml").fsPath);
    const { document } = await open("colossus-1.deal.yaml");
    await waitFor("the server to answer", async () => ((await codeLensTitles(document)).length > 0 ? true : undefined));

    const result = await vscode.commands.executeCommand<ShowResult>("dealspec.showCashFlow", document.uri.toString());
    assert.deepEqual(result.errors, [], "the page reported script errors");
    assert.ok(result.rendered, `the page drew nothing: ${result.reason ?? "no report"}`);
    assert.deepEqual(
      { kind: result.rendered.kind, months: result.rendered.months, series: result.rendered.series, total: result.rendered.total },
      { kind: "deal", months: 37, series: 2, total: exact(figures.total, figures.currency) },
    );
    assert.equal(cashFlowTabs().length, 1, "one cash-flow tab");
    assert.equal(cashFlowTabs()[0]!.label, "Cash Flow: colossus-1.deal.yaml");

    // Again, after an edit: the same panel, redrawn with the new figures (2 x $625M + 35 x $1.5B).
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === document.uri.toString())!;
    await replace(editor, rangeOf(document, "$1.25B"), "$1.5B");
    const again = await vscode.commands.executeCommand<ShowResult>("dealspec.showCashFlow", document.uri.toString());
    assert.equal(again.rendered?.total, "$53,750,000,000.00");
    assert.equal(cashFlowTabs().length, 1, "still one cash-flow tab");
  });
});
