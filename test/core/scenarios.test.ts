/**
 * Scenarios and sensitivity: hand-checked figures for each kind of change
 * and their order, and properties over generated deals (a scenario without
 * changes is the base, an exit on the last day is the base plus the clause's
 * fee, a sensitivity row is the scenario written by hand).
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import fc from "fast-check";
import { analyze, figuresJson, formatDay, sensitivity, type Analysis } from "../../server/src/core";
import { roundMinor } from "../../server/src/core/money";
import { keyNamesAt, keysAt } from "../../server/src/core/schema";
import { dealArbitrary, runs, SEED } from "../support/deals";

const BASE = `dealspec: 1
deal: scenario-kinds
currency: USD
parties: {buyer: A, provider: B}
term: {start: 2026-01-01, end: 2026-12-31}
fees:
  - id: base
    amount: $1M
    every: month
  - id: setup
    amount: $500k
    every: once
    from: 2026-03-01
  - id: extra
    amount: $100k
    every: month
    from: 2026-07-01
    basis: assumed
    note: Assumed.
termination:
  - by: buyer
    notice: 2 months
    fee: $3M
discount_rate: 8%
`;

function withScenarios(text: string, scenarios: string[]): Analysis {
  return analyze(`${text}scenarios:\n${scenarios.map((s) => `  - ${s}`).join("\n")}\n`);
}

function errorsOf(a: Analysis): string[] {
  return a.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
}

/**
 * Each case: a scenario and its total, worked out by hand. The base is
 * 12 x $1M + $500k + 6 x $100k = $13.1M.
 */
const CASES: { scenario: string; total: string; why: string; years?: Record<string, string>; end?: string; info?: string }[] = [
  { scenario: "{id: none}", total: "13100000.00", why: "no change: the base" },
  { scenario: "{id: set-then-change, set: {fees.base.amount: $2M}, change: {base: '+10%'}}", total: "27500000.00", why: "set first ($2M), then +10%: 12 x $2.2M + $500k + $600k" },
  { scenario: "{id: changes-multiply, change: {base: '+10%', all: '-10%'}}", total: "12870000.00", why: "base x 1.1 x 0.9 = $990k: 12 x $990k + $450k + 6 x $90k" },
  { scenario: "{id: assumed, change: {assumed: '+50%'}}", total: "13400000.00", why: "only extra (assumed): 6 x $150k" },
  { scenario: "{id: shift-fee, shift: {extra: 3 months}}", total: "12800000.00", why: "extra from 2026-10-01: 3 x $100k" },
  { scenario: "{id: shift-once, shift: {setup: -2 months}}", total: "13100000.00", why: "setup paid 2026-01-01 instead", years: { "2026": "13100000.00" } },
  { scenario: "{id: shift-drop, shift: {extra: 6 months}}", total: "12500000.00", why: "extra would start 2027-01-01, after its until: dropped", info: "DS607" },
  {
    scenario: "{id: shift-term, shift: {term: 1 month}}",
    total: "13100000.00",
    why: "everything a month later: 2026 has 11 x $1M + $500k + 5 x $100k, 2027 $1M + $100k",
    years: { "2026": "12000000.00", "2027": "1100000.00" },
    end: "2027-01-31",
  },
  {
    scenario: "{id: exit-fee, exit: {on: 2026-06-15}}",
    total: "11096774.19",
    why: "last day 2026-08-14: base 7 x $1M + $1M x 14/31 ($451,612.90), setup, extra $100k + $100k x 14/31 ($45,161.29), fee $3M",
    end: "2026-08-14",
  },
  { scenario: "{id: exit-last-day, exit: {on: 2026-12-31}}", total: "16100000.00", why: "the base plus the clause's fee", end: "2026-12-31" },
  { scenario: "{id: set-term-end, set: {term.end: 2026-06-30, fees.extra: null}}", total: "6500000.00", why: "six months of base, setup; extra removed", end: "2026-06-30" },
];

describe("scenarios: each kind of change, checked by hand", () => {
  const a = withScenarios(
    BASE,
    CASES.map((c) => c.scenario),
  );
  const json = figuresJson(a);
  it("the deal and its scenarios have no errors", () => {
    assert.deepEqual(errorsOf(a), []);
  });
  for (const c of CASES) {
    const id = /id: ([a-z-]+)/.exec(c.scenario)![1]!;
    it(`${id}: ${c.why}`, () => {
      const s = json.scenarios?.[id];
      assert.ok(s, `scenario ${id} has figures`);
      assert.equal(s.total, c.total);
      assert.equal(s.delta.total, (Number(c.total) - 13100000).toFixed(2), "delta = scenario - base");
      if (c.years) assert.deepEqual(s.years, c.years);
      if (c.end) assert.equal(s.term?.end, c.end);
      if (c.info) assert.ok(a.diagnostics.some((d) => d.code === c.info && d.severity === "info"), `${c.info} is reported`);
    });
  }
  it("an exit's termination fee is a one-time charge on the last day, with the clause's basis", () => {
    const fee = json.scenarios?.["exit-fee"]?.fees["termination-fee"];
    assert.deepEqual(fee, { total: "3000000.00", periods: 1, first: "2026-08-14", last: "2026-08-14" });
    assert.deepEqual(json.scenarios?.["exit-fee"]?.exit_exposure, []);
    assert.deepEqual(json.scenarios?.["exit-fee"]?.exit_curve, []);
  });
  it("the base deal's figures are not changed by its scenarios", () => {
    const plain = figuresJson(analyze(BASE));
    const { scenarios: _, ...base } = json;
    assert.deepEqual(base, plain);
  });
});

describe("scenarios with errors", () => {
  it("a scenario with an error has null figures, its error on its own lines, and the base stays whole", () => {
    const text = `${BASE}scenarios:\n  - id: broken\n    change: {nope: '+5%'}\n  - id: fine\n    change: {base: '+5%'}\n`;
    const a = analyze(text);
    const errors = a.diagnostics.filter((d) => d.severity === "error");
    assert.deepEqual(errors.map((d) => d.code), ["DS602"]);
    assert.equal(text.slice(errors[0]!.span.start, errors[0]!.span.end), "nope");
    const json = figuresJson(a);
    assert.equal(json.scenarios?.broken, null);
    assert.equal(json.scenarios?.fine?.total, "13700000.00");
    assert.equal(json.total, "13100000.00");
  });
  it("a scenario's failed expectation is an error on its line, and its figures stay", () => {
    const text = `${BASE}scenarios:\n  - id: up\n    change: {base: '+10%'}\n    expect: {total: $14M}\n`;
    const a = analyze(text);
    const d = a.diagnostics.find((x) => x.code === "DS400");
    assert.ok(d, "DS400");
    assert.equal(text.slice(d.span.start, d.span.end), "$14M");
    assert.match(d.message, /computed \$14,300,000\.00/);
    assert.equal(figuresJson(a).scenarios?.up?.total, "14300000.00");
  });
  it("a scenario's expectation that holds gives no diagnostic", () => {
    const a = withScenarios(BASE, ["{id: up, change: {base: '+10%'}, expect: {total: $14.3M}}"]);
    assert.deepEqual(a.diagnostics, []);
  });
  it("a set value is checked as if written in place: a bad amount is reported on the scenario's value", () => {
    const text = `${BASE}scenarios:\n  - id: bad\n    set: {fees.base.amount: 40m}\n`;
    const a = analyze(text);
    const d = a.diagnostics.find((x) => x.severity === "error")!;
    assert.equal(d.code, "DS214");
    assert.equal(text.slice(d.span.start, d.span.end), "40m");
  });
  it("a set path's key is checked against the keys the file may hold there, with a suggestion for a typo", () => {
    const cases: [string, string][] = [
      ["fees.base.amout", "`amout` is not a key of `fees.base`: did you mean `amount`?"],
      ["currenci", "`currenci` is not a key at the top level: did you mean `currency`?"],
      ["term.strat", "`strat` is not a key of `term`: did you mean `start`?"],
    ];
    for (const [path, message] of cases) {
      const text = `${BASE}scenarios:\n  - id: typo\n    set: {${path}: 1}\n`;
      const d = analyze(text).diagnostics.find((x) => x.code === "DS601");
      assert.ok(d, `DS601 for ${path}`);
      assert.equal(text.slice(d.span.start, d.span.end), path);
      assert.ok(d.message.endsWith(message), `${path}: ${d.message}`);
    }
  });
  it("the key names a set path is checked against are those the editor documents (keyNamesAt = keysAt)", () => {
    const paths: (string | number)[][] = [[], ["term"], ["parties"], ["capacity"], ["fees", 0], ["fees", 0, "escalate"], ["options", 0], ["termination", 0], ["scenarios", 0], ["expect"]];
    for (const path of paths) {
      const names = keyNamesAt(path);
      assert.ok(names.length > 0, `keys at ${path.join(".")}`);
      assert.deepEqual(names, keysAt(path).map((k) => k.key), path.join("."));
    }
  });
});

/** The generated deal's last day and clauses, to write scenarios against it. */
function baseOf(text: string): Analysis | undefined {
  const a = analyze(text);
  return a.figures && errorsOf(a).length === 0 ? a : undefined;
}

describe("scenario properties over generated deals", () => {
  it("a scenario without changes, and one that changes all fees by +0%, equal the base", () => {
    fc.assert(
      fc.property(dealArbitrary(), (deal) => {
        const a = withScenarios(deal.text, ["{id: same}", "{id: zero, change: {all: '+0%'}}"]);
        const json = figuresJson(a);
        const { scenarios, ...base } = json;
        for (const id of ["same", "zero"]) {
          const { delta, ...s } = scenarios![id]!;
          assert.deepEqual(s, base, `${id} equals the base`);
          assert.equal(delta.total, (0).toFixed(deal.minor));
        }
      }),
      { seed: SEED, numRuns: runs(60) },
    );
  });

  it("an exit on the last day equals the base plus the clause's fee (a notice of a day or more); a curve starts at the exit exposure", () => {
    fc.assert(
      fc.property(dealArbitrary(), (deal) => {
        const base = baseOf(deal.text);
        if (!base || base.model!.termination.length === 0) return;
        const f = base.figures!;
        const json = figuresJson(base);
        json.exit_curve!.forEach((curve, i) => assert.equal(curve[0]!.exposure, json.exit_exposure[i], `clause ${i + 1}: the curve's first point`));
        const clause = base.model!.termination[0]!;
        // With no notice the deal ends the day before notice is given (the next test): the last day is not paid for.
        if (clause.notice.count === 0) return;
        const a = withScenarios(deal.text, [`{id: exit-last, exit: {on: ${formatDay(f.term.last)}}}`]);
        const s = figuresJson(a).scenarios!["exit-last"]!;
        assert.ok(s, "the exit has figures");
        // The fee is a charge: rounded to the minor unit (half away from zero) before it is added.
        assert.equal(s.total, f.total.plus(clause.hasFee ? roundMinor(clause.fee, deal.minor) : 0).toFixed(deal.minor));
      }),
      { seed: SEED, numRuns: runs(60) },
    );
  });

  it("with no notice, an exit ends the deal the day before notice is given: on the last day, that day is not paid for; on the first, nothing is", () => {
    // The deal's last day is the notice window's last day, on + notice - 1 day: the window [on, on + 0 days) is empty.
    const deal = `dealspec: 1\ndeal: no-notice\ncurrency: USD\nparties: {buyer: A, provider: B}\nterm: {start: 2000-01-01, months: 1}\nfees:\n  - {id: lease, amount: $100, every: month}\ntermination:\n  - {by: buyer, notice: 0 days, fee: $7}\n`;
    const a = withScenarios(deal, ["{id: on-last, exit: {on: 2000-01-31}}", "{id: on-first, exit: {on: 2000-01-01}}"]);
    assert.deepEqual(errorsOf(a), []);
    const json = figuresJson(a);
    assert.deepEqual(json.exit_exposure, ["7.00"], "the empty window counts the fee alone");
    const last = json.scenarios!["on-last"]!;
    assert.equal(last.term?.end, "2000-01-30");
    assert.equal(last.total, "103.77", "30 of the 31 days of $100, and the $7 fee");
    const first = json.scenarios!["on-first"]!;
    assert.equal(first.term?.days, 0);
    assert.equal(first.total, "7.00", "the fee alone: no day of the lease is paid for");
  });

  it("every sensitivity row equals the same scenario written by hand in the file", () => {
    fc.assert(
      fc.property(dealArbitrary(), (deal) => {
        const base = baseOf(deal.text);
        if (!base) return;
        const s = sensitivity(base)!;
        const variants = s.drivers.flatMap((d) => (d.high ? [d.low, d.high] : [d.low]));
        if (variants.length === 0) return;
        const a = withScenarios(
          deal.text,
          variants.map((v) => JSON.stringify(v.scenario)),
        );
        const json = figuresJson(a);
        for (const v of variants) {
          const byHand = json.scenarios![v.scenario.id];
          assert.ok(byHand, `${v.scenario.id} evaluates by hand`);
          assert.equal(byHand.total, v.total?.toFixed(deal.minor), `${v.scenario.id}: total`);
          assert.equal(byHand.npv, v.npv === undefined ? null : v.npv.toFixed(deal.minor), `${v.scenario.id}: npv`);
        }
      }),
      { seed: SEED, numRuns: runs(40) },
    );
  });
});

describe("option values", () => {
  it("are null when the deal has errors, as the specification says", () => {
    const text = `dealspec: 1
deal: t
currency: USD
parties: {buyer: A, provider: B}
term: {start: 2026-12-01, end: 2027-03-31}
fees: [{id: a, amount: $1k, every: month}]
options: [{id: o1, extend: 1 month, by: buyer, notice: 13 months}]
`;
    const a = analyze(text);
    assert.ok(a.diagnostics.some((d) => d.code === "DS328"), "the deadline is before the term's start");
    assert.deepEqual(figuresJson(a).options, { o1: { deadline: "2026-03-01", exercised: false, value: null } });
    const fixed = analyze(text.replace("notice: 13 months", "notice: 2 months"));
    assert.equal(figuresJson(fixed).options?.o1?.value, "1000.00");
  });
});
