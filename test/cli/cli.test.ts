/** The CLI as a user runs it: the built bundle as a child process. */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { CLI, FIXTURES } from "../support/paths";
import { SMALL_DEAL } from "../support/deals";
import { tempDir } from "./support";

function dealspec(args: string[], cwd = FIXTURES) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GOOD = SMALL_DEAL;

describe("dealspec lint", () => {
  it("exits 0 on clean files and 1 when a file has an error", () => {
    const dir = tempDir({ "good.deal.yaml": GOOD, "bad.deal.yaml": GOOD.replace("every: month", "every: monthly") });
    assert.equal(dealspec(["lint", "good.deal.yaml"], dir).code, 0);
    const bad = dealspec(["lint", "bad.deal.yaml"], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^bad\.deal\.yaml:9:12 {2}error {2}DS203 {2}.*`month`/m);
  });

  it("prints the JSON shape with 1-based lines and columns", () => {
    const dir = tempDir({ "bad.deal.yaml": GOOD.replace("amount: $1M", "amount: $1m") });
    const r = dealspec(["lint", "--format", "json", "bad.deal.yaml"], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout), [
      {
        file: "bad.deal.yaml",
        diagnostics: [
          {
            code: "DS214",
            severity: "error",
            message: "`$1m` has an unknown scale suffix, `m`. `m` could mean milli or million: write `M` for million.",
            line: 8,
            column: 13,
            endLine: 8,
            endColumn: 16,
          },
        ],
      },
    ]);
  });

  it("finds deal files under the current folder when given no argument", () => {
    const dir = tempDir({ "a.deal.yaml": GOOD, "b.deal.yml": GOOD.replace("every: month", "every: weekly"), "c.yaml": "not: a deal" });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout).map((f: { file: string }) => f.file), ["a.deal.yaml", "b.deal.yml"]);
  });

  it("reports a missing file with exit 2 and still lints the others", () => {
    const dir = tempDir({ "bad.deal.yaml": GOOD.replace("currency: USD", "currency: usd") });
    const r = dealspec(["lint", "--format", "json", "missing.deal.yaml", "bad.deal.yaml"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such file or folder: missing\.deal\.yaml/);
    assert.equal(JSON.parse(r.stdout)[0].diagnostics[0].code, "DS219");
  });

  it("rejects an unknown command or format with exit 2", () => {
    assert.equal(dealspec(["frobnicate"]).code, 2);
    assert.equal(dealspec(["lint", "--format", "xml"]).code, 2);
  });
});

describe("dealspec totals", () => {
  it("prints the specification's JSON for one file", () => {
    const r = dealspec(["totals", "--json", "conformance/colossus-example.deal.yaml"]);
    assert.equal(r.code, 0, r.stderr);
    const figures = JSON.parse(r.stdout);
    assert.equal(figures.total, "45000000000.00");
    assert.equal(figures.npv, "40047555998.85");
  });

  it("prints an array for several files, in argument order", () => {
    const r = dealspec(["totals", "--json", "conformance/yen-notice-past-end.deal.yaml", "conformance/prorated-clamp.deal.yaml"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).map((f: { deal: string }) => f.deal), ["yen-notice-past-end", "prorated-clamp"]);
  });

  it("prints readable figures by default", () => {
    const r = dealspec(["totals", "conformance/colossus-example.deal.yaml"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /total\s+\$45,000,000,000\.00/);
    assert.match(r.stdout, /2027\s+\$15,000,000,000\.00/);
  });
});
