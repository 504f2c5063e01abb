/**
 * The engine's dates stay between 0001-01-01 and 9999-12-31 (DS330): a deal
 * that ends on 9999-12-31 computes, and no figure, hover, hint, lens, key date,
 * schedule or cash-flow view of it prints a five-digit year; every date it
 * would derive past that day is an error on what moves it there.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, figuresJson, keyDates, scenariosJson, type Analysis } from "../../server/src/core";
import { codeLenses } from "../../server/src/core/features/codeLens";
import { cashFlowOf } from "../../server/src/core/features/dealCashFlow";
import { hover } from "../../server/src/core/features/hover";
import { inlayHints } from "../../server/src/core/features/inlayHints";
import { scheduleOf } from "../../server/src/core/features/schedule";
import { focusRows } from "../../server/src/core/focus";
import { FIXTURES } from "../support/paths";
import { EDGE_DEAL } from "../support/edge";

/** A date or month with a year of five digits or more, or a year key of five digits (`"10000":`). */
const LONG_YEAR = /(?<![\d.,])\d{5,}-\d\d(?!\d)|"\d{5,}":/;


/** Everything an editor or the CLI shows of an analysis, as text. */
function shown(a: Analysis, text: string): string {
  const parts: unknown[] = [a.diagnostics.map((d) => d.message), figuresJson(a), scenariosJson(a), keyDates(a), codeLenses(a), inlayHints(a), scheduleOf(a), cashFlowOf(a), focusRows(a)];
  for (let offset = 0; offset < text.length; offset++) parts.push(hover(a, offset)?.markdown);
  return JSON.stringify(parts);
}

describe("dates stay within 0001-01-01 to 9999-12-31", () => {
  it("a deal that ends on 9999-12-31 computes, and nothing it shows has a five-digit year", () => {
    const a = analyze(EDGE_DEAL);
    assert.deepEqual(
      a.diagnostics.map((d) => d.code),
      [],
    );
    assert.ok(a.figures && a.scenarios.every((s) => s.figures), "the base and its scenarios have figures");
    const out = shown(a, EDGE_DEAL);
    assert.ok(!LONG_YEAR.test(out), `a five-digit year is shown: ${LONG_YEAR.exec(out)?.[0]} in …${out.slice(Math.max(0, (LONG_YEAR.exec(out)?.index ?? 0) - 200), (LONG_YEAR.exec(out)?.index ?? 0) + 40)}`);
  });

  for (const file of ["dates-past-9999.deal.yaml", "term-past-9999.deal.yaml"]) {
    it(`${file}: each date past 9999-12-31 is a DS330, and nothing shown has a five-digit year`, () => {
      const text = readFileSync(path.join(FIXTURES, "diagnostics", file), "utf8");
      const a = analyze(text);
      assert.ok(a.diagnostics.some((d) => d.code === "DS330"));
      const out = shown(a, text);
      assert.ok(!LONG_YEAR.test(out), `a five-digit year is shown: ${LONG_YEAR.exec(out)?.[0]}`);
    });
  }

  it("options exercised together past 9999-12-31 in a scenario are an error on the scenario, not a figure", () => {
    const text = EDGE_DEAL.replace("  - {id: ext, extend: 6 months, by: buyer, notice: 30 days, exercised: true}\n", "  - {id: one, extend: 4 months, by: buyer, notice: 30 days}\n  - {id: two, extend: 4 months, by: buyer, notice: 30 days}\n")
      .replace(/scenarios:\n[\s\S]*?discount_rate/, "scenarios:\n  - {id: both, exercise: [one, two]}\ndiscount_rate");
    const a = analyze(text);
    assert.deepEqual(
      a.diagnostics.map((d) => [d.code, d.message.includes("past 9999-12-31")]),
      [["DS609", true]],
    );
    assert.equal(a.scenarios[0]?.figures, undefined);
    assert.ok(!LONG_YEAR.test(shown(a, text)));
  });

  it("a shift of a year 0001 deal before 0001-01-01 is a DS330 on the shift", () => {
    const text = EDGE_DEAL.replace("term: {start: 9999-01-01, end: 9999-06-30}", "term: {start: 0001-03-01, months: 6}")
      .replace(/9999-0[56]-01/g, "0001-05-01")
      .replace("from: 9999-06-30", "from: 0001-08-31")
      .replace(/options:\n[\s\S]*?discount_rate/, "scenarios:\n  - {id: earlier, shift: {term: -3 months}}\ndiscount_rate");
    const a = analyze(text);
    assert.deepEqual(
      a.diagnostics.map((d) => d.code),
      ["DS330"],
    );
    assert.match(a.diagnostics[0]!.message, /before 0001-01-01/);
    assert.equal(text.slice(a.diagnostics[0]!.span.start, a.diagnostics[0]!.span.end), "-3 months");
  });
});
