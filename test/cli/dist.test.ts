/**
 * dist/cli.js, the CLI bundle the GitHub Action and the npm package run, is
 * committed: it must be exactly what scripts/bundle.mjs builds from the
 * current sources, and it must run on its own.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ROOT, SAMPLES } from "../support/paths";
import { cleanEnv } from "./support";

const DIST = path.join(ROOT, "dist");

describe("dist/cli.js (committed bundle)", () => {
  it("equals a fresh build of the current sources, notices included", () => {
    const out = mkdtempSync(path.join(tmpdir(), "dealspec-dist-"));
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "bundle.mjs"), "--dist", "--out", out], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    for (const file of ["cli.js", "THIRD-PARTY-NOTICES.txt"]) {
      const fresh = readFileSync(path.join(out, file), "utf8");
      const committed = readFileSync(path.join(DIST, file), "utf8");
      assert.ok(fresh === committed, `dist/${file} is not the bundle of the current sources: run \`npm run dist\` and commit dist/`);
    }
  });

  it("runs on its own, copied away from node_modules: the version, and a lint of the samples", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    const alone = path.join(mkdtempSync(path.join(tmpdir(), "dealspec-alone-")), "cli.js");
    copyFileSync(path.join(DIST, "cli.js"), alone);
    const env = cleanEnv({ NODE_PATH: "" });
    const version = spawnSync(process.execPath, [alone, "--version"], { cwd: tmpdir(), encoding: "utf8", env });
    assert.equal(version.stdout.trim(), pkg.version);
    const lint = spawnSync(process.execPath, [alone, "lint", "--format", "human", SAMPLES], { cwd: tmpdir(), encoding: "utf8", env });
    assert.equal(lint.status, 0, lint.stderr);
    assert.match(lint.stderr, /files checked: 0 errors, 0 warnings/);
    assert.match(readFileSync(path.join(DIST, "cli.js"), "utf8"), /^#!\/usr\/bin\/env node\n/);
  });
});
