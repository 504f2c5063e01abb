/**
 * The npm package as CI installs it: `npm pack` ships only the bundled CLI,
 * its licences and the docs it links to, with no dependency; installing the
 * tarball into an empty folder, offline and with no access to the repository,
 * gives a `dealspec` that lints and prints figures.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import { ROOT } from "../support/paths";
import { cleanEnv, deal } from "./support";

interface Packed {
  filename: string;
  size: number;
  files: { path: string }[];
}

const SHIPPED = ["CHANGELOG.md", "LICENSE", "README.md", "dist/THIRD-PARTY-NOTICES.txt", "dist/cli.js", "docs/cli.md", "docs/diagnostics.md", "package.json"];

function npm(args: string[], cwd: string, cache: string) {
  // A cache of its own: nothing is read from or written to the user's.
  return spawnSync("npm", [...args, "--cache", cache, "--no-audit", "--no-fund", "--no-update-notifier"], { cwd, encoding: "utf8", timeout: 180_000, env: cleanEnv({ npm_config_loglevel: "warn" }) });
}

describe("npm package", () => {
  const work = mkdtempSync(path.join(tmpdir(), "dealspec-npm-"));
  const cache = path.join(work, "cache");
  let packed: Packed;
  let project: string;

  before(() => {
    const pack = npm(["pack", "--json", "--pack-destination", work], ROOT, cache);
    assert.equal(pack.status, 0, pack.stderr);
    packed = (JSON.parse(pack.stdout) as Packed[])[0]!;
    project = path.join(work, "project");
    spawnSync("mkdir", ["-p", project]);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "deals", private: true }));
  });

  it("ships only the CLI bundle, its licences, the docs it links to and the changelog", () => {
    assert.deepEqual(packed.files.map((f) => f.path).sort(), SHIPPED);
    // The CLI with every dependency inlined, ExcelJS and the iCalendar libraries included (about 0.7 MB packed).
    assert.ok(packed.size < 1_000_000, `${packed.size} bytes`);
  });

  it("declares no dependency, and a bin that is the bundle", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(manifest.bin, { dealspec: "./dist/cli.js" });
    for (const key of ["repository", "homepage", "bugs", "keywords", "license"]) assert.ok(manifest[key], `package.json has ${key}`);
  });

  it("installs offline into an empty folder, alone, and runs `dealspec lint` and `totals --json`", () => {
    const install = npm(["install", "--offline", path.join(work, packed.filename)], project, cache);
    assert.equal(install.status, 0, install.stderr);
    assert.deepEqual(readdirSync(path.join(project, "node_modules")).filter((f) => !f.startsWith(".")), ["dealspec"], "nothing but the package");
    const bin = path.join(project, "node_modules", ".bin", "dealspec");
    assert.ok(existsSync(bin));
    writeFileSync(path.join(project, "a.deal.yaml"), deal("a"));
    writeFileSync(path.join(project, "b.deal.yaml"), deal("b").replace("every: month", "every: monthly"));
    const env = cleanEnv({ DEALSPEC_DOCS_URL: "" });
    const lint = spawnSync(bin, ["lint", "--format", "sarif"], { cwd: project, encoding: "utf8", env });
    assert.equal(lint.status, 1, lint.stderr);
    const log = JSON.parse(lint.stdout);
    assert.deepEqual(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ["DS203"]);
    // Help links resolve into the installed package's docs.
    const help = log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === "DS203").helpUri as string;
    assert.ok(existsSync(fileURLToPath(help.replace(/#.*$/, ""))), help);
    const totals = spawnSync(bin, ["totals", "--json", "a.deal.yaml"], { cwd: project, encoding: "utf8", env });
    assert.equal(totals.status, 0, totals.stderr);
    const figures = JSON.parse(totals.stdout);
    assert.equal(figures.deal, "a");
    assert.equal(figures.total, "12000000.00");
    assert.equal(figures.complete, true);
  });
});
