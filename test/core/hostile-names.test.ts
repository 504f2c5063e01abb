/**
 * Names that are also properties of every JavaScript object (`__proto__`,
 * `constructor`, `prototype`) are ordinary names in a deal: a fee, role,
 * option, scenario or provider so named is counted, listed in the JSON and
 * hoverable, and a scenario's `set` path cannot reach `Object.prototype`.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { analyze, analyzePortfolio, cachingHost, figuresJson, portfolioFiguresJson } from "../../server/src/core";
import { hover } from "../../server/src/core/features";
import { HOSTILE_NAMES, hostileDeal as hostileOf } from "../support/hostile";

const NAMES = HOSTILE_NAMES;
const hostileDeal = (name: string): string => hostileOf(name, { otherFee: true });

function own(o: object | undefined): string[] {
  return o ? Object.keys(o) : [];
}

describe("hostile names in a deal", () => {
  for (const name of NAMES) {
    it(`a fee, role, option and scenario named ${name}`, () => {
      const text = hostileDeal(name);
      const a = analyze(text);
      assert.deepEqual(a.diagnostics.map((d) => `${d.code} ${d.message}`), []);
      const j = JSON.parse(JSON.stringify(figuresJson(a))) as ReturnType<typeof figuresJson>;
      assert.equal(j.total, "12000012.00");
      assert.deepEqual(own(j.fees), [name, "other"]);
      assert.equal(j.fees[name]!.total, "12000000.00");
      assert.deepEqual(own(j.options), [name]);
      assert.deepEqual(own(j.scenarios), [name]);
      assert.equal(j.scenarios![name]!.total, "24000012.00");
      assert.equal(j.exit_exposure.length, 1);
      assert.equal(a.model?.parties[name], "C");
      const at = text.indexOf(`id: ${name}`) + 4;
      const h = hover(a, at);
      assert.ok(h && h.markdown.includes("12,000,000"), `hover on the fee id: ${h?.markdown}`);
    });
  }
});

describe("hostile names in a portfolio", () => {
  it("providers named __proto__, constructor and prototype are each listed and checked", () => {
    const files = new Map<string, string>();
    for (const name of NAMES) {
      files.set(`/w/${name}.deal.yaml`, `dealspec: 1
deal: d${NAMES.indexOf(name)}
currency: USD
parties: {buyer: A, provider: ${name}}
term: {start: 2026-01-01, months: 12}
fees:
  - id: base
    amount: $1M
    every: month
`);
    }
    const text = `portfolio: p
currency: USD
include: [${NAMES.map((n) => `${n}.deal.yaml`).join(", ")}]
expect:
  provider:
    __proto__: {total: $11M}
    constructor: {total: $12M}
    prototype: {total: $12M}
`;
    files.set("/w/p.portfolio.yaml", text);
    const host = cachingHost({ readText: (l) => files.get(l), *listFiles() {} });
    const a = analyzePortfolio(text, "/w/p.portfolio.yaml", host);
    const j = JSON.parse(JSON.stringify(portfolioFiguresJson(a))) as ReturnType<typeof portfolioFiguresJson>;
    assert.equal(j.total, "36000000.00");
    assert.deepEqual(own(j.providers).sort(), [...NAMES].sort());
    for (const name of NAMES) assert.equal(j.providers[name]!.total, "12000000.00");
    // Only the wrong expectation, on `__proto__`, is reported.
    assert.deepEqual(a.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]), [["DS400", "$11M"]]);
  });
});

describe("a scenario's set paths", () => {
  it("never reach Object.prototype, and say a path names nothing", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const text = `dealspec: 1
deal: hostile
currency: USD
parties: {buyer: A, provider: B}
term: {start: 2026-01-01, months: 12}
fees:
  - id: __proto__
    amount: $1M
    every: month
scenarios:
  - id: s
    set: {fees.__proto__.amount: $1, constructor.prototype.x: 1, __proto__.x: 1, term.__proto__.months: 3, fees.constructor.amount: $2}
`;
    const a = analyze(text);
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
    assert.equal(({} as Record<string, unknown>).x, undefined);
    const found = a.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end), d.message]);
    assert.deepEqual(
      found.map(([c, s]) => [c, s]),
      [
        ["DS601", "constructor.prototype.x"],
        ["DS601", "__proto__.x"],
        ["DS601", "term.__proto__.months"],
        ["DS601", "fees.constructor.amount"],
      ],
    );
    assert.match(found[0]![2]!, /`constructor` is not a key at the top level/);
    assert.match(found[3]![2]!, /there is no fee `constructor`/);
    // Without the bad paths, the scenario applies to the `__proto__` fee.
    const good = analyze(text.replace(/, constructor.*\}/, "}"));
    assert.deepEqual(good.diagnostics, []);
    assert.equal(figuresJson(good).scenarios?.s?.total, "12.00");
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
  });
});
