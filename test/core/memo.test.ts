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
import { analyze, evaluate, type Figures } from "../../server/src/core";
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
    fees: f.fees.map((x) => [s(x.total), x.periods, x.first, x.last, x.charges.length]),
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
