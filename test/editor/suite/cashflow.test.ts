/**
 * "Dealspec: Show Cash Flow" in the real editor: the command opens the webview
 * panel beside the deal, the page loads its bundled script under its
 * Content-Security-Policy, receives the server's `dealspec/cashflow` answer
 * and reports what it drew, with no script error. (The page's drawing itself
 * is checked in test/webview, in Chromium.)
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { cliFigures, closeAll, codeLensTitles, exact, extension, open, rangeOf, replace, waitFor, workspaceFile } from "./helpers";
import { note } from "./index";

/** What the command returns (client/src/cashflow/panel.ts `ShowResult`). */
interface ShowResult {
  readonly uri: string;
  readonly rendered: { readonly kind: string; readonly months: number; readonly series: number; readonly total: string; readonly theme: string } | null;
  readonly reason?: string;
  readonly errors: readonly string[];
}

type Rendered = NonNullable<ShowResult["rendered"]> & { readonly uri: string };

/** Resolves with the first drawing of the cash-flow view that `match` accepts (the extension's exported event). */
function nextDrawing(match: (r: Rendered) => boolean): Promise<Rendered> {
  const api = extension().exports as { onDidRenderCashFlow: vscode.Event<Rendered> };
  return new Promise((resolve) => {
    const sub = api.onDidRenderCashFlow((r) => {
      if (!match(r)) return;
      sub.dispose();
      resolve(r);
    });
  });
}

function cashFlowTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith("Cash Flow"));
}

suite("cash-flow view", () => {
  teardown(closeAll);

  test("the extension registers dealspec.showCashFlow once a deal file opens", async () => {
    const { document } = await open("colossus-1.deal.yaml");
    await waitFor("the server to answer", async () => ((await codeLensTitles(document)).length > 0 ? true : undefined));
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

    // It follows the document: an edit redraws the same panel with the new figures (2 x $625M + 35 x $1.5B).
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === document.uri.toString())!;
    const redrawn = nextDrawing((r) => r.total === "$53,750,000,000.00");
    const edited = Date.now();
    await replace(editor, rangeOf(document, "amount: $1.25B"), "amount: $1.5B");
    const after = await redrawn;
    note(`cash-flow view redrawn ${Date.now() - edited} ms after an edit`);
    assert.equal(after.uri, document.uri.toString());
    assert.equal(cashFlowTabs().length, 1, "still one cash-flow tab");

    // It follows the active deal file: another deal in the editor column redraws the panel for it.
    const other = workspaceFile("escalator.deal.yaml");
    const switched = nextDrawing((r) => r.uri === other.toString());
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other), { viewColumn: editor.viewColumn, preview: false });
    const drawn = await switched;
    assert.equal(drawn.total, exact(cliFigures(other.fsPath).total, cliFigures(other.fsPath).currency));
    assert.equal(cashFlowTabs()[0]!.label, "Cash Flow: escalator.deal.yaml");
  });
});
