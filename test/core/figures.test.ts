/**
 * Figures fixtures worked by hand: each `NAME.deal.yaml` in fixtures/figures
 * carries its arithmetic in its header comment, and `NAME.figures.json` the
 * figures that arithmetic gives, in the shape of `dealspec totals --json`.
 */
import { strict as assert } from "node:assert";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { checkFigures } from "../support/figures";
import { FIXTURES } from "../support/paths";

const dir = path.join(FIXTURES, "figures");
const cases = readdirSync(dir).filter((f) => f.endsWith(".deal.yaml"));

describe("figures worked by hand", () => {
  assert.ok(cases.length >= 6, "the figures fixtures are present");
  for (const file of cases) {
    it(file, () => {
      checkFigures(path.join(dir, file), file);
    });
  }
});
