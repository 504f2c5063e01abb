import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { cliFigures, closeAll, codeLensTitles, exact, open, waitFor, workspaceFile } from "./helpers";

suite("commands", () => {
  teardown(closeAll);

  test("the extension contributes its commands", async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ["dealspec.showSchedule", "dealspec.restartServer"]) assert.ok(commands.includes(id), `${id} is not registered`);
  });

  test('"Show Schedule" opens the schedule table of the active deal beside it', async () => {
    const figures = cliFigures(workspaceFile("colossus-1.deal.yaml").fsPath);
    const { document } = await open("colossus-1.deal.yaml");
    await waitFor("the server to answer", async () => ((await codeLensTitles(document)).length > 0 ? true : undefined));
    const tabsBefore = vscode.window.tabGroups.all.reduce((n, g) => n + g.tabs.length, 0);

    // The command resolves with what the webview page showed (client/src/schedule/panel.ts `ScheduleShowResult`).
    const result = await vscode.commands.executeCommand<{ rendered: { groups: string[]; rows: number; totals: string[] } | null; reason?: string; errors: string[] }>("dealspec.showSchedule");
    assert.deepEqual(result.errors, [], "the page reported script errors");
    assert.ok(result.rendered, `the page showed nothing: ${result.reason ?? "no report"}`);
    assert.deepEqual(result.rendered.groups, Object.keys(figures.years), "one group per year, each with its subtotal row");
    assert.ok(result.rendered.totals.includes(exact(figures.total, figures.currency)), `the totals row holds ${exact(figures.total, figures.currency)}`);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith("Schedule"));
    assert.deepEqual(tabs.map((t) => t.label), ["Schedule: colossus-1.deal.yaml"]);
    assert.equal(vscode.window.tabGroups.all.reduce((n, g) => n + g.tabs.length, 0), tabsBefore + 1, "Show Schedule should open exactly one new tab");
  });
});
