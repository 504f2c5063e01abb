/** Names such as `__proto__`, `constructor` and `prototype` through the CLI: listed in `totals --json` and checked like any other. */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { HOSTILE_NAMES, hostileDeal } from "../support/hostile";
import { dealspec, tempDir } from "./support";

const NAMES = HOSTILE_NAMES;
const deal = (name: string, provider = "B"): string => hostileDeal(name, { id: `d${NAMES.indexOf(name as (typeof NAMES)[number])}`, provider });

describe("hostile names through the CLI", () => {
  for (const name of NAMES) {
    it(`totals --json and lint on a deal whose names are ${name}`, () => {
      const dir = tempDir({ "a.deal.yaml": deal(name) });
      const lint = dealspec(["lint", "a.deal.yaml"], dir);
      assert.equal(lint.code, 0, lint.stdout + lint.stderr);
      const r = dealspec(["totals", "--json", "a.deal.yaml"], dir);
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout) as { total: string; fees: object; options: object; scenarios: Record<string, { total: string }> };
      assert.equal(j.total, "12000000.00");
      assert.deepEqual(Object.keys(j.fees), [name]);
      assert.deepEqual(Object.keys(j.options), [name]);
      assert.deepEqual(Object.keys(j.scenarios), [name]);
      assert.equal(j.scenarios[name]!.total, "24000000.00");
    });
  }

  it("a portfolio lists providers named __proto__, constructor and prototype", () => {
    const files: Record<string, string> = {};
    for (const name of NAMES) files[`${name}.deal.yaml`] = deal(name, name);
    files["p.portfolio.yaml"] = `portfolio: p\ncurrency: USD\ninclude: [${NAMES.map((n) => `${n}.deal.yaml`).join(", ")}]\n`;
    const dir = tempDir(files);
    const r = dealspec(["totals", "--json", "p.portfolio.yaml"], dir);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { total: string; providers: Record<string, { total: string }> };
    assert.equal(j.total, "36000000.00");
    assert.deepEqual(Object.keys(j.providers).sort(), [...NAMES].sort());
    for (const name of NAMES) assert.equal(j.providers[name]!.total, "12000000.00");
  });
});
