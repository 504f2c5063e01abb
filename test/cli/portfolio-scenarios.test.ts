/**
 * Portfolio scenarios through the built CLI, as a process: `totals` lists
 * each scenario's total, firm commitment and difference from the base, and
 * the years side by side (golden); `--json` adds `scenarios` only where the
 * portfolio has them; a scenario whose picks cannot all be counted is marked
 * partial everywhere; `lint` reports DS520-DS524 with their exact places and
 * the related place in the deal file.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { dealspec, deal, golden, tempDir } from "./support";

const SCENARIOS = "portfolio/scenarios/scenarios.portfolio.yaml";
const ERRORS = "portfolio/scenario-errors/scenario-errors.portfolio.yaml";

describe("dealspec totals on a portfolio with scenarios", () => {
  it("prints each scenario's total, firm commitment and difference from the base, and the years side by side (golden)", () => {
    const r = dealspec(["totals", SCENARIOS]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    golden("portfolio-scenarios-totals.txt", r.stdout);
    // The figures of the fixture's comments.
    assert.match(r.stdout, /^ {4}downside +\$16,860,000\.00 +\$16,860,000\.00 +-\$13,620,000\.00 +alpha: exit-2026, beta: slip$/m);
    assert.match(r.stdout, /^ {4}upside +\$32,880,000\.00 +\$9,780,000\.00 +\+\$2,400,000\.00 +alpha: price-up$/m);
    assert.match(r.stdout, /^ {4}downside: Leave alpha early, beta late$/m);
    assert.match(r.stdout, /^ {2}scenarios by year\n +base +downside +upside\n {4}2026 +\$12,000,000\.00 +\$12,000,000\.00 +\$13,200,000\.00\n {4}2027 +\$18,480,000\.00 +\$4,860,000\.00 +\$19,680,000\.00\n {4}total +\$30,480,000\.00 +\$16,860,000\.00 +\$32,880,000\.00$/m);
  });

  it("--json adds `scenarios`: the same figures object for each, with its picks and its difference from the base", () => {
    const r = dealspec(["totals", "--json", SCENARIOS]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.total, "30480000.00");
    assert.deepEqual(Object.keys(j.scenarios), ["downside", "upside"]);
    const down = j.scenarios.downside;
    assert.equal(down.total, "16860000.00");
    assert.deepEqual(down.years, { "2026": "12000000.00", "2027": "4860000.00" });
    assert.equal(down.firm_commitment, "16860000.00");
    assert.equal(down.providers.Contoso.percent, "28.83");
    assert.equal(down.deals.beta.scenario, "slip");
    assert.equal(down.complete, true);
    assert.deepEqual(down.delta, { total: "-13620000.00", firm_commitment: "7380000.00" });
    assert.equal("scenarios" in down, false, "a scenario has no scenarios of its own");
  });

  it("leaves `scenarios` out of the JSON, and the table out of the text, for a portfolio without them", () => {
    const j = JSON.parse(dealspec(["totals", "--json", "portfolio/basic/basic.portfolio.yaml"]).stdout);
    assert.equal("scenarios" in j, false);
    assert.doesNotMatch(dealspec(["totals", "portfolio/basic/basic.portfolio.yaml"]).stdout, /scenarios/);
  });

  it("marks a scenario whose picks cannot all be counted as partial, with no difference from the base, and exits 1", () => {
    const r = dealspec(["totals", ERRORS]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ {4}broken +\$30,400,000\.00 +\$6,300,000\.00 +partial +alpha: price-up, bad: bad$/m);
    assert.match(r.stdout, /^ {4}broken is partial: bad has errors in its scenario `bad` \(left out\)$/m);
    assert.match(r.stdout, /^ {4}typo-scenario is partial: alpha has no scenario `exit-2062` \(left out\)$/m);
    assert.match(r.stdout, /^ +base +typo-deal \(partial\) +typo-scenario \(partial\) +broken \(partial\)/m);
    const j = JSON.parse(dealspec(["totals", "--json", ERRORS]).stdout);
    assert.equal(j.scenarios.broken.complete, false);
    assert.deepEqual(j.scenarios.broken.missing, [{ deal: "bad", scenario: "bad", reason: "scenario-errors" }]);
    assert.deepEqual(j.scenarios.broken.delta, { total: null, firm_commitment: null });
    assert.equal(j.scenarios.broken.total, "30400000.00");
  });

  it("follows a deal's scenario as its file changes: the portfolio scenario is computed from the deal's own scenario", () => {
    const scen = `scenarios:\n  - id: cut\n    change: {base: -25%}\n`;
    const dir = tempDir({
      "a.deal.yaml": deal("a") + scen,
      "p.portfolio.yaml": "portfolio: p\ninclude: [a.deal.yaml]\nscenarios:\n  - {id: low, deals: {a: cut}}\n",
    });
    const base = JSON.parse(dealspec(["totals", "--json", "a.deal.yaml"], dir).stdout);
    const p = JSON.parse(dealspec(["totals", "--json", "p.portfolio.yaml"], dir).stdout);
    assert.equal(p.scenarios.low.total, base.scenarios.cut.total);
    assert.equal(p.scenarios.low.delta.total, base.scenarios.cut.delta.total);
  });
});

describe("dealspec lint on portfolio scenarios", () => {
  interface Located {
    code: string;
    severity: string;
    message: string;
    line: number;
    column: number;
    related?: { file: string; line: number; column: number; message: string }[];
  }
  const r = dealspec(["lint", "--format", "json", ERRORS]);
  const diagnostics = (JSON.parse(r.stdout) as { file: string; diagnostics: Located[] }[])[0]!.diagnostics;

  it("reports DS520-DS524 with their severities, and exits 1", () => {
    assert.equal(r.code, 1);
    const codes = diagnostics.filter((d) => /^DS52/.test(d.code)).map((d) => `${d.code} ${d.severity} ${d.line}:${d.column}`);
    assert.deepEqual(codes, [
      "DS520 error 24:13",
      "DS521 error 27:20",
      "DS522 error 32:12",
      "DS524 warning 36:7",
      "DS524 warning 38:7",
      "DS521 error 41:20",
      "DS521 error 41:33",
      "DS523 error 44:9",
    ]);
  });

  it("links DS522 to the scenario's error in the deal file, and DS521 to the deal's scenarios", () => {
    const ds522 = diagnostics.find((d) => d.code === "DS522")!;
    assert.equal(ds522.related![0]!.file, "portfolio/scenario-errors/bad.deal.yaml");
    assert.equal(ds522.related![0]!.line, 13);
    assert.match(ds522.related![0]!.message, /^DS602: /);
    const ds521 = diagnostics.find((d) => d.code === "DS521")!;
    assert.deepEqual([ds521.related![0]!.file, ds521.related![0]!.line], ["portfolio/scenarios/alpha.deal.yaml", 14]);
  });
});
