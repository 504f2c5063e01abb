import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAll, codeLensTitles, open, waitFor } from "./helpers";

function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
}

suite("commands", () => {
  teardown(closeAll);

  test("the extension contributes its commands", async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ["dealspec.showSchedule", "dealspec.restartServer"]) assert.ok(commands.includes(id), `${id} is not registered`);
  });

  test('"Show Schedule" opens the schedule of the active deal', async () => {
    const { document } = await open("colossus-1.deal.yaml");
    await waitFor("the server to answer", async () => ((await codeLensTitles(document)).length > 0 ? true : undefined));
    const before = new Set(tabLabels());
    await vscode.commands.executeCommand("dealspec.showSchedule");
    const opened = await waitFor("a schedule tab", () => tabLabels().find((l) => !before.has(l) && /schedule/i.test(l)), {
      events: [vscode.window.tabGroups.onDidChangeTabs as vscode.Event<unknown>],
      describe: tabLabels,
    });
    assert.match(opened, /colossus|schedule/i);
  });
});
