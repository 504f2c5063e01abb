/**
 * Comparing computed figures with the figures JSON of a fixture (the shape of
 * `dealspec totals --json`), shared by the conformance and figures suites.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { analyze, Decimal, figuresJson, type Analysis } from "../../server/src/core";

/** Keys of "Figures as JSON, additions" that a fixture may leave out. */
const ADDITIONS = new Set(["exit_curve", "options", "scenarios", "complete", "excluded"]);

/** Compares two figure trees: strings that are numbers compare as decimals, and exactly in form too. */
export function assertFigures(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === "string" && /^-?\d+(\.\d+)?$/.test(expected)) {
    assert.equal(typeof actual, "string", `${where}: expected a money string`);
    assert.ok(new Decimal(actual as string).eq(expected), `${where}: computed ${String(actual)}, expected ${expected}`);
    assert.equal(actual, expected, `${where}: same value, but written differently`);
    return;
  }
  if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${where}: expected an object or list`);
    // Figures the expected file does not list are not an error when they are
    // the spec's additions (`exit_curve` in a version 1 case, `complete`);
    // every other key must match both ways.
    const extra = Object.keys(actual as object).filter((k) => !(k in expected) && !ADDITIONS.has(k));
    assert.deepEqual(extra, [], `${where}: keys the expected figures do not have`);
    for (const k of Object.keys(expected)) assert.ok(k in (actual as object), `${where}: missing key ${k}`);
    for (const [k, v] of Object.entries(expected)) assertFigures((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
    return;
  }
  assert.equal(actual, expected, where);
}

/**
 * Analyzes `NAME.deal.yaml` and compares its figures with `NAME.figures.json`
 * beside it. The deal must have no errors. Returns the analysis.
 */
export function checkFigures(dealPath: string, name: string): Analysis {
  const analysis = analyze(readFileSync(dealPath, "utf8"));
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors, [], `${name} has no errors`);
  const expected: unknown = JSON.parse(readFileSync(dealPath.replace(/\.deal\.yaml$/, ".figures.json"), "utf8"));
  assertFigures(figuresJson(analysis), expected, name);
  return analysis;
}
