import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { cliFigures, closeAll, codeLensTitles, exact, open, waitFor, workspaceFile } from "./helpers";

suite("commands", () => {
  teardown(closeAll);

  test("the extension contributes its commands", async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ["dealspec.showSchedule", "dealspec.restartServer"]) assert.ok(commands.includes(id), `${id} is not registered`);
  });

  test('"Show Schedule" opens the schedule of the active deal', async () => {
    const figures = cliFigures(workspaceFile("colossus-1.deal.yaml").fsPath);
    const { document } = await open("colossus-1.deal.yaml");
    await waitFor("the server to answer", async () => ((await codeLensTitles(document)).length > 0 ? true : undefined));
    const tabsBefore = vscode.window.tabGroups.all.reduce((n, g) => n + g.tabs.length, 0);

    await vscode.commands.executeCommand("dealspec.showSchedule");
    // The schedule is another editor beside the deal, holding the deal's total and every year's sum.
    const total = exact(figures.total, figures.currency);
    const schedule = await waitFor(
      "an editor with the schedule",
      () =>
        vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() !== document.uri.toString() && e.document.getText().includes(total)),
      {
        events: [vscode.window.onDidChangeVisibleTextEditors as vscode.Event<unknown>, vscode.workspace.onDidChangeTextDocument as vscode.Event<unknown>],
        describe: () => vscode.window.visibleTextEditors.map((e) => `${e.document.uri.toString()}: ${e.document.getText().slice(0, 200)}`),
      },
    );
    const text = schedule.document.getText();
    for (const [year, amount] of Object.entries(figures.years)) {
      assert.ok(text.split("\n").some((l) => l.includes(year) && l.includes(exact(amount, figures.currency))), `the schedule has no line for ${year} with ${exact(amount, figures.currency)}`);
    }
    assert.equal(vscode.window.tabGroups.all.reduce((n, g) => n + g.tabs.length, 0), tabsBefore + 1, "Show Schedule should open exactly one new tab");
  });
});
