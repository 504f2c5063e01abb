/** Names such as `__proto__`, `constructor` and `prototype` through the CLI: listed in `totals --json` and checked like any other. */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { SMALL_DEAL } from "../support/deals";
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

  it("`help toString` and `help constructor` print the usage, as for any topic that is not a command", () => {
    const usage = dealspec(["help", "nosuch"]).stdout;
    assert.match(usage, /^Usage: dealspec <command>/);
    for (const topic of ["toString", "constructor", "__proto__"]) {
      const r = dealspec(["help", topic]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, usage, `help ${topic}`);
    }
  });

  it("an amount whose scale suffix is `toString` is DS214 in lint, not a crash", () => {
    const dir = tempDir({ "a.deal.yaml": SMALL_DEAL.replace("amount: $1M", "amount: $1toString") });
    const r = dealspec(["lint", "a.deal.yaml"], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /DS214 +`\$1toString` has an unknown scale suffix, `toString`/);
    assert.equal(r.stderr, "1 file checked: 1 error, 0 warnings\n", "the summary, and no stack trace");
  });
});
