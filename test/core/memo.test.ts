/**
 * An analysis of a deal with scenarios or options makes a charge memo of its
 * own (analyze.ts): its scenarios and options' values evaluate the deal
 * again, reusing the fees the base scheduled, cut or extended ones from their
 * first periods (evaluate/memo.ts). Here every such deal of the samples and
 * fixtures, and a generated one with 10 scenarios, options and clauses, is
 * evaluated again without any memo, and every figure compared.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { AnalysisSession, analyze, evaluate, type Figures } from "../../server/src/core";
import { analyzeScenarios } from "../../server/src/core/scenarios";
import { FIXTURES, ROOT, SAMPLES } from "../support/paths";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDeal } = require(path.join(ROOT, "out", "bench", "generate.js")) as {
  generateDeal(lines: number, seed: number, extras: { clauses: number; options: number; scenarios: number }): string;
};

/** Every figure, as text, option values included (each computed when read). */
function facts(f: Figures | undefined): unknown {
  if (!f) return undefined;
  const s = (d: { toString(): string } | undefined) => d?.toString();
  return {
    total: s(f.total),
    years: [...f.years].map(([y, v]) => `${y}:${s(v)}`),
    months: [...f.months].map(([m, v]) => `${m}:${s(v)}`),
    fees: f.fees.map((x) => [s(x.total), x.periods, x.first, x.last, x.charges.to - x.charges.from]),
    schedule: f.schedule.map((c) => `${c.fee}/${c.period}/${c.start}-${c.coverEnd}:${s(c.amount)}@${c.paid}`),
    runRate: s(f.runRate.amount),
    exits: f.exits.map((e) => [s(e.exposure), e.parts.length]),
    curves: f.exitCurves.map((c) => c.map((p) => `${p.on}:${s(p.exposure)}`)),
    options: f.options.map((o) => s(o.value)),
    npv: s(f.npv?.amount),
  };
}

function inputs(): { name: string; text: string }[] {
  const files = [SAMPLES, path.join(FIXTURES, "conformance")].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".deal.yaml"))
      .map((f) => ({ name: f, text: readFileSync(path.join(dir, f), "utf8") })),
  );
  return [...files.filter((f) => /^(scenarios|options):/m.test(f.text)), { name: "generated, 10 scenarios", text: generateDeal(600, 7, { clauses: 3, options: 3, scenarios: 10 }) }];
}

describe("the memo of one analysis", () => {
  const all = inputs();
  it("has inputs with scenarios and options", () => {
    assert.ok(all.filter((i) => /^scenarios:/m.test(i.text)).length >= 3);
    assert.ok(all.filter((i) => /^options:/m.test(i.text)).length >= 3);
  });
  for (const { name, text } of all) {
    it(`changes no figure of ${name}`, () => {
      const a = analyze(text);
      assert.ok(a.model && a.figures, `${name} has figures`);
      assert.deepEqual(facts(a.figures), facts(evaluate(a.model, {}).figures), `${name}: the base`);
      const alone = analyzeScenarios(a.syntax, a.model, a.diagnostics.filter((d) => !d.code.startsWith("DS6")));
      assert.equal(alone.results.length, a.scenarios.length);
      a.scenarios.forEach((r, i) => assert.deepEqual(facts(r.figures), facts(alone.results[i]!.figures), `${name}: scenario ${r.id}`));
    });
  }
});

describe("the memo of a session", () => {
  // An option's value schedules the fees it extends for a total only, from their first periods as kept (shared
  // with the fees as written, not copied); a scenario added next that exercises the option takes those fees as
  // kept, and sums their months then.
  it("gives the figures of a fresh analysis to a scenario that exercises an option whose value was read", () => {
    const text = readFileSync(path.join(FIXTURES, "conformance", "v11-scenarios-exit-curve.deal.yaml"), "utf8");
    const exercise = "  - id: extended\n    exercise: [extend-6m]\n";
    assert.ok(text.includes(exercise));
    const session = new AnalysisSession();
    const before = session.analyze(text.replace(exercise, ""));
    assert.ok(before.figures && before.figures.options.length > 0);
    for (const f of [before.figures, ...before.scenarios.map((r) => r.figures)]) facts(f);
    const after = session.analyze(text);
    const fresh = analyze(text);
    assert.ok(after.scenarios.some((r) => r.id === "extended" && r.figures));
    assert.deepEqual(facts(after.figures), facts(fresh.figures), "the base");
    after.scenarios.forEach((r, i) => assert.deepEqual(facts(r.figures), facts(fresh.scenarios[i]!.figures), `scenario ${r.id}`));
  });
});
