import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { ROOT, closeAll, codeLensTitles, errorsOf, describeDiagnostic, extension, logFiles, open, waitFor, workspaceDir } from "./helpers";
import { note } from "./index";

/** The samples shipped in samples/ (the workspace holds a copy of them, beside the test fixtures). */
function samples(): string[] {
  const shipped = new Set(fs.readdirSync(path.join(ROOT, "samples")));
  return fs.readdirSync(workspaceDir()).filter((f) => /\.deal\.ya?ml$/.test(f) && shipped.has(f)).sort();
}

suite("activation", () => {
  suiteTeardown(closeAll);

  test("opening each sample activates the extension, and the server answers with no errors", async () => {
    const names = samples();
    assert.ok(names.length > 0, "no samples in the workspace");
    const activeBefore = extension().isActive;
    for (const name of names) {
      const editor = await open(name);
      assert.equal(editor.document.languageId, "dealspec", `${name} is not recognised as a deal file`);
      await waitFor(`the extension to activate for ${name}`, () => (extension().isActive ? true : undefined));
      // A CodeLens proves the language server analysed the file; then its diagnostics are final.
      await waitFor(`the server's CodeLens for ${name}`, async () => ((await codeLensTitles(editor.document)).length > 0 ? true : undefined));
      const errors = errorsOf(vscode.languages.getDiagnostics(editor.document.uri));
      assert.deepEqual(errors.map(describeDiagnostic), [], `${name} is a clean sample but shows errors`);
    }
    if (activeBefore) note("the extension was already active before the first sample was opened");
  });

  test("the extension's logs have no errors", async () => {
    const dir = process.env.DEALSPEC_EDITOR_LOGS;
    assert.ok(dir, "DEALSPEC_EDITOR_LOGS must name the editor's log folder");
    const files = logFiles(dir);
    const ours = files.filter((f) => /dealspec/i.test(path.basename(f)) || /dealspec/i.test(path.basename(path.dirname(f))));
    assert.ok(ours.length > 0, `no log of the Dealspec extension under ${dir}; found: ${files.map((f) => path.relative(dir, f)).join(", ")}`);
    const problems: string[] = [];
    for (const f of ours) {
      for (const line of fs.readFileSync(f, "utf8").split("\n")) {
        if (/\[error\b|\bError - |Unhandled|\bexception\b/i.test(line)) problems.push(`${path.basename(f)}: ${line}`);
      }
    }
    // The extension host's own log (exthost.log, remoteexthost.log under code-server) says when an
    // extension failed to activate or threw.
    for (const f of files.filter((f) => /exthost\.log$/.test(path.basename(f)))) {
      for (const line of fs.readFileSync(f, "utf8").split("\n")) {
        if (line.includes("dealspec.dealspec") && /\[error\]|failed/i.test(line)) problems.push(`exthost.log: ${line}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
