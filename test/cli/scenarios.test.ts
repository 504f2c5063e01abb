/**
 * Scenarios and sensitivity through the built CLI, as a process: `totals
 * --scenario`, the readable `totals` listing, `dealspec scenarios` in every
 * format, `dealspec sensitivity`, and their exit codes.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, figuresJson } from "../../server/src/core";
import { FIXTURES, ROOT } from "../support/paths";
import { dealspec, golden, tempDir } from "./support";

const CASE = "test/fixtures/conformance/v11-scenarios-exit-curve.deal.yaml";
const COLOSSUS = "samples/colossus-1.deal.yaml";
const expected = JSON.parse(readFileSync(path.join(FIXTURES, "conformance", "v11-scenarios-exit-curve.figures.json"), "utf8"));

describe("dealspec totals with scenarios", () => {
  it("--json --scenario ID prints that scenario's figures with its delta, as the conformance case has them", () => {
    const r = dealspec(["totals", "--json", "--scenario", "early-exit", CASE], ROOT);
    assert.equal(r.code, 0, r.stderr);
    const { complete, ...got } = JSON.parse(r.stdout);
    assert.equal(complete, true);
    assert.deepEqual(got, expected.scenarios["early-exit"]);
  });

  it("--json carries every scenario under `scenarios`", () => {
    const r = dealspec(["totals", "--json", CASE], ROOT);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(json.scenarios), Object.keys(expected.scenarios));
    for (const [id, s] of Object.entries(expected.scenarios as Record<string, { total: string; delta: unknown }>)) {
      assert.equal(json.scenarios[id].total, s.total, id);
      assert.deepEqual(json.scenarios[id].delta, s.delta, id);
    }
  });

  it("the readable output lists each scenario's total, delta and NPV, and its options", () => {
    const r = dealspec(["totals", CASE], ROOT);
    assert.equal(r.code, 0, r.stderr);
    golden("totals-scenarios.txt", r.stdout);
  });

  it("--scenario prints one scenario's figures readably, with the changes it applies", () => {
    const r = dealspec(["totals", "--scenario", "repriced", CASE], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(scenario repriced\)/);
    assert.match(r.stdout, /total +\$84,160,000\.00/);
    assert.match(r.stdout, /changes\n +set fees\.lease\.amount: \$4\.5M\n +set fees\.onboarding: \{amount: \$1M, every: once, from: 2026-02-01\}\n +change assumed: \+20%/);
  });

  it("--scenario naming no scenario is a usage error that lists the scenarios", () => {
    const r = dealspec(["totals", "--scenario", "nope", CASE], ROOT);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /has no scenario `nope` \(its scenarios: repriced, late-start, extended, early-exit\)/);
  });

  it("a scenario with errors prints no figures and makes the exit code 1; the base still prints", () => {
    const dir = tempDir({ "x.deal.yaml": `${readFileSync(path.join(ROOT, CASE), "utf8")}  - id: broken\n    change: {nope: "+5%"}\n` });
    const r = dealspec(["totals", "--json", "x.deal.yaml"], dir);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout);
    assert.equal(json.scenarios.broken, null);
    assert.equal(json.total, expected.total);
  });
});

describe("dealspec scenarios", () => {
  it("--format json: the base and each scenario side by side, equal to the figures JSON", () => {
    const r = dealspec(["scenarios", "--format", "json", CASE], ROOT);
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout);
    assert.deepEqual(
      data.scenarios.map((c: { id: string }) => c.id),
      ["base", ...Object.keys(expected.scenarios)],
    );
    const base = data.scenarios[0];
    assert.equal(base.total, expected.total);
    assert.equal(base.delta, null);
    for (const c of data.scenarios.slice(1)) {
      const s = expected.scenarios[c.id];
      assert.equal(c.total, s.total, c.id);
      assert.deepEqual(c.years, s.years, c.id);
      assert.equal(c.npv, s.npv, c.id);
      assert.deepEqual(c.exit_exposure, s.exit_exposure, c.id);
      assert.deepEqual(c.delta, s.delta, c.id);
    }
  });

  for (const format of ["table", "markdown", "csv"]) {
    it(`--format ${format} (golden)`, () => {
      const r = dealspec(["scenarios", "--format", format, COLOSSUS], ROOT);
      assert.equal(r.code, 0, r.stderr);
      golden(`scenarios-colossus.${format === "markdown" ? "md" : format === "csv" ? "csv" : "txt"}`, r.stdout);
    });
  }

  it("an unknown format is a usage error", () => {
    const r = dealspec(["scenarios", "--format", "xml", COLOSSUS], ROOT);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format is one of table, markdown, json, csv/);
  });
});

describe("dealspec sensitivity", () => {
  it("--format json: drivers sorted by swing in NPV, each row the figures of its generated scenario written by hand", () => {
    const r = dealspec(["sensitivity", "--format", "json", CASE], ROOT);
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout);
    assert.equal(data.measure, "npv");
    assert.equal(data.step, "10%");
    assert.deepEqual(
      data.drivers.map((d: { driver: string }) => d.driver),
      ["option extend-6m", "discount rate", "support amount"],
    );
    const swings = data.drivers.map((d: { swing: string }) => Number(d.swing));
    assert.deepEqual(swings, [...swings].sort((a, b) => b - a), "sorted by swing, largest first");
    // The same scenarios written in the file give the same figures.
    const variants = data.drivers.flatMap((d: { low: unknown; high: unknown }) => [d.low, d.high].filter(Boolean)) as { scenario: { id: string }; total: string; npv: string }[];
    const text = `${readFileSync(path.join(ROOT, CASE), "utf8").replace(/scenarios:[\s\S]*$/, "")}scenarios:\n${variants.map((v) => `  - ${JSON.stringify(v.scenario)}`).join("\n")}\n`;
    const json = figuresJson(analyze(text));
    for (const v of variants) {
      assert.equal(json.scenarios![v.scenario.id]!.total, v.total, v.scenario.id);
      assert.equal(json.scenarios![v.scenario.id]!.npv, v.npv, v.scenario.id);
    }
  });

  it("--step 20% doubles the amount swing of an assumed fee", () => {
    const ten = JSON.parse(dealspec(["sensitivity", "--format", "json", CASE], ROOT).stdout);
    const twenty = JSON.parse(dealspec(["sensitivity", "--format", "json", "--step", "20%", CASE], ROOT).stdout);
    const swing = (d: { drivers: { driver: string; low: { delta_total: string } }[] }) => d.drivers.find((x) => x.driver === "support amount")!.low.delta_total;
    assert.equal(swing(ten), "-180000.00");
    assert.equal(swing(twenty), "-360000.00");
  });

  it("the table (golden)", () => {
    const r = dealspec(["sensitivity", COLOSSUS], ROOT);
    assert.equal(r.code, 0, r.stderr);
    golden("sensitivity-colossus.txt", r.stdout);
  });

  it("--step that is not a positive percentage is a usage error", () => {
    const r = dealspec(["sensitivity", "--step", "ten", CASE], ROOT);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--step is a percentage above 0/);
  });
});

describe("dealspec scenarios and sensitivity: a portfolio file", () => {
  const PORTFOLIO = "samples/anthropic-compute.portfolio.yaml";
  for (const [command, hint] of [
    ["scenarios", /scenarios are shown per deal: name one of its deal files, or run `dealspec totals samples\/anthropic-compute\.portfolio\.yaml`, which shows the portfolio's own scenarios side by side/],
    ["sensitivity", /sensitivity is per deal: name one of its deal files/],
  ] as const) {
    it(`${command}: a usage error that says where its figures are, not a portfolio read as a deal`, () => {
      const r = dealspec([command, PORTFOLIO], ROOT);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, new RegExp(`dealspec ${command}: samples/anthropic-compute\\.portfolio\\.yaml is a portfolio file; `));
      assert.match(r.stderr, hint);
      assert.doesNotMatch(r.stderr, /has \d+ errors?/);
    });
  }
});
