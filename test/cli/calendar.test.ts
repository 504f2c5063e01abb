/**
 * `dealspec calendar`: the built CLI as a process. The iCalendar output is
 * read back with ical.js (not the library that writes it) and checked byte by
 * byte for RFC 5545's line rules: CRLF, lines of at most 75 octets, folds
 * never inside a UTF-8 sequence (a `€` at the 75th octet, an emoji),
 * escaped text; UIDs that survive a moved date, SEQUENCE that rises against
 * the calendar published before, VALARMs on deadlines only.
 */
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import ICAL from "ical.js";
import { SAMPLES } from "../support/paths";
import { dealspec, tempDir } from "./support";

type Component = InstanceType<typeof ICAL.Component>;

function events(text: string): Component[] {
  return new ICAL.Component(ICAL.parse(text) as unknown[]).getAllSubcomponents("vevent");
}
const prop = (e: Component, name: string) => e.getFirstPropertyValue(name);
const dateOf = (e: Component) => (prop(e, "dtstart") as InstanceType<typeof ICAL.Time>).toString();
const byUid = (list: Component[]) => new Map(list.map((e) => [String(prop(e, "uid")), e]));

/** RFC 5545 3.1 on raw bytes: CRLF after every line, at most 75 octets a line, each line valid UTF-8 alone. */
function checkLines(bytes: Buffer): string[] {
  const text = bytes.toString("latin1");
  assert.ok(text.endsWith("\r\n"), "the last line ends with CRLF");
  assert.ok(!/[^\r]\n/.test(text) && !/\r(?!\n)/.test(text), "every line end is CRLF");
  const lines: string[] = [];
  let start = 0;
  for (let i = bytes.indexOf("\r\n", 0); i >= 0; i = bytes.indexOf("\r\n", start)) {
    const line = bytes.subarray(start, i);
    assert.ok(line.length <= 75, `a line has ${line.length} octets: ${line.toString("utf8")}`);
    lines.push(new TextDecoder("utf-8", { fatal: true }).decode(line));
    start = i + 2;
  }
  return lines;
}

const DEAL = (id: string, notice = "180 days", extra = "") => `dealspec: 1
deal: ${id}
currency: USD
parties: {buyer: Anthropic, provider: SpaceX}
term: {start: 2026-05-01, end: 2029-05-31}
fees:
  - id: base
    label: "Full rate; capacity, Memphis"
    amount: $1.25B
    every: month
options:
  - id: extend-2y
    extend: 24 months
    by: buyer
    notice: ${notice}
  - id: done
    extend: 1 month
    by: buyer
    notice: 10 days
    exercised: true
${extra}`;

describe("dealspec calendar", () => {
  it("writes one all-day event per key date, matching the JSON, readable by another parser", () => {
    const dir = tempDir({ "colossus.deal.yaml": DEAL("colossus-1") });
    const ics = dealspec(["calendar", "colossus.deal.yaml", "-o", "out.ics"], dir);
    assert.equal(ics.code, 0, ics.stderr);
    const bytes = readFileSync(path.join(dir, "out.ics"));
    checkLines(bytes);
    const json = dealspec(["calendar", "colossus.deal.yaml", "--format", "json"], dir);
    assert.equal(json.code, 0, json.stderr);
    const dates = JSON.parse(json.stdout) as { date: string; kind: string; uid: string; summary: string; detail: string; line: number; file: string }[];
    const list = events(bytes.toString("utf8"));
    assert.equal(list.length, dates.length);
    const uids = byUid(list);
    assert.equal(uids.size, list.length, "UIDs are unique");
    for (const d of dates) {
      const e = uids.get(d.uid);
      assert.ok(e, d.uid);
      assert.equal(dateOf(e), d.date);
      assert.equal((prop(e, "dtend") as InstanceType<typeof ICAL.Time>).toString(), new Date(Date.parse(`${d.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10), "an all-day event ends the next day (exclusive)");
      assert.equal((prop(e, "dtstart") as InstanceType<typeof ICAL.Time>).isDate, true);
      assert.equal(prop(e, "summary"), d.summary);
      assert.equal(prop(e, "description"), d.detail);
      assert.equal(Number(prop(e, "sequence")), 0);
    }
    const deadline = dates.find((d) => d.kind === "option-deadline" && d.uid.includes("extend-2y"))!;
    // (2029-05-31 + 1 day) - 180 days.
    assert.equal(deadline.date, "2028-12-03");
    assert.equal(deadline.summary, "colossus-1: last day to exercise extend-2y (buyer, 180 days' notice)");
    assert.equal(deadline.uid, "colossus-1/option-deadline/extend-2y@dealspec");
    assert.equal(deadline.file, "colossus.deal.yaml");
    assert.equal(readFileSync(path.join(dir, "colossus.deal.yaml"), "utf8").split("\n")[deadline.line - 1], "    notice: 180 days");
  });

  it("escapes text: commas, semicolons and backslashes come back exactly", () => {
    const dir = tempDir({ "a.deal.yaml": DEAL("esc", "180 days", "notes: x\n").replace("every: month", "every: month\n    escalate: {rate: 3%}") });
    const r = dealspec(["calendar", "a.deal.yaml"], dir);
    assert.equal(r.code, 0, r.stderr);
    const raw = r.stdout;
    assert.match(raw, /DESCRIPTION:Escalation 1 of base \(Full rate\\; capacity\\, Memphis\)/);
    const e = events(raw).find((x) => String(prop(x, "uid")) === "esc/escalation/base/1@dealspec")!;
    assert.equal(prop(e, "description"), "Escalation 1 of base (Full rate; capacity, Memphis): 3% every year, compounded (amount x (1 + rate)^1) from the period starting this day.");
  });

  it("folds at 75 octets, never inside a multi-byte character: a € over the 75th octet, and an emoji", () => {
    // SUMMARY:<id>: one-time payment fee\, €1\,000.00 — the € starts after `SUMMARY:` (8), the id, `: one-time payment fee\, ` (25).
    for (const at of [72, 73, 74, 75, 76]) {
      const id = `e${"x".repeat(at - 1 - 8 - 25 - 1)}`;
      const deal = `dealspec: 1\ndeal: ${id}\ncurrency: EUR\nparties: {buyer: A, provider: B}\nterm: {start: 2026-01-01, months: 12}\nfees:\n  - id: fee\n    amount: €1,000\n    every: once\n  - id: run\n    label: "Läufer 🚀 €€€ ${"ü".repeat(40)}"\n    amount: €1\n    every: month\n    escalate: {rate: 1%, every: month}\n`;
      const dir = tempDir({ "e.deal.yaml": deal });
      const r = dealspec(["calendar", "e.deal.yaml", "-o", "e.ics"], dir);
      assert.equal(r.code, 0, r.stderr);
      const bytes = readFileSync(path.join(dir, "e.ics"));
      const lines = checkLines(bytes);
      const first = lines.find((l) => l.startsWith("SUMMARY:") && l.includes("one-time payment"))!;
      const octet = Buffer.byteLength(first.slice(0, first.indexOf("€") >= 0 ? first.indexOf("€") : first.length)) + 1;
      if (first.includes("€")) assert.equal(octet, at, "the € starts at the octet aimed at");
      // ical-generator ends a line at 74 octets at most (RFC 5545: 75): a € on octets 72-74 stays; one
      // that would reach octet 75 (73-75) or start there (75-77) moves whole to the continuation line.
      assert.equal(first.includes("€"), at <= 72, `€ at octet ${at}`);
      const next = lines[lines.indexOf(first) + 1]!;
      assert.ok(next.startsWith(" "), "a continuation line starts with a space");
      assert.ok((first + next.slice(1)).endsWith("fee\\, €1\\,000.00"), `unfolded: ${first}|${next}`);
      if (at > 72) assert.ok(next.includes("€"), `the € is whole on the continuation line: ${next}`);
      const e = events(bytes.toString("utf8")).find((x) => String(prop(x, "uid")) === `${id}/payment/fee@dealspec`)!;
      assert.equal(prop(e, "summary"), `${id}: one-time payment fee, €1,000.00`);
      const esc = events(bytes.toString("utf8")).find((x) => String(prop(x, "uid")) === `${id}/escalation/run/1@dealspec`)!;
      assert.match(String(prop(esc, "description")), new RegExp(`run \\(Läufer 🚀 €€€ ${"ü".repeat(40)}\\)`));
    }
  });

  it("keeps each event's UID when its date moves, and raises SEQUENCE against the calendar published before", () => {
    const dir = tempDir({ "c.deal.yaml": DEAL("colossus-1") });
    const env = { SOURCE_DATE_EPOCH: "1767225600" }; // 2026-01-01T00:00:00Z
    const run = (extra: Record<string, string> = env) => {
      const r = dealspec(["calendar", "c.deal.yaml", "-o", "c.ics"], dir, extra);
      assert.equal(r.code, 0, r.stderr);
      return readFileSync(path.join(dir, "c.ics"), "utf8");
    };
    const first = run();
    const uid = "colossus-1/option-deadline/extend-2y@dealspec";
    const e1 = byUid(events(first)).get(uid)!;
    assert.equal(Number(prop(e1, "sequence")), 0);
    assert.equal(run({ SOURCE_DATE_EPOCH: "1767312000" }), first, "nothing changed: the same file, DTSTAMP kept");

    writeFileSync(path.join(dir, "c.deal.yaml"), DEAL("colossus-1", "90 days"));
    const second = run({ SOURCE_DATE_EPOCH: "1767312000" });
    const after = byUid(events(second));
    const e2 = after.get(uid)!;
    assert.notEqual(dateOf(e2), dateOf(e1), "the deadline moved");
    assert.equal(Number(prop(e2, "sequence")), 1, "and its SEQUENCE rose");
    assert.match(String(prop(e2, "dtstamp")), /^2026-01-02T00:00:00/);
    assert.equal(Number(prop(after.get("colossus-1/term-start@dealspec")!, "sequence")), 0, "an unchanged event keeps its SEQUENCE");
    assert.match(String(prop(after.get("colossus-1/term-start@dealspec")!, "dtstamp")), /^2026-01-01T00:00:00/, "and its DTSTAMP");

    // The option goes: its events are cancelled (SEQUENCE + 1), and come back later with a higher SEQUENCE still.
    writeFileSync(path.join(dir, "c.deal.yaml"), DEAL("colossus-1", "90 days").replace(/  - id: extend-2y\n(    .*\n){3}/, ""));
    const third = byUid(events(run()));
    assert.equal(prop(third.get(uid)!, "status"), "CANCELLED");
    assert.equal(Number(prop(third.get(uid)!, "sequence")), 2);
    assert.equal(Number(prop(byUid(events(run())).get(uid)!, "sequence")), 2, "a cancelled event is carried as it is");
    writeFileSync(path.join(dir, "c.deal.yaml"), DEAL("colossus-1"));
    const back = byUid(events(run())).get(uid)!;
    assert.equal(prop(back, "status"), null);
    assert.equal(Number(prop(back, "sequence")), 3);
    assert.equal(dateOf(back), dateOf(e1));
  });

  it("puts VALARMs on the deadlines of unexercised options only, at each lead time", () => {
    const dir = tempDir({ "c.deal.yaml": DEAL("colossus-1") });
    const r = dealspec(["calendar", "c.deal.yaml", "--alarm", "7d,30d,2w"], dir);
    assert.equal(r.code, 0, r.stderr);
    for (const e of events(r.stdout)) {
      const triggers = e.getAllSubcomponents("valarm").map((a) => String(a.getFirstPropertyValue("trigger")));
      if (String(prop(e, "uid")) === "colossus-1/option-deadline/extend-2y@dealspec") {
        assert.deepEqual(triggers, ["-P30D", "-P14D", "-P7D"]);
        for (const a of e.getAllSubcomponents("valarm")) assert.equal(a.getFirstPropertyValue("action"), "DISPLAY");
      } else assert.deepEqual(triggers, [], String(prop(e, "uid")));
    }
    const bad = dealspec(["calendar", "c.deal.yaml", "--alarm", "30 days"], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--alarm takes lead times such as 30d,7d/);
  });

  it("--today warns about a passed deadline of an unexercised option, on its line; without it, no clock", () => {
    const dir = tempDir({ "c.deal.yaml": DEAL("colossus-1") });
    const r = dealspec(["calendar", "c.deal.yaml", "--format", "table", "--today", "2029-01-01"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^c\.deal\.yaml:15:13: warning: the last day to exercise extend-2y was 2028-12-03, before 2029-01-01/m);
    assert.doesNotMatch(r.stderr, /exercise done/, "an exercised option never warns");
    assert.equal(dealspec(["calendar", "c.deal.yaml", "--format", "table", "--today", "2028-12-03"], dir).stderr, "", "the last day itself has not passed");
    assert.equal(dealspec(["calendar", "c.deal.yaml", "--format", "table"], dir).stderr, "");
    const bad = dealspec(["calendar", "c.deal.yaml", "--today", "2029-02-30"], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--today takes a date/);
  });

  it("gives a portfolio's deals' dates, each deal once, in date order", () => {
    const r = dealspec(["calendar", "anthropic-compute.portfolio.yaml", "colossus-1.deal.yaml", "--format", "json"], SAMPLES);
    assert.equal(r.code, 0, r.stderr);
    const dates = JSON.parse(r.stdout) as { date: string; deal: string; uid: string }[];
    const deals = new Set(dates.map((d) => d.deal));
    assert.ok(deals.size >= 4, [...deals].join(", "));
    assert.equal(new Set(dates.map((d) => d.uid)).size, dates.length, "colossus-1, named twice, is listed once");
    for (let i = 1; i < dates.length; i++) assert.ok(dates[i - 1]!.date <= dates[i]!.date);
    const table = dealspec(["calendar", "anthropic-compute.portfolio.yaml", "--format", "table"], SAMPLES);
    assert.match(table.stdout, /^2026-05-01 +term-start +colossus-1: term starts +colossus-1\.deal\.yaml:27$/m);
  });

  it("leaves out a second file with the same deal id, and says so", () => {
    const dir = tempDir({ "a.deal.yaml": DEAL("same"), "b.deal.yaml": DEAL("same") });
    const r = dealspec(["calendar", "--format", "json"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /b\.deal\.yaml has the deal id `same` of a\.deal\.yaml: its dates are left out/);
    assert.equal(new Set((JSON.parse(r.stdout) as { file: string }[]).map((d) => d.file)).size, 1);
  });

  it("does not cancel the events of a file it could not read: it writes nothing", () => {
    const dir = tempDir({ "a.deal.yaml": DEAL("a"), "b.deal.yaml": DEAL("b") });
    assert.equal(dealspec(["calendar", "a.deal.yaml", "b.deal.yaml", "-o", "c.ics"], dir).code, 0);
    const before = readFileSync(path.join(dir, "c.ics"), "utf8");
    writeFileSync(path.join(dir, "b.deal.yaml"), Buffer.from([0x64, 0x00, 0x65]));
    const r = dealspec(["calendar", "a.deal.yaml", "b.deal.yaml", "-o", "c.ics"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /c\.ics not written: some files could not be read/);
    assert.equal(readFileSync(path.join(dir, "c.ics"), "utf8"), before);
  });

  it("rejects a previous calendar that is not one", () => {
    const dir = tempDir({ "c.deal.yaml": DEAL("c"), "c.ics": "hello" });
    const r = dealspec(["calendar", "c.deal.yaml", "-o", "c.ics"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /c\.ics is not an iCalendar file/);
    assert.equal(readFileSync(path.join(dir, "c.ics"), "utf8"), "hello", "and leaves it alone");
  });
});
