/**
 * Neovim as an independent LSP client (test/neovim/lsp.lua). Runs where
 * `nvim` is installed (CI installs it in .ci/run); skipped elsewhere.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../support/paths";

const nvim = spawnSync("nvim", ["--version"], { encoding: "utf8" });
const available = nvim.status === 0;

describe("neovim", () => {
  it("gets diagnostics and a hover with a figure from the server", { skip: available ? false : "nvim is not installed (apt-get install neovim)" }, () => {
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
