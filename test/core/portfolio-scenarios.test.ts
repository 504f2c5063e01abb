/**
 * Portfolio scenarios: figures checked by hand on the fixtures
 * (test/fixtures/portfolio/scenarios, whose comments hold the arithmetic, and
 * scenario-errors), incomplete scenarios that never count a deal as 0, and
 * properties on in-memory portfolios: a scenario that picks nothing, or picks
 * deal scenarios equal to their base, gives the base figures; the deals are
 * never re-evaluated, and their scenario conversions are reused.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { analyzePortfolio, cachingHost, Decimal, portfolioFiguresJson, scenarioDelta, type Analysis, type PortfolioAnalysis } from "../../server/src/core";
import { fileHost, fileLocation } from "../../server/src/cli/host";
import { FIXTURES } from "../support/paths";

const DIR = path.join(FIXTURES, "portfolio");

function fixture(name: string): PortfolioAnalysis {
  const file = path.join(DIR, name);
  return analyzePortfolio(readFileSync(file, "utf8"), fileLocation(file), fileHost());
}

const M = (millions: string) => new Decimal(millions).times(1_000_000);

/** A host over a map of location to text, counting how often each deal is handed over and analyzed. */
function memoryHost(files: Map<string, string>) {
  const reads = new Map<string, number>();
  const host = cachingHost({
    readText: (l) => {
      reads.set(l, (reads.get(l) ?? 0) + 1);
      return files.get(l);
    },
    *listFiles(folder) {
      for (const k of files.keys()) if (k.startsWith(`${folder}/`)) yield k;
    },
  });
  return { host, reads };
}

function deal(id: string, opts: { amount?: string; currency?: string; provider?: string; scenarios?: string } = {}): string {
  return `dealspec: 1
deal: ${id}
currency: ${opts.currency ?? "USD"}
parties: {buyer: Anthropic, provider: ${opts.provider ?? "Northwind"}}
term: {start: 2026-07-01, months: 12}
fees:
  - id: base
    amount: ${opts.amount ?? "1000000"}
    every: month
${opts.scenarios ? `scenarios:\n${opts.scenarios}` : ""}`;
}

const P = "file:///w/p.portfolio.yaml";

function portfolio(body: string, files: Record<string, string>): { analysis: PortfolioAnalysis; host: ReturnType<typeof memoryHost> } {
  const map = new Map(Object.entries(files).map(([name, text]) => [`file:///w/${name}`, text]));
  const host = memoryHost(map);
  return { analysis: analyzePortfolio(body, P, host.host), host };
}

describe("portfolio scenarios, checked by hand (fixtures/portfolio/scenarios)", () => {
  const a = fixture("scenarios/scenarios.portfolio.yaml");

  it("has no diagnostics, and keeps the base figures as they were", () => {
    assert.deepEqual(a.diagnostics, []);
    assert.ok(a.figures!.total.eq(M("30.48")));
    assert.ok(a.expectations.every((e) => e.holds));
  });

  it("downside: alpha's exit-2026 ($12M, all in 2026) and beta's slip (€4.5M x 1.08 = $4.86M)", () => {
    const s = a.scenarios.find((x) => x.id === "downside")!;
    assert.equal(s.complete, true);
    assert.equal(s.label, "Leave alpha early, beta late");
    assert.equal(s.note, "What the board asked about.");
    const f = s.figures!;
    assert.ok(f.total.eq(M("16.86")), f.total.toString());
    assert.deepEqual([...f.years].map(([y, v]) => [y, v.toFixed(2)]), [[2026, "12000000.00"], [2027, "4860000.00"]]);
    // The exit has happened: alpha's firm commitment is its whole, shortened total.
    assert.ok(f.firmCommitment.eq(M("16.86")));
    assert.deepEqual(f.providers.map((p) => [p.name, p.total.toFixed(2)]), [["Northwind", "12000000.00"], ["Contoso", "4860000.00"]]);
    assert.equal(f.hhi!.toFixed(2), "5896.71");
    // The exit ends alpha's term in 2026: capacity in force follows the scenario's term.
    assert.deepEqual(f.capacity.map((c) => [c.year, c.megawatts.toFixed(), c.deals]), [[2026, "100", ["alpha"]], [2027, "50", ["beta"]]]);
    assert.deepEqual(f.deals.map((d) => [d.id, d.scenario]), [["alpha", "exit-2026"], ["beta", "slip"]]);
    const d = scenarioDelta(a.figures, s)!;
    assert.ok(d.total.eq(M("-13.62")));
    assert.ok(d.firmCommitment.eq(M("7.38")));
    assert.deepEqual([...d.years].map(([y, v]) => [y, v.toFixed(2)]), [[2026, "0.00"], [2027, "-13620000.00"]]);
  });

  it("upside: alpha's price-up ($26.4M, firm $3.3M); beta, not named, counts with its base figures", () => {
    const s = a.scenarios.find((x) => x.id === "upside")!;
    const f = s.figures!;
    assert.ok(f.total.eq(M("32.88")));
    assert.ok(f.firmCommitment.eq(M("9.78")));
    assert.deepEqual([...f.years].map(([y, v]) => [y, v.toFixed(2)]), [[2026, "13200000.00"], [2027, "19680000.00"]]);
    assert.equal(f.hhi!.toFixed(2), "6835.21");
    // The very conversion the base counts: not converted again.
    assert.equal(f.deals[1], a.figures!.deals[1]);
    assert.equal(f.deals[1]!.scenario, undefined);
    assert.ok(scenarioDelta(a.figures, s)!.total.eq(M("2.4")));
  });

  it("JSON: `scenarios` by id, each the portfolio figures object with label, picks, complete and delta", () => {
    const j = portfolioFiguresJson(a);
    assert.deepEqual(Object.keys(j.scenarios!), ["downside", "upside"]);
    const down = j.scenarios!.downside!;
    assert.deepEqual(Object.keys(down), [...Object.keys(j).filter((k) => k !== "scenarios"), "label", "picks", "complete", "delta"]);
    assert.deepEqual(down.picks, { alpha: "exit-2026", beta: "slip" });
    assert.deepEqual(down.delta, { total: "-13620000.00", firm_commitment: "7380000.00" });
    assert.equal(j.scenarios!.upside!.deals.beta!.scenario, null);
  });

  it("a portfolio without `scenarios` has no `scenarios` key", () => {
    const basic = portfolioFiguresJson(fixture("basic/basic.portfolio.yaml"));
    assert.equal("scenarios" in basic, false);
  });
});

describe("incomplete portfolio scenarios (fixtures/portfolio/scenario-errors)", () => {
  const a = fixture("scenario-errors/scenario-errors.portfolio.yaml");
  const j = portfolioFiguresJson(a);
  const byId = (id: string) => a.scenarios.find((s) => s.id === id)!;

  it("the base still counts alpha and gamma: $28M", () => {
    assert.ok(a.figures!.total.eq(M("28")));
  });

  it("a pick with errors leaves that deal out, never as 0 or as its base: broken is alpha's price-up + gamma = $30.4M, partial", () => {
    const s = byId("broken");
    assert.equal(s.complete, false);
    assert.ok(s.figures!.total.eq(M("30.4")));
    assert.ok(s.figures!.firmCommitment.eq(M("6.3")));
    assert.equal(scenarioDelta(a.figures, s), undefined);
    assert.deepEqual(j.scenarios!.broken!.missing, [{ deal: "bad", scenario: "bad", reason: "scenario-errors" }]);
    assert.deepEqual(j.scenarios!.broken!.delta, { total: null, firm_commitment: null });
    assert.equal(j.scenarios!.broken!.complete, false);
  });

  it("a scenario the deal does not have leaves that deal out: typo-scenario is gamma's $4M alone, partial", () => {
    const s = byId("typo-scenario");
    assert.ok(s.figures!.total.eq(M("4")));
    assert.deepEqual(s.figures!.deals.map((d) => d.id), ["gamma"]);
    assert.deepEqual(j.scenarios!["typo-scenario"]!.missing, [{ deal: "alpha", scenario: "exit-2062", reason: "unknown-scenario" }]);
  });

  it("picks of deals the portfolio does not count, and unknown deal ids, are reported in `missing`", () => {
    assert.deepEqual(j.scenarios!["left-out"]!.missing!.map((m) => [m.deal, m.reason]), [["bad", "deal-not-counted"], ["euro", "deal-not-counted"]]);
    assert.deepEqual(j.scenarios!["typo-deal"]!.missing!.map((m) => [m.deal, m.reason]), [["alpa", "unknown-deal"]]);
  });

  it("a duplicate id keeps the first scenario; the second is not evaluated", () => {
    assert.deepEqual(a.scenarios.map((s) => s.id), ["typo-deal", "typo-scenario", "broken", "left-out", "no-such"]);
    assert.deepEqual(j.scenarios!["typo-deal"]!.picks, { alpa: "exit-2026" });
  });

  it("offers the did-you-mean fixes of DS520 and DS521", () => {
    const fixes = a.diagnostics.filter((d) => d.code === "DS520" || d.code === "DS521").flatMap((d) => (d.fixes ?? []).map((f) => f.edits[0]!.newText));
    assert.deepEqual(fixes, ["alpha", "exit-2026"]);
  });

  it("links DS522 to the scenario's first error in the deal file", () => {
    const d = a.diagnostics.find((x) => x.code === "DS522")!;
    assert.match(d.related![0]!.uri!, /scenario-errors\/bad\.deal\.yaml$/);
    assert.match(d.related![0]!.message, /^DS602/);
  });
});

describe("portfolio scenarios in memory", () => {
  const scenarios = `  - id: same
    change: {all: +0%}
  - id: cheaper
    change: {base: -10%}
  - id: euro
    set: {currency: EUR}
  - id: moved
    set: {parties.provider: Contoso}
`;

  it("a scenario that picks nothing, or deal scenarios equal to their base, gives the base figures and a zero difference", () => {
    const { analysis } = portfolio(
      `portfolio: p
include: [a.deal.yaml, b.deal.yaml]
scenarios:
  - {id: none, deals: {}}
  - {id: same, deals: {a: same, b: same}}
`,
      { "a.deal.yaml": deal("a", { scenarios }), "b.deal.yaml": deal("b", { amount: "333333.33", provider: "Contoso", scenarios }) },
    );
    assert.deepEqual(analysis.diagnostics, []);
    const j = portfolioFiguresJson(analysis);
    const { scenarios: _, ...base } = j;
    for (const id of ["none", "same"]) {
      const s = j.scenarios![id]!;
      const { label, picks, complete, delta, deals, ...figures } = s;
      const { deals: baseDeals, ...baseFigures } = base;
      assert.deepEqual(figures, baseFigures, id);
      assert.deepEqual(Object.keys(deals), Object.keys(baseDeals));
      assert.equal(complete, true);
      assert.deepEqual(delta, { total: "0.00", firm_commitment: "0.00" });
    }
  });

  it("the difference is the sum of the picked deals' converted differences (random prices and rates)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 3_000 }), (a, b, rate) => {
        const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;
        const fx = new Decimal(rate).div(1000).toFixed();
        const { analysis } = portfolio(
          `portfolio: p
currency: USD
include: [a.deal.yaml, b.deal.yaml]
fx: {EUR: ${fx}}
scenarios:
  - {id: both, deals: {a: cheaper, b: cheaper}}
`,
          { "a.deal.yaml": deal("a", { amount: cents(a), scenarios }), "b.deal.yaml": deal("b", { amount: cents(b), currency: "EUR", scenarios }) },
        );
        const s = analysis.scenarios[0]!;
        const base = analysis.figures!;
        const picked = s.figures!.deals;
        // Each deal converted on its own, then summed; the difference is theirs.
        const expected = picked.reduce((sum, d, i) => sum.plus(d.total).minus(base.deals[i]!.total), new Decimal(0));
        assert.ok(scenarioDelta(base, s)!.total.eq(expected));
        assert.ok(s.figures!.total.eq(picked.reduce((sum, d) => sum.plus(d.total), new Decimal(0))));
        // A 10% cut never raises a deal's converted total.
        for (let i = 0; i < picked.length; i++) assert.ok(picked[i]!.total.lte(base.deals[i]!.total));
      }),
      { numRuns: 60 },
    );
  });

  it("a picked scenario in another currency is converted at the portfolio's rate for it, or reported (DS524) without one", () => {
    const files = { "a.deal.yaml": deal("a", { scenarios }) };
    const withRate = portfolio(`portfolio: p\ncurrency: USD\ninclude: [a.deal.yaml]\nfx: {EUR: 1.5}\nscenarios:\n  - {id: e, deals: {a: euro}}\n`, files).analysis;
    // The base is in USD, so the EUR rate is not used by any deal: DS509 says so.
    assert.deepEqual(withRate.diagnostics.map((d) => d.code), ["DS509"]);
    assert.ok(withRate.scenarios[0]!.figures!.total.eq(M("18")), "12 x $1M, as EUR, x 1.5");
    const without = portfolio(`portfolio: p\ncurrency: USD\ninclude: [a.deal.yaml]\nscenarios:\n  - {id: e, deals: {a: euro}}\n`, files).analysis;
    assert.deepEqual(without.diagnostics.map((d) => d.code), ["DS524"]);
    assert.match(without.diagnostics[0]!.message, /is in EUR, and `fx` has no EUR rate/);
    assert.equal(without.scenarios[0]!.complete, false);
    assert.ok(without.scenarios[0]!.figures!.total.isZero());
  });

  it("groups a picked scenario's deal under the provider its scenario names", () => {
    const { analysis } = portfolio(`portfolio: p\ninclude: [a.deal.yaml]\nscenarios:\n  - {id: m, deals: {a: moved}}\n`, { "a.deal.yaml": deal("a", { scenarios }) });
    assert.deepEqual(analysis.scenarios[0]!.figures!.providers.map((p) => p.name), ["Contoso"]);
  });

  it("picks deals reached through a nested portfolio", () => {
    const { analysis } = portfolio(`portfolio: p\ninclude: [inner.portfolio.yaml]\nscenarios:\n  - {id: c, deals: {a: cheaper}}\n`, {
      "inner.portfolio.yaml": "portfolio: inner\ninclude: [a.deal.yaml]\n",
      "a.deal.yaml": deal("a", { scenarios }),
    });
    assert.deepEqual(analysis.diagnostics, []);
    assert.ok(analysis.scenarios[0]!.figures!.total.eq(M("10.8")));
  });

  it("without a currency, scenarios have no figures, and their JSON figures are null", () => {
    const { analysis } = portfolio(`portfolio: p\ninclude: [a.deal.yaml, b.deal.yaml]\nscenarios:\n  - {id: c, deals: {a: cheaper, b: cheaper}}\n`, {
      "a.deal.yaml": deal("a", { scenarios }),
      "b.deal.yaml": deal("b", { currency: "EUR", scenarios }),
    });
    assert.deepEqual(analysis.diagnostics.map((d) => d.code), ["DS507"]);
    assert.equal(analysis.scenarios[0]!.figures, undefined);
    const s = portfolioFiguresJson(analysis).scenarios!.c!;
    assert.equal(s.total, null);
    assert.deepEqual(s.delta, { total: null, firm_commitment: null });
  });

  it("problems in scenarios do not stop the base's expectations from being checked", () => {
    const { analysis } = portfolio(`portfolio: p\ninclude: [a.deal.yaml]\nexpect: {total: $12M}\nscenarios:\n  - {id: c, deals: {a: cheeper}}\n`, { "a.deal.yaml": deal("a", { scenarios }) });
    assert.deepEqual(analysis.diagnostics.map((d) => d.code), ["DS521"]);
    assert.equal(analysis.expectations.length, 1);
    assert.ok(analysis.expectations[0]!.holds);
  });

  it("reads each deal once and reuses its scenario conversions on the next analysis", () => {
    const files = { "a.deal.yaml": deal("a", { scenarios }), "b.deal.yaml": deal("b", { scenarios }) };
    const body = `portfolio: p\ninclude: [a.deal.yaml, b.deal.yaml]\nscenarios:\n  - {id: x, deals: {a: cheaper}}\n  - {id: y, deals: {a: cheaper, b: same}}\n`;
    const { analysis: first, host } = portfolio(body, files);
    assert.deepEqual([...host.reads.values()], [1, 1]);
    // The same conversion object serves both portfolio scenarios, and the next analysis too.
    assert.equal(first.scenarios[0]!.figures!.deals[0], first.scenarios[1]!.figures!.deals[0]);
    const second = analyzePortfolio(body, P, host.host);
    assert.equal(second.scenarios[1]!.figures!.deals[1], first.scenarios[1]!.figures!.deals[1]);
    const analyses = (pa: PortfolioAnalysis): Analysis[] => pa.deals.map((d) => d.analysis);
    assert.deepEqual(analyses(second), analyses(first));
  });
});
