/**
 * Robustness: hostile or enormous input gives a clear diagnostic and analysis
 * returns (bounded time and memory, no hang, no throw). Each test has a
 * timeout as a hang guard; none asserts on speed (bench/ measures that).
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { analyze, figuresJson, LineIndex, MAX_TEXT_LENGTH, type Analysis } from "../../server/src/core";
import { SAMPLES } from "../support/paths";

const HEADER = `dealspec: 1
deal: robust
currency: USD
parties: {buyer: A, provider: B}
`;
const DEAL = `${HEADER}term: {start: 2026-01-01, months: 12}
fees:
  - id: base
    amount: $1M
    every: month
`;
const GUARD = { timeout: 120_000 };

function codes(a: Analysis): string[] {
  return a.diagnostics.map((d) => d.code);
}

function assertInside(a: Analysis): void {
  for (const d of a.diagnostics) assert.ok(0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= a.text.length, `${d.code} range inside the text`);
}

/** A deterministic pseudo-random generator, so that "random" input is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

describe("robustness: size", () => {
  it("a 50 MB file is refused with DS104 and nothing else", GUARD, () => {
    const a = analyze(DEAL + `# ${"x".repeat(98)}\n`.repeat(500_000));
    assert.deepEqual(codes(a), ["DS104"]);
    assert.equal(a.figures, undefined);
    assertInside(a);
  });

  it("a file just over the limit in one line is refused with DS104", GUARD, () => {
    const a = analyze(`${DEAL}notes: ${"x".repeat(MAX_TEXT_LENGTH)}`);
    assert.deepEqual(codes(a), ["DS104"]);
  });

  it("a 1-million-element list, block or flow, is refused with DS104 before parsing", GUARD, () => {
    assert.deepEqual(codes(analyze(`${DEAL}notes:\n${"  - 1\n".repeat(1_000_000)}`)), ["DS104"]);
    assert.deepEqual(codes(analyze(`${DEAL}notes: [${"1,".repeat(1_000_000)}]\n`)), ["DS104"]);
  });

  it("very long lines: a 5-million-character note is fine, a long key is an error, a long amount is read or names the limit", GUARD, () => {
    const note = analyze(`${DEAL}notes: ${"x".repeat(5_000_000)}\n`);
    assert.deepEqual(codes(note), []);
    assert.equal(note.figures?.total.toFixed(2), "12000000.00");
    const key = analyze(`${DEAL}${"k".repeat(1_000_000)}: 1\n`);
    assert.ok(codes(key).length >= 1 && key.diagnostics.every((d) => d.severity === "error"), "a 1 MB key is an error");
    assertInside(key);
    // Amounts are read exactly below 10^24; above, DS222 names the limit instead of a silently rounded cent.
    const exact = "999999999999999999999999.99";
    assert.equal(analyze(DEAL.replace("$1M", `$${exact}`)).model?.fees[0]?.amount.toFixed(2), exact, "the largest amount is read exactly");
    assert.deepEqual(codes(analyze(DEAL.replace("$1M", "$1,000,000,000,000T"))), ["DS222"]);
    const amount = analyze(DEAL.replace("$1M", `$${"9".repeat(100_000)}`));
    assert.deepEqual(codes(amount), ["DS222"], "a 100,000-digit amount returns, with the limit");
    assert.ok(amount.diagnostics[0]!.message.length < 300, "and its message quotes it shortened");
    assertInside(amount);
  });
});

describe("robustness: long schedules", () => {
  it("a term of 10,000 years (`months: 120000`) is DS311", GUARD, () => {
    const a = analyze(DEAL.replace("months: 12", "months: 120000"));
    assert.deepEqual(codes(a), ["DS311"]);
  });

  it("many monthly fees over 100 years (over 500,000 charges) are DS311, not a hang", GUARD, () => {
    let text = `${HEADER}term: {start: 2026-01-01, months: 1200}\nfees:\n`;
    for (let i = 0; i < 420; i++) text += `  - {id: f${i}, amount: $1, every: month}\n`;
    const a = analyze(text);
    assert.deepEqual(codes(a), ["DS311"]);
    assert.equal(a.figures, undefined);
  });

  it("an exercised option that extends the term by 7,000 years is DS311, not a hang; so is a scenario that exercises it", GUARD, () => {
    const text = `${HEADER}term: {start: 2026-01-01, months: 12}\nfees: [{id: a, amount: $1k, every: month, until: 2026-06-30}]\noptions: [{id: o1, extend: 84000 months, by: buyer, notice: 1 day}]\ntermination: [{by: buyer, notice: 1 month}]\n`;
    assert.deepEqual(codes(analyze(text.replace("notice: 1 day}", "notice: 1 day, exercised: true}"))), ["DS311"]);
    const scenario = analyze(`${text}scenarios: [{id: s, exercise: [o1]}]\n`);
    assert.deepEqual(codes(scenario), ["DS609"]);
    assert.ok(scenario.figures, "the base keeps its figures");
  });

  it("an option that extends the term by 83,000 years, past 9999-12-31, is DS330 and left out, not a hang", GUARD, () => {
    const text = `${HEADER}term: {start: 2026-01-01, months: 12}\nfees: [{id: a, amount: $1k, every: month, until: 2026-06-30}]\noptions: [{id: o1, extend: 999999 months, by: buyer, notice: 1 day, exercised: true}]\n`;
    const a = analyze(text);
    assert.deepEqual(codes(a), ["DS330"]);
    assert.equal(a.model?.options.length, 0);
    assert.equal(a.figures?.term.last, a.model?.term?.last, "the figures keep the term as written");
  });

  it("a large schedule with many long notice windows is DS311 once the clauses count over 1,000,000 charges", GUARD, () => {
    let text = `${HEADER}term: {start: 2026-01-01, months: 1199}\nfees:\n`;
    for (let i = 0; i < 400; i++) text += `  - {id: f${i}, amount: $1, every: month}\n`;
    text += "termination:\n";
    for (let i = 0; i < 3; i++) text += "  - by: buyer\n    notice: 1199 months\n";
    const a = analyze(text);
    // 400 x 1199 = 479,600 charges, each inside every window: the third clause passes 1,000,000.
    assert.deepEqual(codes(a), ["DS311"]);
    const clause3 = text.lastIndexOf("- by") + 2;
    assert.equal(a.diagnostics[0]!.span.start, clause3, "on the clause that passes the limit");
  });
});

describe("robustness: hostile YAML", () => {
  it("100,000 nested flow sequences give one DS105", GUARD, () => {
    const a = analyze(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    assert.deepEqual(codes(a), ["DS105"]);
    assertInside(a);
    const open = analyze(`${DEAL}notes: ${"[{a: ".repeat(20_000)}`);
    assert.deepEqual(codes(open), ["DS105"], "unclosed deep nesting: one error, not one per level");
  });

  it("100,000 nested block sequences on one line give one DS105", GUARD, () => {
    const a = analyze(`${DEAL}notes: \n  ${"- ".repeat(100_000)}x\n`);
    assert.deepEqual(codes(a), ["DS105"]);
  });

  it("an alias bomb (billion laughs) is DS103 on the alias that passes the budget", GUARD, () => {
    const names = "abcdefghi";
    let text = `${DEAL}x0: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
    for (let i = 1; i < names.length; i++) {
      const p = names[i - 1]!;
      text += `x${i}: &${names[i]} [${Array(9).fill(`*${p}`).join(",")}]\n`;
    }
    const a = analyze(text);
    assert.deepEqual(codes(a), ["DS103"]);
    assert.equal(text.slice(a.diagnostics[0]!.span.start, a.diagnostics[0]!.span.end).charAt(0), "*", "points at an alias");
  });

  it("binary garbage returns diagnostics inside the text", GUARD, () => {
    const next = lcg(42);
    const bytes = Buffer.alloc(1_000_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
    for (const text of [bytes.toString("utf8"), bytes.toString("latin1"), String.fromCharCode(...Array.from({ length: 5000 }, () => next() & 0xffff)), "\0".repeat(1000)]) {
      const a = analyze(text);
      assert.ok(a.diagnostics.some((d) => d.severity === "error"), "garbage is an error");
      assertInside(a);
    }
  });

  it("an empty file, a blank file and a file of comments are DS102", GUARD, () => {
    for (const text of ["", "   \n\n  ", "# only\n# comments\n"]) {
      const a = analyze(text);
      assert.deepEqual(codes(a), ["DS102"], JSON.stringify(text));
      assertInside(a);
    }
  });
});

describe("robustness: encodings and offsets", () => {
  const bad = `${DEAL}termination:\n  - by: byer\n    notice: 90 days\n`;
  const at = (text: string) => ({ start: text.indexOf("byer"), end: text.indexOf("byer") + 4 });

  it("CRLF line endings: the range is still the value's", () => {
    const text = bad.replace(/\n/g, "\r\n");
    const a = analyze(text);
    assert.deepEqual(codes(a), ["DS309"]);
    assert.deepEqual(a.diagnostics[0]!.span, at(text));
  });

  it("a byte order mark: analysis is unchanged and ranges count it", () => {
    const text = `\uFEFF${bad}`;
    const a = analyze(text);
    assert.deepEqual(codes(a), ["DS309"]);
    assert.deepEqual(a.diagnostics[0]!.span, at(text));
    assert.equal(analyze(`\uFEFF${DEAL}`).figures?.total.toFixed(2), "12000000.00");
  });

  it("€ and emoji before a diagnostic: offsets are UTF-16 code units", () => {
    const text = bad.replace("deal: robust", 'deal: robust\ntitle: "€ 💸 𝔘 🚀🚀"').replace("  - id: base", "  - id: base\n    label: Gebühr 🧾€");
    const a = analyze(text);
    assert.deepEqual(codes(a), ["DS309"]);
    assert.deepEqual(a.diagnostics[0]!.span, at(text));
    assert.notEqual(at(text).start, Buffer.byteLength(text.slice(0, at(text).start)), "the test text has characters of several code units");
    const sameLine = analyze(bad.replace("by: byer", "by: [💸, byer]"));
    const t2 = sameLine.text;
    assert.deepEqual(
      sameLine.diagnostics.map((d) => t2.slice(d.span.start, d.span.end)),
      ["💸", "byer"],
      "an emoji role and the role after it are each covered exactly",
    );
  });

  it("a lone surrogate in a string does not break analysis", () => {
    const a = analyze(`${DEAL}notes: "a\uD800b"\n`);
    assert.deepEqual(codes(a), []);
  });

  it("lone CR line ends (old Mac files) read as line breaks: the same diagnostics, at the same offsets, and the same figures as LF", () => {
    for (const name of readdirSync(SAMPLES).filter((f) => f.endsWith(".deal.yaml"))) {
      const lf = readFileSync(path.join(SAMPLES, name), "utf8");
      const cr = lf.replace(/\n/g, "\r");
      const [a, b] = [analyze(lf), analyze(cr)];
      assert.deepEqual(b.diagnostics.map((d) => [d.code, d.span]), a.diagnostics.map((d) => [d.code, d.span]), name);
      assert.deepEqual(figuresJson(b), figuresJson(a), name);
      const lines = new LineIndex(cr);
      assert.equal(lines.lineCount, lf.split("\n").length, `${name}: a lone CR ends a line`);
      assert.equal(lines.lineText(2), lf.split("\n")[2], name);
    }
    // An offset between the CR and the LF of a CRLF names the end of its line, the only position LSP has there.
    const crlf = new LineIndex("ab\r\ncd\r\n");
    assert.deepEqual(crlf.position(3), { line: 0, character: 2 });
    assert.deepEqual(crlf.position(4), { line: 1, character: 0 });
    // A broken file with lone CRs gets the diagnostics of its LF twin: one missing key, not a dozen errors on line 1.
    const broken = DEAL.replace("currency: USD\n", "").replace(/\n/g, "\r");
    assert.deepEqual(codes(analyze(broken)), ["DS200"]);
  });

  it("a line index finds the same lines in a text with LFs only (found by search) as in its CRLF twin (found by a scan)", () => {
    for (const lf of ["", "\n", "a", "a\n", "a\nb", "\n\na\n\n", ...readdirSync(SAMPLES).filter((f) => f.endsWith(".deal.yaml")).map((f) => readFileSync(path.join(SAMPLES, f), "utf8"))]) {
      const lines = new LineIndex(lf);
      const crlf = new LineIndex(lf.replace(/\n/g, "\r\n"));
      const want = lf.split("\n");
      assert.equal(lines.lineCount, want.length, JSON.stringify(lf.slice(0, 20)));
      assert.equal(crlf.lineCount, want.length);
      want.forEach((text, i) => {
        assert.equal(lines.lineText(i), text);
        assert.equal(crlf.lineText(i), text);
        assert.deepEqual(lines.position(lines.offset({ line: i, character: text.length })), { line: i, character: text.length });
      });
    }
  });
});
