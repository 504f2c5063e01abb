/**
 * Property tests (fast-check). Over generated valid deals: the figures add up
 * and every charge is rounded to the minor unit. Over arbitrary and mutated
 * text: analysis never throws and every range lies inside the text, sorted.
 * Seed: DEALSPEC_SEED (default fixed); runs: DEALSPEC_RUNS.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { analyze, Decimal, ZERO, type Analysis } from "../../server/src/core";
import { dealArbitrary, runs, SEED } from "../support/deals";
import { FIXTURES, SAMPLES } from "../support/paths";

const sum = (values: Iterable<Decimal>) => [...values].reduce((a, b) => a.plus(b), ZERO);

function assertSpans(a: Analysis): void {
  const n = a.text.length;
  let prev = { start: -1, end: -1 };
  for (const d of a.diagnostics) {
    for (const s of [d.span, ...(d.related ?? []).map((r) => r.span), ...(d.fixes ?? []).flatMap((f) => f.edits.map((e) => e.span))]) {
      assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `${d.code}: integer offsets`);
      assert.ok(0 <= s.start && s.start <= s.end && s.end <= n, `${d.code}: range [${s.start}, ${s.end}) inside a text of ${n}`);
    }
    assert.ok(prev.start < d.span.start || (prev.start === d.span.start && prev.end <= d.span.end), `${d.code}: sorted by position`);
    prev = d.span;
    assert.ok(d.message.length > 0, `${d.code}: has a message`);
  }
}

describe("properties of generated valid deals", () => {
  it("are valid, and their figures add up", () => {
    fc.assert(
      fc.property(dealArbitrary(), (deal) => {
        const a = analyze(deal.text);
        const errors = a.diagnostics.filter((d) => d.severity === "error");
        assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], "a generated deal has no errors");
        const f = a.figures!;
        assert.ok(f, "figures are computed");
        assert.equal(a.model!.fees.length, deal.fees, "every fee is read");
        assert.ok(f.total.eq(sum(f.years.values())), "total = sum of years");
        assert.ok(f.total.eq(sum(f.fees.map((x) => x.total))), "total = sum of fees");
        assert.ok(f.total.eq(sum(f.byBasis.map(([, v]) => v))), "total = sum of by_basis");
        assert.ok(f.total.eq(sum(f.months.values())), "total = sum of months");
        for (const c of f.schedule) {
          assert.ok(c.amount.decimalPlaces() <= deal.minor, `charge ${c.amount.toString()} is rounded to ${deal.minor} decimals`);
          assert.ok(c.start <= c.coverEnd && c.coverEnd <= c.end, "a charge covers part of its period");
          assert.ok(c.coveredDays >= 1 && c.coveredDays <= c.fullDays, "covered days within the period");
          assert.ok(c.paid >= f.term.start && c.paid <= f.term.last, "paid inside the term");
        }
        for (const x of f.fees) {
          if (x.periods > 0) assert.ok(x.first! <= x.last!, "first <= last");
          assert.equal(x.periods, x.charges.length, "periods = charges");
        }
        for (const e of f.exits) assert.ok(e.exposure.isFinite(), "exit exposure is finite");
        assert.ok(f.runRate.amount.isFinite(), "run rate is finite");
        if (f.npv) assert.ok(f.npv.amount.isFinite(), "npv is finite");
        if (f.peakMonth) for (const v of f.months.values()) assert.ok(v.lte(f.peakMonth.amount), "peak month is the largest");
        assertSpans(a);
      }),
      { seed: SEED, numRuns: runs(150) },
    );
  });
});

/** Valid texts to mutate: the samples and the fixtures. */
function corpus(): string[] {
  const out: string[] = [];
  for (const dir of [SAMPLES, path.join(FIXTURES, "conformance"), path.join(FIXTURES, "figures"), path.join(FIXTURES, "diagnostics")]) {
    for (const f of readdirSync(dir)) if (f.endsWith(".deal.yaml")) out.push(readFileSync(path.join(dir, f), "utf8"));
  }
  return out;
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.string({ unit: "binary", maxLength: 4 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(":", "- ", "[", "{", "}", "]", "&a ", "*a", "!!", "\t", "\r\n", "'", '"', "#", "---\n", "?", "|", ">", "%", "@", "`", "€", "💸", "\uFEFF", "\uD800") }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), to: fc.nat() }),
);

interface Mutation {
  readonly kind: string;
  readonly at: number;
  readonly text?: string;
  readonly to?: number;
}

function mutate(text: string, ms: readonly Mutation[]): string {
  let lines = text.split("\n");
  for (const m of ms) {
    const i = lines.length === 0 ? 0 : m.at % lines.length;
    if (m.kind === "delete") lines.splice(i, 1);
    else if (m.kind === "duplicate") lines.splice(i, 0, lines[i] ?? "");
    else if (m.kind === "swap") {
      const j = lines.length === 0 ? 0 : m.to! % lines.length;
      [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
    } else {
      const joined = lines.join("\n");
      const at = joined.length === 0 ? 0 : m.at % joined.length;
      lines = (joined.slice(0, at) + m.text! + joined.slice(at)).split("\n");
    }
  }
  return lines.join("\n");
}

describe("properties of any text", () => {
  it("analysis of arbitrary strings never throws; ranges lie inside the text, sorted", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: fc.constantFrom(..."ab:- \n[]{}&*!#'\"|>?,$0123456789.%"), maxLength: 200 })), (text) => {
        assertSpans(analyze(text));
      }),
      // The examples are inputs that once gave ranges past the end of the text.
      { seed: SEED, numRuns: runs(400), examples: [["%"], ["?"], ["a: ["], ["? "]] },
    );
  });

  it("analysis of mutated valid files never throws; ranges lie inside the text, sorted", () => {
    const texts = corpus();
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, ms) => {
        assertSpans(analyze(mutate(texts[i]!, ms)));
      }),
      { seed: SEED, numRuns: runs(400) },
    );
  });

  it("generated valid deals, mutated, never throw either", () => {
    fc.assert(
      fc.property(dealArbitrary(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (deal, ms) => {
        assertSpans(analyze(mutate(deal.text, ms)));
      }),
      { seed: SEED, numRuns: runs(200) },
    );
  });
});
