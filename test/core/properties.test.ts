/**
 * Property tests (fast-check). Over generated valid deals: the figures add up
 * and every charge is rounded to the minor unit. Over generated version 1.1
 * deals (unit prices, capacity steps, options, clauses): a unit price on a
 * constant quantity is the amount price x quantity x months; the sums hold
 * with options exercised and an option's value is the difference its exercise
 * makes; every exit-curve point is the exit exposure with the clause's
 * `not_before` on that day, re-analyzed from the text. Over arbitrary and mutated
 * text: analysis never throws and every range lies inside the text, sorted.
 * Over counts of minor units: the amount they make converts back exactly.
 * Seed: DEALSPEC_SEED (default fixed); runs: DEALSPEC_RUNS.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { analyze, Decimal, figuresJson, formatDay, INTERVAL_MONTHS, ZERO, type Analysis } from "../../server/src/core";
import { npvOf } from "../../server/src/core/evaluate/npv";
import { divideRounded, fromMinorUnits, roundMinor, toMinorUnits } from "../../server/src/core/money";
import { dealArbitrary, driverDealArbitrary, renderDriverDeal, runs, SEED, type DriverDeal, type DriverFee } from "../support/deals";
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
        f.fees.forEach((x, i) => {
          if (x.periods > 0) assert.ok(x.first! <= x.last!, "first <= last");
          assert.equal(x.periods, x.charges.to - x.charges.from, "periods = charges");
          for (let k = x.charges.from; k < x.charges.to; k++) assert.equal(f.schedule[k]!.fee, i, "a fee's charges are its own");
        });
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

/** Analyzes a generated deal that must be valid, and returns its analysis. */
function analyzeValid(text: string, what: string): Analysis {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], `${what} has no errors`);
  assert.ok(a.figures, `${what}: figures are computed`);
  return a;
}

/**
 * The deal with every unit-priced fee whose quantity is constant (its own
 * `quantity`, or capacity without steps) written as the amount `price x
 * quantity x months per period`. GPU-hour fees stay: their charge follows the
 * hours in each period, not its months.
 */
function withAmounts(d: DriverDeal): DriverDeal {
  const fees = d.fees.map((f): DriverFee => {
    if (!f.price || f.price.unit === "GPU-hour") return f;
    const q = f.quantity?.value ?? (f.price.unit === "GPU-month" ? d.gpus?.count : f.price.unit === "kW-month" ? d.power?.megawatts.times(1000) : d.power?.megawatts);
    assert.ok(q !== undefined, "a constant quantity");
    const { price, quantity, ...rest } = f;
    return { ...rest, amount: `"${price.value.times(q).times(INTERVAL_MONTHS[f.every]).toFixed()}"` };
  });
  return { ...d, fees };
}

describe("properties of generated version 1.1 deals", () => {
  it("a unit price on a constant quantity gives exactly the figures of the amount price x quantity x months", () => {
    fc.assert(
      fc.property(driverDealArbitrary({ constantCapacity: true }), (deal) => {
        const priced = analyzeValid(renderDriverDeal(deal), "the deal with unit prices");
        const twin = withAmounts(deal);
        const amounts = analyzeValid(renderDriverDeal(twin), "the deal with amounts");
        assert.deepEqual(figuresJson(priced), figuresJson(amounts), "the same figures");
        const charges = (a: Analysis) => a.figures!.schedule.map((c) => `${c.fee} ${c.period} ${c.start} ${c.coverEnd} ${c.paid} ${c.amount.toFixed()}`);
        assert.deepEqual(charges(priced), charges(amounts), "the same charges");
      }),
      { seed: SEED, numRuns: runs(60) },
    );
  });

  it("with options exercised, total = sum of years = sum of fees; an option's value is the difference its exercise makes", () => {
    fc.assert(
      fc.property(driverDealArbitrary(), (deal) => {
        const a = analyzeValid(renderDriverDeal(deal), "a generated deal");
        const f = a.figures!;
        assert.ok(f.total.eq(sum(f.years.values())), "total = sum of years");
        assert.ok(f.total.eq(sum(f.fees.map((x) => x.total))), "total = sum of fees");
        assert.ok(f.total.eq(sum(f.months.values())), "total = sum of months");
        assert.ok(f.total.eq(sum(f.byBasis.map(([, v]) => v))), "total = sum of by_basis");
        assert.ok(f.term.last >= deal.last, "options only extend the term");
        assert.equal(f.term.last === deal.last, deal.options.every((o) => !o.exercised), "the term is extended exactly when an option is exercised");
        for (const c of f.schedule) {
          assert.ok(c.amount.decimalPlaces() <= deal.currency.minor, "each charge is rounded");
          assert.ok(c.paid >= f.term.start && c.paid <= f.term.last, "paid inside the term in force");
        }
        const json = figuresJson(a);
        deal.options.forEach((o, i) => {
          const toggled = analyzeValid(renderDriverDeal({ ...deal, options: deal.options.map((p, j) => (j === i ? { ...p, exercised: !p.exercised } : p)) }), `the deal with ${o.id} toggled`);
          const value = o.exercised ? f.total.minus(toggled.figures!.total) : toggled.figures!.total.minus(f.total);
          const reported = json.options?.[o.id]?.value;
          assert.ok(reported !== undefined && reported !== null, `${o.id} has a value`);
          assert.ok(value.eq(reported), `${o.id}: value ${reported}, recomputed ${value.toFixed()}`);
        });
      }),
      { seed: SEED, numRuns: runs(60) },
    );
  });

  it("an exit exposure's parts are every charge its window overlaps, in schedule order, and the exposure is the fee plus their sum", () => {
    fc.assert(
      fc.property(driverDealArbitrary({ maxClauses: 3, maxMonths: 24 }), (deal) => {
        const f = analyzeValid(renderDriverDeal(deal), "a generated deal").figures!;
        for (const e of f.exits) {
          const expected = f.schedule.flatMap((c, k) => {
            if (c.coverEnd < e.noticeDay || c.start >= e.windowEnd) return [];
            const inside = Math.min(c.coverEnd, e.windowEnd - 1) - Math.max(c.start, e.noticeDay) + 1;
            return [{ charge: k, daysInside: inside, counted: c.amount.times(inside).div(c.coveredDays) }];
          });
          assert.deepEqual(
            e.parts.map((p) => [p.charge, p.daysInside, p.counted.toString()]),
            expected.map((p) => [p.charge, p.daysInside, p.counted.toString()]),
            `clause ${e.clause + 1}`,
          );
          if (e.noticeDay <= f.term.last) assert.ok(e.exposure.eq(roundMinor(sum(expected.map((p) => p.counted)).plus(e.fee), f.minor)), `clause ${e.clause + 1}: exposure`);
        }
      }),
      { seed: SEED, numRuns: runs(60) },
    );
  });

  it("every point of every exit curve is the exit exposure with the clause's not_before on that day", () => {
    fc.assert(
      fc.property(driverDealArbitrary({ maxClauses: 3, maxMonths: 24 }), (deal) => {
        const a = analyzeValid(renderDriverDeal(deal), "a generated deal");
        const curves = a.figures!.exitCurves;
        assert.equal(curves.length, deal.clauses.length, "one curve per clause");
        curves.forEach((points, i) => assert.ok(points[0] && points[0].exposure.eq(a.figures!.exits[i]!.exposure), `clause ${i + 1}: the curve starts at exit_exposure`));
        // Point k of every clause at once: each clause's exposure depends on its own not_before only.
        // `not_before` lies inside the written term (DS308), so points in an extension are not re-analyzed.
        const longest = Math.max(0, ...curves.map((p) => p.length));
        for (let k = 1; k < longest; k++) {
          const moved = deal.clauses.map((c, i) => {
            const p = curves[i]![k];
            return p && p.on <= deal.last ? { ...c, notBefore: p.on } : c;
          });
          if (moved.every((c, i) => c === deal.clauses[i])) continue;
          const b = analyzeValid(renderDriverDeal({ ...deal, clauses: moved }), `the deal with notice on point ${k + 1}`);
          moved.forEach((c, i) => {
            if (c === deal.clauses[i]) return;
            const p = curves[i]![k]!;
            const e = b.figures!.exits[i]!;
            assert.equal(e.noticeDay, p.on);
            assert.ok(e.exposure.eq(p.exposure), `clause ${i + 1} on ${formatDay(p.on)}: curve ${p.exposure.toFixed()}, exit_exposure ${e.exposure.toFixed()}`);
          });
        }
      }),
      { seed: SEED, numRuns: runs(30) },
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

describe("properties of minor units", () => {
  it("an amount rounded to the minor unit is its count of minor units, and back, exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 4 }), (units, minor) => {
        const amount = fromMinorUnits(units, minor);
        assert.equal(amount.isNeg() && amount.isZero(), false, "zero is never -0");
        assert.ok(amount.eq(new Decimal(units.toString()).div(new Decimal(10).pow(minor))), `${units} at ${minor}: ${amount.toString()}`);
        assert.equal(toMinorUnits(amount, minor), units);
      }),
      { numRuns: runs(500), seed: SEED },
    );
  });

  it("an amount made by the engine's arithmetic and rounded is counted in minor units as multiplying it out counts it", () => {
    // toMinorUnits reads most amounts from their digits (decimal.js's words of 7 digits); the rest it multiplies out.
    const digits = fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map((n) => n.toString());
    fc.assert(
      fc.property(digits, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 366 }), fc.integer({ min: 0, max: 4 }), (a, places, days, minor) => {
        const amount = roundMinor(new Decimal(a).div(new Decimal(10).pow(places)).times(days).div(31), minor);
        assert.equal(toMinorUnits(amount, minor), BigInt(amount.times(new Decimal(10).pow(minor)).toFixed(0)), `${amount.toString()} at ${minor}`);
      }),
      { numRuns: runs(1000), seed: SEED },
    );
  });

  it("a whole-number division rounds half away from zero, as the engine's Decimal rounding does", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.bigInt({ min: 1n, max: 10n ** 30n }), (n, d) => {
        // Quotients below 10^25 keep 35 of the 60 digits for the fraction: more than a divisor below 10^30 needs to tell a half.
        const expected = new Decimal(n.toString()).div(new Decimal(d.toString())).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
        assert.equal(divideRounded(n, d).toString(), expected.isZero() ? "0" : expected.toFixed(0), `${n} / ${d}`);
      }),
      { numRuns: runs(1000), seed: SEED },
    );
  });

  it("the NPV is the language's definition, rounded once: each day's payments over (1 + rate)^(days / 365)", () => {
    // The definition worked out directly, a fractional power per day at 120 digits (the engine uses integer powers of a
    // daily discount); rates are never negative (DS216), up to 10,000%.
    const Wide = Decimal.clone({ precision: 120 });
    // Days from the start; a few before it (lowering keeps fees inside the term, but the arithmetic has a path for them).
    const day = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 36_524 }) }, { weight: 1, arbitrary: fc.integer({ min: -730, max: -1 }) });
    const payments = fc.array(fc.tuple(day, fc.bigInt({ min: -(10n ** 26n), max: 10n ** 26n })), { minLength: 1, maxLength: 40 });
    const rates = fc.oneof(fc.constantFrom("0.08", "0", "0.5", "0.1234", "0.0123456789012345678901234567", "100"), fc.integer({ min: 0, max: 1_000_000 }).map((n) => new Decimal(n).div(10_000).toString()));
    fc.assert(
      fc.property(payments, rates, fc.integer({ min: 0, max: 4 }), (list, rateText, minor) => {
        const paidOn = new Map<number, bigint>();
        for (const [day, units] of list) paidOn.set(day, (paidOn.get(day) ?? 0n) + units);
        const rate = new Decimal(rateText);
        let exact = new Wide(0);
        for (const [day, units] of paidOn) exact = exact.plus(new Wide(units.toString()).div(new Wide(10).pow(minor)).div(new Wide(rate.plus(1).toString()).pow(new Wide(day).div(365))));
        const scaled = exact.times(new Wide(10).pow(minor));
        // A value this close to a half unit could round either way within the engine's precision (its bound: 10^-25 of a unit).
        fc.pre(scaled.minus(scaled.floor()).minus("0.5").abs().gt("1e-20"));
        const expected = scaled.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).div(new Wide(10).pow(minor));
        const npv = npvOf(paidOn, 0, rate, minor);
        assert.equal(npv.toFixed(minor), new Decimal(expected.toString()).toFixed(minor), `rate ${rateText}, minor ${minor}, ${paidOn.size} days`);
      }),
      { numRuns: runs(300), seed: SEED },
    );
  });
});
