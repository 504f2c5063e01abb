/** `dealspec schedule` against the conformance figures, and `dealspec schema`. */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { dealJsonSchema, Decimal } from "../../server/src/core";
import { FIXTURES, ROOT } from "../support/paths";
import { deal, dealspec, tempDir } from "./support";

const CONFORMANCE = path.join(FIXTURES, "conformance");
const cases = readdirSync(CONFORMANCE).filter((f) => f.endsWith(".deal.yaml"));

const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0));

describe("dealspec schedule", () => {
  for (const file of cases) {
    const expected = JSON.parse(readFileSync(path.join(CONFORMANCE, file.replace(".deal.yaml", ".figures.json")), "utf8"));
    const rel = path.join("conformance", file);

    it(`${file}: the payments add up to the figures`, () => {
      const r = dealspec(["schedule", rel, "--format", "json"]);
      assert.equal(r.code, 0, r.stderr);
      const s = JSON.parse(r.stdout) as { total: string; rows: { paid: string; fee: string; amount: string; cumulative: string }[] };
      assert.equal(s.total, expected.total);
      assert.equal(sum(s.rows.map((x) => x.amount)).toFixed(2), new Decimal(expected.total).toFixed(2));
      assert.equal(s.rows.at(-1)!.cumulative, expected.total);
      const paid = s.rows.map((x) => x.paid);
      assert.deepEqual(paid, [...paid].sort(), "in paid order");
      for (const [id, fee] of Object.entries(expected.fees as Record<string, { total: string; periods: number; first: string; last: string }>)) {
        const rows = s.rows.filter((x) => x.fee === id);
        assert.equal(rows.length, fee.periods, id);
        assert.equal(sum(rows.map((x) => x.amount)).toFixed(2), new Decimal(fee.total).toFixed(2), id);
        assert.equal(rows[0]!.paid, fee.first, id);
        assert.equal(rows.at(-1)!.paid, fee.last, id);
      }
    });

    it(`${file}: --by year gives the yearly figures, --by month the peak month`, () => {
      const years = JSON.parse(dealspec(["schedule", rel, "--format", "json", "--by", "year"]).stdout) as { rows: { period: string; total: string }[] };
      assert.deepEqual(Object.fromEntries(years.rows.map((x) => [x.period, x.total])), expected.years);
      const months = JSON.parse(dealspec(["schedule", rel, "--format", "json", "--by", "month"]).stdout) as { rows: { total: string }[] };
      const peak = months.rows.map((x) => new Decimal(x.total)).reduce((a, b) => (b.gt(a) ? b : a));
      assert.equal(peak.toFixed(expected.peak_month.split(".")[1]?.length ?? 0), expected.peak_month);
      const quarters = JSON.parse(dealspec(["schedule", rel, "--format", "json", "--by", "quarter"]).stdout) as { rows: { period: string; total: string }[] };
      assert.ok(quarters.rows.every((x) => /^\d{4}-Q[1-4]$/.test(x.period)));
      assert.equal(sum(quarters.rows.map((x) => x.total)).toString(), new Decimal(expected.total).toString());
    });
  }

  it("prints CSV with a header and a table with a total row", () => {
    const rel = path.join("conformance", "escalator-arrears.deal.yaml");
    const csv = dealspec(["schedule", rel, "--format", "csv", "--by", "year"]).stdout.trimEnd().split("\r\n");
    assert.equal(csv[0], "year,payments,lease,power-pass-through,total,cumulative");
    assert.equal(csv.length, 1 + 5);
    for (const line of csv.slice(1)) assert.match(line, /^\d{4},\d+,-?\d+\.\d{2},-?\d+\.\d{2},-?\d+\.\d{2},-?\d+\.\d{2}$/);
    const table = dealspec(["schedule", rel]).stdout;
    assert.match(table, /^total\s+.*€72,336,153\.60/m);
    assert.match(table, /^2026-09-30 {2}lease {2}/m);
  });

  it("rejects bad options and files with exit 2, and a deal without a term with exit 1", () => {
    const dir = tempDir({ "a.deal.yaml": deal("a"), "b.deal.yaml": deal("b"), "broken.deal.yaml": deal("x").replace(/term: .*\n/, "") });
    assert.equal(dealspec(["schedule", "a.deal.yaml", "--by", "week"], dir).code, 2);
    assert.equal(dealspec(["schedule", "a.deal.yaml", "--format", "xml"], dir).code, 2);
    assert.equal(dealspec(["schedule"], dir).code, 2);
    assert.equal(dealspec(["schedule", "a.deal.yaml", "b.deal.yaml"], dir).code, 2);
    assert.equal(dealspec(["schedule", "missing.deal.yaml"], dir).code, 2);
    const broken = dealspec(["schedule", "broken.deal.yaml"], dir);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /broken\.deal\.yaml has no schedule/);
  });
});

describe("dealspec schema", () => {
  it("prints the engine's JSON Schema (draft 2020-12)", () => {
    const r = dealspec(["schema"]);
    assert.equal(r.code, 0, r.stderr);
    const printed = JSON.parse(r.stdout) as { $schema: string; required: string[] };
    assert.deepEqual(printed as unknown, dealJsonSchema());
    assert.equal(printed.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.ok(printed.required.includes("fees"));
  });

  it("matches the schema file the package ships", () => {
    const shipped = path.join(ROOT, "schemas", "deal.schema.json");
    // The shipped file adds a title and a "generated" comment (scripts/gen-schema.mjs).
    const { $comment, title, ...rest } = JSON.parse(readFileSync(shipped, "utf8")) as Record<string, unknown>;
    assert.equal(typeof $comment, "string");
    assert.equal(typeof title, "string");
    assert.deepEqual(JSON.parse(dealspec(["schema"]).stdout), rest);
  });
});
