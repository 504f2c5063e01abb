/**
 * Key dates (core/keyDates.ts): a hand-worked deal with every kind, each
 * date checked against the arithmetic of the language, the figures JSON and
 * the schedule; keys that do not depend on the date; the clock-dependent
 * check only where a date is given.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, figuresJson, formatDay, keyDates, parseIsoDate, passedDeadlines, type KeyDate } from "../../server/src/core";
import { SAMPLES } from "../support/paths";

const DEAL = `dealspec: 1
deal: hall-7
currency: EUR
parties: {buyer: A, provider: B}
term: {start: 2026-01-31, months: 24}
capacity:
  power: 10 MW
  steps:
    - {from: 2026-06-01, power: 20 MW}
    - {from: 2027-01-15, gpus: 4000}
fees:
  - id: base
    label: Base; rent, monthly
    amount: €1M
    every: month
    escalate: {rate: 3%, every: year}
  - id: setup
    amount: €250k
    every: once
    from: 2026-03-15
  - id: rebate
    amount: €10k
    every: once
    from: 2026-04-01
    credit: true
termination:
  - by: buyer
    notice: 90 days
  - by: either
    notice: 6 months
    not_before: 2027-01-01
options:
  - id: first
    extend: 12 months
    by: buyer
    notice: 6 months
    exercised: true
  - id: second
    extend: 1 year
    by: either
    notice: 30 days
`;

const at = (s: string) => {
  const p = parseIsoDate(s);
  assert.ok(p.ok);
  return p.day;
};
const byKey = (dates: readonly KeyDate[]) => new Map(dates.map((d) => [d.key, d]));

describe("key dates", () => {
  const a = analyze(DEAL);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === "error"), []);
  const dates = keyDates(a);
  const keys = byKey(dates);

  it("gives every kind, each once per source, with the deal and a key that names its source, not its date", () => {
    assert.deepEqual(
      dates.map((d) => d.key).sort(),
      [
        "capacity-step/step-1",
        "capacity-step/step-2",
        "escalation/base/1",
        "escalation/base/2",
        "notice-earliest/clause-2",
        "option-deadline/first",
        "option-deadline/second",
        "option-end/first",
        "option-end/second",
        "payment/rebate",
        "payment/setup",
        "term-end",
        "term-start",
      ],
    );
    for (const d of dates) assert.equal(d.deal, "hall-7");
    for (const d of dates) assert.ok(!d.key.includes(formatDay(d.date)), `${d.key} does not contain its date`);
  });

  it("computes the term, option and notice dates as the language does", () => {
    // term.months: 2026-01-31 + 24 months = 2028-01-31, minus a day.
    assert.equal(formatDay(keys.get("term-start")!.date), "2026-01-31");
    assert.equal(formatDay(keys.get("term-end")!.date), "2028-01-30");
    // first: L = 2028-01-30; deadline 2028-01-31 - 6 months = 2027-07-31; L' = 2028-01-31 + 12 months - 1 day = 2029-01-30.
    assert.equal(formatDay(keys.get("option-deadline/first")!.date), "2027-07-31");
    assert.equal(formatDay(keys.get("option-end/first")!.date), "2029-01-30");
    // second follows the exercised first: L = 2029-01-30; deadline 2029-01-31 - 30 days = 2029-01-01; if exercised, 2030-01-30.
    assert.equal(formatDay(keys.get("option-deadline/second")!.date), "2029-01-01");
    assert.equal(formatDay(keys.get("option-end/second")!.date), "2030-01-30");
    const json = figuresJson(a);
    assert.equal(json.options!.first!.deadline, "2027-07-31");
    assert.equal(json.options!.second!.deadline, "2029-01-01");
    assert.equal(json.term!.end, "2029-01-30", "the figures' term runs to the exercised option's end");
    // Only the clause that writes not_before has an earliest-notice date.
    assert.equal(formatDay(keys.get("notice-earliest/clause-2")!.date), "2027-01-01");
  });

  it("says who may act and with what notice, and marks only unexercised deadlines as deadlines", () => {
    assert.equal(keys.get("option-deadline/second")!.summary, "hall-7: last day to exercise second (either, 30 days' notice)");
    assert.equal(keys.get("option-deadline/first")!.summary, "hall-7: last day to exercise first (buyer, 6 months' notice; exercised)");
    assert.equal(keys.get("option-deadline/second")!.deadline, true);
    assert.equal(keys.get("option-deadline/first")!.deadline, false);
    assert.deepEqual(dates.filter((d) => d.deadline).map((d) => d.key), ["option-deadline/second"]);
    assert.equal(keys.get("notice-earliest/clause-2")!.summary, "hall-7: earliest notice under termination clause 2 (either, 6 months' notice)");
    assert.equal(keys.get("term-end")!.summary, "hall-7: last day of the original term (extended by first)");
  });

  it("puts escalation steps on the first period at each new step, as the schedule charges them", () => {
    // Yearly from 2026-01-31: 2027-01-31 and 2028-01-31 (in the extension); the monthly periods start on those days.
    assert.equal(formatDay(keys.get("escalation/base/1")!.date), "2027-01-31");
    assert.equal(formatDay(keys.get("escalation/base/2")!.date), "2028-01-31");
    assert.equal(keys.get("escalation/base/1")!.summary, "hall-7: base steps up 3% to €1,030,000.00 a month");
    assert.equal(keys.get("escalation/base/2")!.summary, "hall-7: base steps up 3% to €1,060,900.00 a month");
    const f = a.figures!;
    for (const n of [1, 2]) {
      const first = f.schedule.find((c) => c.fee === 0 && c.escalations === n)!;
      assert.equal(keys.get(`escalation/base/${n}`)!.date, first.start);
    }
  });

  it("gives capacity steps and one-time payments, signed", () => {
    assert.equal(formatDay(keys.get("capacity-step/step-1")!.date), "2026-06-01");
    assert.equal(keys.get("capacity-step/step-1")!.summary, "hall-7: capacity becomes 20 MW");
    assert.equal(keys.get("capacity-step/step-2")!.summary, "hall-7: capacity becomes 4,000 GPUs");
    assert.equal(keys.get("payment/setup")!.summary, "hall-7: one-time payment setup, €250,000.00");
    assert.equal(keys.get("payment/rebate")!.summary, "hall-7: one-time credit rebate, -€10,000.00");
    assert.equal(formatDay(keys.get("payment/rebate")!.date), "2026-04-01");
  });

  it("points each date at its line", () => {
    const line = (d: KeyDate) => DEAL.slice(0, d.span.start).split("\n").length;
    const lines = DEAL.split("\n");
    assert.match(lines[line(keys.get("option-deadline/second")!) - 1]!, /notice: 30 days/);
    assert.match(lines[line(keys.get("notice-earliest/clause-2")!) - 1]!, /not_before: 2027-01-01/);
    assert.match(lines[line(keys.get("escalation/base/1")!) - 1]!, /escalate:/);
    assert.match(lines[line(keys.get("capacity-step/step-2")!) - 1]!, /from: 2027-01-15/);
    assert.match(lines[line(keys.get("term-end")!) - 1]!, /months: 24/);
  });

  it("is in date order, kinds in a fixed order within a day", () => {
    for (let i = 1; i < dates.length; i++) assert.ok(dates[i - 1]!.date <= dates[i]!.date);
  });

  it("keeps the key when the date moves", () => {
    const moved = keyDates(analyze(DEAL.replace("notice: 30 days", "notice: 60 days")));
    const before = keys.get("option-deadline/second")!;
    const after = byKey(moved).get("option-deadline/second")!;
    assert.notEqual(after.date, before.date);
    assert.equal(formatDay(after.date), "2028-12-02");
  });

  it("reports a passed deadline only for an unexercised option, only before the date given", () => {
    assert.deepEqual(passedDeadlines(dates, at("2029-01-01")), [], "the last day itself has not passed");
    assert.deepEqual(passedDeadlines(dates, at("2029-01-02")).map((d) => d.key), ["option-deadline/second"]);
    assert.deepEqual(passedDeadlines(dates, at("2030-01-01")).map((d) => d.key), ["option-deadline/second"], "the exercised option's deadline never warns");
  });

  it("gives no dates without a term, and never throws on broken files", () => {
    assert.deepEqual(keyDates(analyze("dealspec: 1\ndeal: x\n")), []);
    assert.deepEqual(keyDates(analyze(": : :\n- [")), []);
  });

  it("agrees with the figures JSON on every sample: term, option deadlines, one-time payments", () => {
    for (const file of readdirSync(SAMPLES).filter((f) => f.endsWith(".deal.yaml"))) {
      const s = analyze(readFileSync(path.join(SAMPLES, file), "utf8"));
      const d = byKey(keyDates(s));
      const json = figuresJson(s);
      assert.equal(formatDay(d.get("term-start")!.date), json.term!.start, file);
      for (const [id, o] of Object.entries(json.options ?? {})) assert.equal(formatDay(d.get(`option-deadline/${id}`)!.date), o.deadline, `${file} ${id}`);
      for (const fee of s.model!.fees.filter((x) => x.every === "once")) assert.equal(formatDay(d.get(`payment/${fee.id}`)!.date), json.fees[fee.id]!.first, `${file} ${fee.id}`);
    }
  });
});
