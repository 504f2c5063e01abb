/**
 * `dealspec lint --today DATE` as a process: DS700 on the passed deadline of
 * an unexercised option, nothing without --today (lint stays independent of
 * the clock), nothing on an exercised option or a deadline still ahead.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { deal, dealspec, tempDir } from "./support";

// A 12-month term from 2027-01-01: the option's deadline is 2027-12-31 + 1 day - 90 days = 2027-10-03.
const OPTIONS = `options:
  - id: renew
    extend: 1 year
    by: buyer
    notice: 90 days
`;

type JsonReport = { diagnostics: { code: string; severity: string; message: string; line: number; column: number }[] }[];

function ds700(run: { stdout: string }) {
  return (JSON.parse(run.stdout) as JsonReport).flatMap((f) => f.diagnostics.filter((d) => d.code === "DS700"));
}

describe("dealspec lint --today", () => {
  const dir = tempDir({ "lease.deal.yaml": deal("lease", OPTIONS), "done.deal.yaml": deal("done", `${OPTIONS}    exercised: true\n`) });

  it("warns on an unexercised option whose deadline passed, on its notice line", () => {
    const run = dealspec(["lint", "--format", "json", "--today", "2027-10-04", "lease.deal.yaml"], dir);
    assert.equal(run.code, 0, run.stderr);
    const found = ds700(run);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, "warning");
    assert.deepEqual([found[0]!.line, found[0]!.column], [14, 13]);
    assert.match(found[0]!.message, /option `renew` was 2027-10-03, before 2027-10-04/);
  });

  it("says nothing on the deadline itself, without --today, or on an exercised option", () => {
    assert.deepEqual(ds700(dealspec(["lint", "--format", "json", "--today", "2027-10-03", "lease.deal.yaml"], dir)), []);
    assert.deepEqual(ds700(dealspec(["lint", "--format", "json", "lease.deal.yaml"], dir)), []);
    assert.deepEqual(ds700(dealspec(["lint", "--format", "json", "--today", "2030-01-01", "done.deal.yaml"], dir)), []);
  });

  it("counts toward --max-warnings, and refuses a today that is not a date", () => {
    assert.equal(dealspec(["lint", "--format", "json", "--max-warnings", "0", "--today", "2028-01-01", "lease.deal.yaml"], dir).code, 1);
    const bad = dealspec(["lint", "--today", "2027-13-01", "lease.deal.yaml"], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--today takes a date written YYYY-MM-DD/);
  });
});
