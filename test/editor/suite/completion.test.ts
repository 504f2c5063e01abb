import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAll, completionLabels, open, positionOf, waitFor } from "./helpers";

suite("completion", () => {
  teardown(closeAll);

  async function labelsAt(name: string, after: string, insert: string): Promise<string[]> {
    const editor = await open(name);
    const at = positionOf(editor.document, after, after.length);
    await editor.edit((b) => b.insert(at, insert));
    const end = editor.document.positionAt(editor.document.offsetAt(at) + insert.length);
    return waitFor(`completion items at ${end.line + 1}:${end.character + 1}`, async () => {
      const labels = await completionLabels(editor.document, end);
      return labels.length > 0 ? labels : undefined;
    });
  }

  test("inside a fee, it offers the fee keys not yet written, and no top-level keys", async () => {
    // A new line in the `base` fee, indented like its keys.
    const labels = await labelsAt("colossus-1.deal.yaml", "    from: 2026-07-01", "\n    ");
    for (const key of ["escalate", "credit", "paid"]) assert.ok(labels.includes(key), `\`${key}\` is not offered in a fee: ${JSON.stringify(labels)}`);
    for (const key of ["currency", "parties", "discount_rate"]) assert.ok(!labels.includes(key), `top-level \`${key}\` is offered inside a fee`);
    assert.ok(!labels.includes("amount"), "`amount` is already written in this fee but offered again");
  });

  test("at the top level, it offers the top-level keys not yet written", async () => {
    const labels = await labelsAt("colossus-1.deal.yaml", "discount_rate: 8%", "\n");
    assert.ok(labels.includes("commitment"), `\`commitment\` is not offered at the top level: ${JSON.stringify(labels)}`);
    for (const key of ["every", "escalate", "notice"]) assert.ok(!labels.includes(key), `\`${key}\` is offered at the top level`);
    for (const key of ["fees", "term"]) assert.ok(!labels.includes(key), `\`${key}\` is already written but offered again`);
    assert.equal(vscode.window.activeTextEditor?.document.isDirty, true);
  });
});
