/**
 * Neovim as an independent LSP client (test/neovim/lsp.lua). Runs where
 * `nvim` is installed; skipped elsewhere, except in CI (CI=true), where
 * .ci/run installs it and a missing `nvim` fails the run.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../support/paths";

const nvim = spawnSync("nvim", ["--version"], { encoding: "utf8" });
const available = nvim.status === 0;
const required = process.env.CI === "true";

describe("neovim", () => {
  it("gets diagnostics and a hover with a figure from the server", { skip: available || required ? false : "nvim is not installed (apt-get install neovim)" }, () => {
    assert.ok(available, "nvim is not installed: .ci/run installs it with apt-get");
    const script = path.join(ROOT, "test", "neovim", "lsp.lua");
    const r = spawnSync("nvim", ["--headless", "--clean", "-c", `luafile ${script}`], {
      cwd: ROOT,
      env: { ...process.env, DEALSPEC_ROOT: ROOT },
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(r.status, 0, `nvim exited with ${r.status}${r.signal ? ` (${r.signal})` : ""}:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /neovim: all checks passed/);
    assert.doesNotMatch(r.stdout, /^FAIL/m);
  });
});
