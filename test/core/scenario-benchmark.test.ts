/**
 * The deal of the scenario benchmark (bench/scenarios.bench.ts) and what it
 * relies on: the generator's `DealExtras` give a clean deal whose scenarios
 * all have figures and hold their expectations, the same fees without them;
 * `readEveryFigure` leaves no figure uncomputed; and the exit curves (one
 * integer sweep, evaluate/exits.ts) equal, to the last digit, a scan of every
 * charge for every point with exact Decimal sums, for the base and each
 * scenario. And a scenario's `set` lowered with the base's lowering memo (as
 * `analyze` now does) gives what it gives without.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { addDuration, analyze, analyzeScenarios, parseSyntax, readable, roundMinor, Decimal, type Analysis, type Charge, type ClauseModel, type Day, type Figures } from "../../server/src/core";
import { lowerDeal } from "../../server/src/core/model/lower";
import { LoweringMemo } from "../../server/src/core/model/memo";
import { FIXTURES, ROOT, SAMPLES } from "../support/paths";

interface Extras {
  readonly clauses: number;
  readonly options: number;
  readonly scenarios: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDeal } = require(path.join(ROOT, "out", "bench", "generate.js")) as { generateDeal(lines: number, seed?: number, extras?: Extras): string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readEveryFigure } = require(path.join(ROOT, "out", "bench", "scenarios.bench.js")) as { readEveryFigure(a: Analysis): number };

const WITH: Extras = { clauses: 3, options: 3, scenarios: 10 };
const WITHOUT: Extras = { clauses: 0, options: 3, scenarios: 0 };

function clean(text: string): Analysis {
  const a = analyze(text);
  assert.deepEqual(
    a.diagnostics.map((d) => `${d.code} ${d.message}`),
    [],
  );
  return a;
}

/** The exposure for notice on `on`: every charge scanned, its share of the window summed exactly, rounded once. */
function scanned(clause: ClauseModel, on: Day, schedule: readonly Charge[], last: Day, minor: number): Decimal {
  const end = Math.min(addDuration(on, clause.notice), last + 1);
  let sum = clause.fee;
  for (const c of schedule) {
    const inside = Math.min(c.coverEnd, end - 1) - Math.max(c.start, on) + 1;
    if (inside <= 0) continue;
    sum = sum.plus(inside === c.coveredDays ? c.amount : c.amount.times(inside).div(c.coveredDays));
  }
  return roundMinor(sum, minor);
}

function checkCurves(label: string, clauses: readonly ClauseModel[], f: Figures): number {
  let points = 0;
  f.exitCurves.forEach((curve, i) => {
    for (const p of curve) {
      const expected = scanned(clauses[i]!, p.on, f.schedule, f.term.last, f.minor);
      assert.equal(p.exposure.toFixed(), expected.toFixed(), `${label}, clause ${i + 1}, notice on day ${p.on}`);
      points++;
    }
  });
  return points;
}

describe("the scenario benchmark's deal", () => {
  const withText = generateDeal(1000, 11, WITH);
  const withoutText = generateDeal(1000, 11, WITHOUT);

  it("is clean WITH 10 scenarios and 3 clauses, every scenario with figures and holding its expectations", () => {
    const a = clean(withText);
    assert.equal(a.model!.termination.length, 3);
    assert.equal(a.model!.options.length, 3);
    assert.equal(a.scenarios.length, 10);
    a.scenarios.forEach((r, i) => {
      assert.ok(r.figures, `scenario ${r.id} has figures`);
      const checked = a.scenarioExpectations[i]!;
      assert.ok(checked.length >= 3 && checked.every((e) => e.holds), `scenario ${r.id}'s expectations hold`);
    });
  });

  it("WITHOUT them is the same fees and options, with neither clauses nor scenarios", () => {
    const a = clean(withText);
    const b = clean(withoutText);
    assert.equal(b.model!.termination.length, 0);
    assert.equal(b.scenarios.length, 0);
    assert.deepEqual(
      b.model!.fees.map((f) => `${f.id} ${f.amount.toFixed()}`),
      a.model!.fees.map((f) => `${f.id} ${f.amount.toFixed()}`),
    );
    assert.ok(b.figures!.total.eq(a.figures!.total));
    assert.deepEqual(
      b.model!.options.map((o) => o.id),
      a.model!.options.map((o) => o.id),
    );
  });

  it("has every figure computed once readEveryFigure has read them: no lazy one is left", () => {
    const a = clean(withText);
    assert.ok(readEveryFigure(a) > 0);
    const all = [a.figures!, ...a.scenarios.map((r) => r.figures!)];
    for (const f of all) {
      for (const key of ["exitCurves", "npv"] as const) assert.equal(Object.getOwnPropertyDescriptor(f, key)?.get, undefined, `${key} is computed`);
      for (const o of f.options) assert.equal(Object.getOwnPropertyDescriptor(o, "value")?.get, undefined, "an option's value is computed");
      for (const e of f.exits) assert.equal(Object.getOwnPropertyDescriptor(e, "parts")?.get, undefined, "an exit's parts are computed");
    }
    // Each option's value was computed: the deal has no errors, so every one has a value.
    assert.ok(all.every((f) => f.options.every((o) => o.value !== undefined)));
  });

  it("has exit curves equal to a scan of every charge for every point, for the base and each scenario", () => {
    const a = clean(withText);
    let points = checkCurves("the base", a.model!.termination, a.figures!);
    for (const r of a.scenarios) points += checkCurves(`scenario ${r.id}`, r.model!.termination, r.figures!);
    assert.ok(points > 100, `${points} points checked`);
  });
});

describe("a scenario's set, lowered with the memo that lowered the base", () => {
  const files = [
    ...["diagnostics", "conformance"].flatMap((dir) => readdirSync(path.join(FIXTURES, dir)).map((f) => path.join(FIXTURES, dir, f))),
    ...readdirSync(SAMPLES).map((f) => path.join(SAMPLES, f)),
  ].filter((f) => f.endsWith(".deal.yaml") && readFileSync(f, "utf8").includes("set:"));
  const texts = [...files.map((f) => ({ name: path.basename(f), text: readFileSync(f, "utf8") })), { name: "the benchmark's deal", text: generateDeal(1000, 11, WITH) }];

  it("gives the same diagnostics, models and figures as without it", () => {
    assert.ok(texts.length >= 3, `${texts.length} files with a set`);
    for (const { name, text } of texts) {
      const tree = parseSyntax(text);
      if (!readable(tree)) continue;
      const plain = lowerDeal(tree);
      const memo = new LoweringMemo();
      const memoized = lowerDeal(tree, memo);
      assert.deepEqual(memoized.diagnostics, plain.diagnostics, name);
      const a = analyzeScenarios(tree, plain.model, plain.diagnostics);
      const b = analyzeScenarios(tree, memoized.model, memoized.diagnostics, { lowering: memo });
      assert.deepEqual(b.diagnostics, a.diagnostics, `${name}: diagnostics`);
      assert.deepEqual(
        b.results.map((r) => [r.id, r.applied, r.model?.fees, r.figures?.total.toFixed(), r.figures?.schedule.length]),
        a.results.map((r) => [r.id, r.applied, r.model?.fees, r.figures?.total.toFixed(), r.figures?.schedule.length]),
        `${name}: scenarios`,
      );
    }
  });
});
