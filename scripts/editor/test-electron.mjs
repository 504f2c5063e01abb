#!/usr/bin/env node
// `npm run test:electron`: the same in-editor suite as `npm run test:editor`, run by
// @vscode/test-electron in a desktop VS Code that it downloads (needs access to
// update.code.visualstudio.com, e.g. a laptop or hosted CI; this project's CI machines cannot, and use
// `npm run test:editor`). Set DEALSPEC_VSCODE_VERSION to pick a version (default: stable), or
// DEALSPEC_VSCODE_EXECUTABLE to use a VS Code already on the machine.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runTests } from "@vscode/test-electron";
import { ROOT, log, run } from "./lib.mjs";

async function main() {
  run("npm", ["run", "build", "--silent"]);
  run(join(ROOT, "node_modules/.bin/tsc"), ["-p", "test/editor"]);

  const base = join(ROOT, ".tmp/editor/electron");
  rmSync(base, { recursive: true, force: true });
  const workspace = join(base, "workspace");
  const userData = join(base, "user-data");
  mkdirSync(workspace, { recursive: true });
  for (const src of ["samples", "test/editor/fixtures"]) cpSync(join(ROOT, src), workspace, { recursive: true });

  try {
    await runTests({
      version: process.env.DEALSPEC_VSCODE_VERSION ?? "stable",
      ...(process.env.DEALSPEC_VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.DEALSPEC_VSCODE_EXECUTABLE } : {}),
      cachePath: join(ROOT, ".cache/vscode-test"),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, "out/test/editor/suite/index.js"),
      launchArgs: [
        workspace,
        "--disable-extensions",
        "--disable-workspace-trust",
        "--skip-welcome",
        "--skip-release-notes",
        `--user-data-dir=${userData}`,
        `--extensions-dir=${join(base, "extensions")}`,
      ],
      extensionTestsEnv: {
        DEALSPEC_EDITOR_LOGS: join(userData, "logs"),
        DEALSPEC_EDITOR_RESULTS: join(base, "results.ndjson"),
        ...(process.env.DEALSPEC_EDITOR_GREP ? { DEALSPEC_EDITOR_GREP: process.env.DEALSPEC_EDITOR_GREP } : {}),
      },
    });
    log("all editor tests passed in the desktop VS Code");
    return 0;
  } catch (e) {
    const text = String(e?.stack ?? e);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo|Failed to get JSON|download/i.test(text)) {
      log(`could not download VS Code: ${e?.message ?? e}`);
      log("this machine cannot reach update.code.visualstudio.com; run `npm run test:editor` (code-server) instead.");
    } else {
      log(`FAILED: ${text}`);
    }
    return 1;
  }
}

main().then((code) => process.exit(code));
