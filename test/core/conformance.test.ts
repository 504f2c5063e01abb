/**
 * The conformance cases of the language specification: every figure of every
 * case must match exactly (money compared as decimals). Data-driven: each
 * `NAME.deal.yaml` in fixtures/conformance beside its `NAME.figures.json`.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, Decimal, figuresJson } from "../../server/src/core";
import { FIXTURES } from "../support/paths";

const dir = path.join(FIXTURES, "conformance");
const cases = readdirSync(dir).filter((f) => f.endsWith(".deal.yaml"));

/** Compares two figure trees: strings that are numbers compare as decimals, and exactly in form too. */
function assertFigures(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === "string" && /^-?\d+(\.\d+)?$/.test(expected)) {
    assert.equal(typeof actual, "string", `${where}: expected a money string`);
    assert.ok(new Decimal(actual as string).eq(expected), `${where}: computed ${String(actual)}, expected ${expected}`);
    assert.equal(actual, expected, `${where}: same value, but written differently`);
    return;
  }
  if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${where}: expected an object or list`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${where}: keys`);
    for (const [k, v] of Object.entries(expected)) assertFigures((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
    return;
  }
  assert.equal(actual, expected, where);
}

describe("conformance", () => {
  assert.ok(cases.length >= 4, "the conformance cases are present");
  for (const file of cases) {
    it(file, () => {
      const analysis = analyze(readFileSync(path.join(dir, file), "utf8"));
      const errors = analysis.diagnostics.filter((d) => d.severity === "error");
      assert.deepEqual(errors, [], "a conformance case has no errors");
      const expected = JSON.parse(readFileSync(path.join(dir, file.replace(/\.deal\.yaml$/, ".figures.json")), "utf8"));
      assertFigures(figuresJson(analysis), expected, file);
    });
  }
});
