import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAll, codeOf, describeDiagnostic, errorsOf, open, rangeOf, replace, waitForDiagnostics } from "./helpers";

suite("diagnostics and quick fixes", () => {
  teardown(closeAll);

  test("a broken deal shows its diagnostic, and an edit that fixes it clears it", async () => {
    const editor = await open("wrong-total.deal.yaml");
    const uri = editor.document.uri;
    const shown = await waitForDiagnostics(uri, "DS400 on the wrong expectation", (ds) => ds.some((d) => codeOf(d) === "DS400"));
    const ds400 = shown.find((d) => codeOf(d) === "DS400")!;
    assert.equal(ds400.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(ds400.range.start.line, rangeOf(editor.document, "$80M").start.line, `DS400 is not on the expectation's line: ${describeDiagnostic(ds400)}`);
    assert.match(ds400.message, /\$90,000,000\.00/, "the message should give the computed total");

    await replace(editor, rangeOf(editor.document, "$80M"), "$90M");
    const after = await waitForDiagnostics(uri, "the diagnostics to clear after the fix", (ds) => errorsOf(ds).length === 0);
    assert.deepEqual(after.map(describeDiagnostic).filter((d) => d.includes("Error")), []);
  });

  test("a quick fix applied through the editor repairs the file", async () => {
    const editor = await open("typo-key.deal.yaml");
    const doc = editor.document;
    const shown = await waitForDiagnostics(doc.uri, "DS201 on the misspelt key", (ds) => ds.some((d) => codeOf(d) === "DS201"));
    const ds201 = shown.find((d) => codeOf(d) === "DS201")!;
    assert.deepEqual(ds201.range, rangeOf(doc, "evry"), "DS201 should cover the misspelt key exactly");

    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, ds201.range, vscode.CodeActionKind.QuickFix.value, 10)) ?? [];
    const fix = actions.find((a) => /every/.test(a.title));
    assert.ok(fix, `no quick fix writes \`every\`; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `the fix is not a quick fix (${fix.kind?.value})`);

    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), "the editor refused the quick fix's edit");
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.ok(fix.edit || fix.command, "the quick fix has neither an edit nor a command");

    assert.match(doc.getText(), /^ {4}every: month$/m, "the key was not repaired in the document");
    await waitForDiagnostics(doc.uri, "every error to clear after the quick fix", (ds) => errorsOf(ds).length === 0);
  });
});
