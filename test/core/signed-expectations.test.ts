/** Expected figures may be negative (a deal of credits), and the quick fix keeps the sign. */
import { strict as assert } from "node:assert";
import { it } from "node:test";
import { analyze } from "../../server/src/core";

const deal = (expect: string) => `dealspec: 1
deal: credits-only
currency: USD
parties: {buyer: A, provider: B}
term: {start: 2027-01-01, months: 3}
fees:
  - id: rebate
    amount: $100k
    every: month
    credit: true
expect:
${expect}
`;

it("accepts negative expected figures that hold", () => {
  const a = analyze(deal("  total: -$300k\n  run_rate: -$1.2M\n  peak_month: -100,000"));
  assert.deepEqual(a.diagnostics, []);
  assert.equal(a.expectations.length, 3);
  assert.ok(a.expectations.every((e) => e.holds));
});

it("offers a fix that writes the negative computed figure", () => {
  const text = deal("  total: $300k");
  const a = analyze(text);
  const d = a.diagnostics.find((x) => x.code === "DS400");
  assert.ok(d, "the positive expectation fails");
  const edit = d.fixes?.[0]?.edits[0];
  assert.ok(edit);
  const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  assert.deepEqual(analyze(fixed).diagnostics, []);
  assert.match(fixed, /total: -\$300k/);
});
