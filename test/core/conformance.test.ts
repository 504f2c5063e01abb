/**
 * The conformance cases of the language specification: every figure of every
 * case must match exactly (money compared as decimals). Data-driven: each
 * `NAME.deal.yaml` in fixtures/conformance beside its `NAME.figures.json`.
 */
import { strict as assert } from "node:assert";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { checkFigures } from "../support/figures";
import { FIXTURES } from "../support/paths";

const dir = path.join(FIXTURES, "conformance");
const cases = readdirSync(dir).filter((f) => f.endsWith(".deal.yaml"));

describe("conformance", () => {
  assert.ok(cases.length >= 4, "the conformance cases are present");
  for (const file of cases) {
    it(file, () => {
      checkFigures(path.join(dir, file), file);
    });
  }
});
