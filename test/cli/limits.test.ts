/**
 * Issue 13's limits through the CLI: a deal that runs to 9999-12-31 prints no
 * five-digit year in any command or format (the iCalendar event on that day
 * has no DTEND, FOCUS ends it at 24:00), a date past it is DS330, and a charge
 * of 10^24 or more is DS331 with exit code 1.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { describe, it } from "node:test";
import { FIXTURES } from "../support/paths";
import { EDGE_DEAL } from "../support/edge";
import { dealspec, tempDir } from "./support";


/** A date or month with a year of five digits or more, a year key of five digits, or an iCalendar date of nine digits. */
const LONG_YEAR = /(?<![\d.,])\d{5,}-\d\d(?!\d)|"\d{5,}":|VALUE=DATE:\d{9}/;

describe("dates up to 9999-12-31 in every command", () => {
  const dir = tempDir({ "edge.deal.yaml": EDGE_DEAL });
  const commands = [
    ["lint", "edge.deal.yaml"],
    ["totals", "edge.deal.yaml"],
    ["totals", "--json", "edge.deal.yaml"],
    ["schedule", "edge.deal.yaml"],
    ["schedule", "--format", "json", "edge.deal.yaml"],
    ["schedule", "--format", "csv", "--by", "year", "edge.deal.yaml"],
    ["calendar", "edge.deal.yaml"],
    ["calendar", "--format", "json", "edge.deal.yaml"],
    ["calendar", "--format", "table", "edge.deal.yaml"],
    ["scenarios", "--format", "json", "edge.deal.yaml"],
    ["export", "edge.deal.yaml", "--format", "focus"],
  ];
  for (const args of commands) {
    it(`dealspec ${args.join(" ")}: no five-digit year`, () => {
      const r = dealspec(args, dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout + r.stderr, /9999|checked/, "the output shows the deal");
      assert.ok(!LONG_YEAR.test(r.stdout + r.stderr), `${LONG_YEAR.exec(r.stdout + r.stderr)?.[0]} in:\n${r.stdout}`);
    });
  }

  it("the FOCUS rows end the term at 9999-12-31T24:00:00Z, and the calendar's last-day event has no DTEND", () => {
    assert.match(dealspec(["export", "edge.deal.yaml", "--format", "focus"], dir).stdout, /9999-12-31T24:00:00Z/);
    const ics = dealspec(["calendar", "edge.deal.yaml"], dir).stdout;
    const last = ics.split("BEGIN:VEVENT").find((e) => e.includes("DTSTART;VALUE=DATE:99991231"));
    assert.ok(last, "an event on 9999-12-31");
    assert.ok(!last.includes("DTEND"), last);
  });
});

describe("dates past 9999-12-31 and charges past 10^24", () => {
  const dir = path.join(FIXTURES, "diagnostics");
  it("lint reports DS330 on the term, clause, option and shifts, and DS331 on the fee, with exit code 1", () => {
    const r = dealspec(["lint", "term-past-9999.deal.yaml", "dates-past-9999.deal.yaml", "charges-beyond-range.deal.yaml"], dir);
    assert.equal(r.code, 1);
    const codes = [...r.stdout.matchAll(/\b(DS33[01])\b/g)].map((m) => m[1]);
    assert.deepEqual(codes, ["DS330", "DS330", "DS330", "DS330", "DS330", "DS330", "DS331"]);
    assert.match(r.stdout, /term-past-9999\.deal\.yaml:9:11 +error +DS330 +A term of 2 months from 9999-12-01 runs past 9999-12-31/);
    assert.match(r.stdout, /charges-beyond-range\.deal\.yaml:11:13 +error +DS331 +Fee `base` charges about USD 1\.46 × 10\^24 .*below 10\^24 \(`1,000,000,000,000T`\)/);
    assert.ok(!LONG_YEAR.test(r.stdout));
  });

  it("totals --json of a deal with a date past 9999-12-31 prints no five-digit year", () => {
    const r = dealspec(["totals", "--json", "term-past-9999.deal.yaml", "dates-past-9999.deal.yaml"], dir);
    assert.equal(r.code, 1);
    assert.ok(!LONG_YEAR.test(r.stdout), `${LONG_YEAR.exec(r.stdout)?.[0]}`);
  });
});
