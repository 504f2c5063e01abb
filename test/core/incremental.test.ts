/**
 * Incremental analysis is exact: after each of a run of random edits (inside
 * a fee, inserting and deleting fees, breaking the YAML, editing the term,
 * the currency or the capacity a fee's lowering reads, the numbers of options, scenarios and clauses, exercising an
 * option, adding aliases, comments, duplicate keys, CRLF line ends, undo), an
 * `AnalysisSession`'s analysis of the text equals a fresh `analyze(text)`:
 * the diagnostics (codes, ranges, messages, fixes), the model, every figure,
 * the expectations and scenarios, and the syntax tree (every path's node
 * ranges, spans and scalar text). A tree of an earlier version still gives
 * its own ranges after a later version was analyzed. Seeded (DEALSPEC_SEED),
 * bounded in time (DEALSPEC_INCREMENTAL_SECONDS, default 20).
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, AnalysisSession, Decimal, isRecord, type Analysis, type Path, type SyntaxTree } from "../../server/src/core";
import { SEED } from "../support/deals";
import { ROOT, SAMPLES } from "../support/paths";

/** The benchmarks' generator of large deals and its seeded random numbers, as built (the bench project builds after the tests'). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDeal, prng } = require(path.join(ROOT, "out", "bench", "generate.js")) as {
  generateDeal(lines: number, seed?: number, extras?: { clauses: number; options: number; scenarios: number }): string;
  prng(seed: number): () => number;
};

const SECONDS = Number(process.env.DEALSPEC_INCREMENTAL_SECONDS ?? 20);


/** Every value of an analysis but its syntax tree, as comparable plain data (Decimals by their digits, maps as entries). */
function plain(v: unknown, depth = 0): unknown {
  if (depth > 40) return "…";
  if (v instanceof Decimal) return `D${v.toString()}`;
  if (v instanceof Map) return { map: [...v.entries()].map(([k, x]) => [plain(k, depth + 1), plain(x, depth + 1)]) };
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  if (typeof v === "function") return "fn";
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if (k !== "syntax") out[k] = plain((v as Record<string, unknown>)[k], depth + 1);
    return out;
  }
  return v;
}

/** Every path's node ranges, key range, spans and scalar text. */
function treeFacts(tree: SyntaxTree): unknown[] {
  const out: unknown[] = [tree.locate([])?.node?.range];
  const visit = (path: Path, value: unknown, depth: number) => {
    if (depth > 12) return;
    const found = tree.locate(path);
    out.push([path.join("."), found?.node?.range, found?.key?.range, tree.spanOf(path), tree.keySpanOf(path), tree.scalarText(path)]);
    if (Array.isArray(value)) value.forEach((x, i) => visit([...path, i], x, depth + 1));
    else if (isRecord(value)) for (const k of Object.keys(value)) visit([...path, k], value[k], depth + 1);
  };
  if (isRecord(tree.root)) for (const k of Object.keys(tree.root)) visit([k], tree.root[k], 1);
  out.push(tree.spanOf(["no-such-key", 3]));
  return out;
}

function assertSame(actual: Analysis, expected: Analysis, what: string): void {
  assert.deepEqual(plain(actual), plain(expected), `${what}: the analysis differs from a full one`);
  assert.deepEqual(treeFacts(actual.syntax), treeFacts(expected.syntax), `${what}: the syntax tree differs from a full one`);
}

type Edit = (text: string, r: () => number) => string;
const pick = <T>(items: readonly T[], r: () => number): T => items[Math.floor(r() * items.length)]!;

/** The start offsets of the lines of `text` that match `re`. */
function lineStarts(text: string, re: RegExp): number[] {
  const out: number[] = [];
  let at = 0;
  for (const line of text.split("\n")) {
    if (re.test(line)) out.push(at);
    at += line.length + 1;
  }
  return out;
}

function replaceLine(text: string, at: number, f: (line: string) => string): string {
  const end = text.indexOf("\n", at);
  const e = end < 0 ? text.length : end;
  return text.slice(0, at) + f(text.slice(at, e)) + text.slice(e);
}

/** The start offsets of the lines inside the top-level block `key` (up to the next top-level key) that match `re`. */
function linesUnder(text: string, key: string, re: RegExp): number[] {
  const out: number[] = [];
  let at = 0;
  let inside = false;
  for (const line of text.split("\n")) {
    if (/^[A-Za-z_]/.test(line)) inside = line.startsWith(`${key}:`);
    else if (inside && re.test(line)) out.push(at);
    at += line.length + 1;
  }
  return out;
}

/** The text of the fee item starting at `at`, up to the next item or top-level key. */
function itemAt(text: string, at: number): string {
  const rest = text.slice(at);
  const m = /\n(?: {0,2}- |[A-Za-z])/.exec(rest.slice(1));
  return m ? rest.slice(0, m.index + 2) : rest;
}

const EDITS: Record<string, Edit> = {
  "change a digit of an amount": (t, r) => {
    const lines = lineStarts(t, /^\s+(amount|price|fee|total|run_rate|peak_month|\d{4}):.*\d/);
    if (lines.length === 0) return t;
    return replaceLine(t, pick(lines, r), (l) => l.replace(/\d(?!.*\d)/, String(Math.floor(r() * 10))));
  },
  "type inside a fee": (t, r) => {
    const lines = lineStarts(t, /^\s+(label|note|id): /);
    if (lines.length === 0) return t;
    return replaceLine(t, pick(lines, r), (l) => l + pick(["x", "-", " 2", "é", ":", "#c"], r));
  },
  "insert a fee": (t, r) => {
    const items = lineStarts(t, /^  - id: /);
    if (items.length === 0) return t;
    const at = pick(items, r);
    const item = itemAt(t, at).replace(/id: ([\w-]+)/, `id: $1-copy${Math.floor(r() * 1000)}`);
    return t.slice(0, at) + item + t.slice(at);
  },
  "delete a fee": (t, r) => {
    const items = lineStarts(t, /^  - id: /);
    if (items.length === 0) return t;
    const at = pick(items, r);
    return t.slice(0, at) + t.slice(at + itemAt(t, at).length);
  },
  "break the YAML": (t, r) => {
    const at = Math.floor(r() * t.length);
    return t.slice(0, at) + pick(['"', "[", ": :", "\n  bad indent: 1\n", "\t", "{", "&"], r) + t.slice(at);
  },
  "edit the term": (t, r) => {
    const lines = lineStarts(t, /^  (start|end|months): /);
    if (lines.length === 0) return t;
    return replaceLine(t, pick(lines, r), (l) => (l.includes("months") ? l.replace(/\d+/, String(1 + Math.floor(r() * 60))) : l.replace(/-\d\d$/, `-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`)));
  },
  "add an alias": (t, r) => {
    const lines = lineStarts(t, /^\s+amount: /);
    if (lines.length < 2) return t;
    const a = pick(lines, r);
    const b = pick(lines, r);
    const withAnchor = replaceLine(t, a, (l) => l.replace("amount: ", "amount: &a "));
    return a === b ? withAnchor : replaceLine(withAnchor, b + (b > a ? 3 : 0), (l) => l.replace(/amount: .*/, "amount: *a"));
  },
  "insert a comment or a blank line": (t, r) => {
    const starts = lineStarts(t, /.*/);
    const at = pick(starts, r);
    return t.slice(0, at) + pick(["# note\n", "\n", "    # indented\n", "  \n", "  # at the items' indentation\n", "      # deeper\n", "\n  # after a blank line\n", "\u00a0\n", "  \u00a0# after a no-break space\n", "\f\n"], r) + t.slice(at);
  },
  "duplicate a top-level key": (t, r) => {
    const keys = lineStarts(t, /^[a-z_]+: \S/);
    if (keys.length === 0) return t;
    const at = pick(keys, r);
    const end = t.indexOf("\n", at);
    return `${t}${t.endsWith("\n") ? "" : "\n"}${t.slice(at, end < 0 ? t.length : end)}\n`;
  },
  "delete a character": (t, r) => {
    if (t.length === 0) return t;
    const at = Math.floor(r() * t.length);
    return t.slice(0, at) + t.slice(at + 1);
  },
  "insert a character": (t, r) => {
    const at = Math.floor(r() * (t.length + 1));
    return t.slice(0, at) + pick(["a", "1", " ", "\n", "-", ":", "'", "\u00a0", "\f", "\r", "#"], r) + t.slice(at);
  },
  // What a fee's lowering reads beyond the fee: the currency, the term's days, the kinds of capacity the deal gives.
  "change the currency": (t, r) => {
    const lines = lineStarts(t, /^currency: /);
    if (lines.length === 0) return t;
    return replaceLine(t, lines[0]!, () => `currency: ${pick(["USD", "EUR", "JPY", "KWD", "XYZ", "usd"], r)}`);
  },
  "edit the capacity": (t, r) => {
    const lines = lineStarts(t, /^  (power|gpus): /);
    if (lines.length === 0) return `${t}${t.endsWith("\n") ? "" : "\n"}capacity:\n  ${pick(["power: 300 MW", "gpus: 20,000"], r)}\n`;
    const at = pick(lines, r);
    return r() < 0.5 ? t.slice(0, at) + t.slice(t.indexOf("\n", at) + 1) : replaceLine(t, at, (l) => (l.includes("power") ? "  power: 50 MW" : "  gpus: 1,000"));
  },
  "price a fee per unit": (t, r) => {
    const lines = lineStarts(t, /^\s+amount: /);
    if (lines.length === 0) return t;
    return replaceLine(t, pick(lines, r), (l) => l.replace(/amount: .*/, `price: ${pick(["$4M per MW-month", "$2.10 per GPU-hour", "€1,800 per kW-month"], r)}`));
  },
  // What options, scenarios and exits move: the term's last day, reprices, fees cut or extended, each scenario's evaluation.
  "edit a number of an option, a scenario or a clause": (t, r) => {
    const lines = ["options", "scenarios", "termination"].flatMap((k) => linesUnder(t, k, /\d/));
    if (lines.length === 0) return t;
    return replaceLine(t, pick(lines, r), (l) => l.replace(/\d(?!.*\d)/, String(Math.floor(r() * 10))));
  },
  "exercise an option, or not": (t, r) => {
    const flags = linesUnder(t, "options", /^ {4}exercised: (true|false)$/);
    if (flags.length > 0 && r() < 0.5) return replaceLine(t, pick(flags, r), (l) => (l.endsWith("true") ? "    exercised: false" : "    exercised: true"));
    const items = linesUnder(t, "options", /^ {2}- id: /);
    if (items.length === 0) return t;
    const at = pick(items, r);
    const end = t.indexOf("\n", at) + 1;
    return t.slice(0, end) + "    exercised: true\n" + t.slice(end);
  },
  "add a top-level key": (t, r) => `${t}${t.endsWith("\n") ? "" : "\n"}${pick(["notes: more\n", "unknown_key: 1\n", "discount_rate: 8%\n", "commitment:\n  minimum: $1\n"], r)}`,
};

function inputs(): { name: string; text: string }[] {
  const samples = readdirSync(SAMPLES)
    .filter((f) => f.endsWith(".deal.yaml"))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(path.join(SAMPLES, f), "utf8") }));
  return [
    ...samples,
    { name: "generated 300 lines", text: generateDeal(300, SEED) },
    { name: "generated 300 lines, CRLF", text: generateDeal(300, SEED + 1).replace(/\n/g, "\r\n") },
    { name: "generated 2,000 lines", text: generateDeal(2000, SEED + 2) },
    { name: "generated 300 lines with options, scenarios and clauses", text: generateDeal(300, SEED + 3, { clauses: 3, options: 3, scenarios: 10 }) },
  ];
}

describe("incremental analysis (AnalysisSession)", () => {
  it("equals a full analysis after every random edit", () => {
    const r = prng(SEED);
    const names = Object.keys(EDITS);
    const deadline = Date.now() + SECONDS * 1000;
    let checked = 0;
    const all = inputs();
    for (let round = 0; Date.now() < deadline || round < all.length; round++) {
      const input = all[round % all.length]!;
      const session = new AnalysisSession();
      let text = input.text;
      const history: string[] = [];
      let previous: { analysis: Analysis; full: Analysis } | undefined;
      const steps = input.text.length > 20_000 ? 6 : 15;
      for (let step = 0; step <= steps && (Date.now() < deadline || step === 0); step++) {
        let edit = "none";
        if (step > 0) {
          if (r() < 0.1 && history.length > 0) {
            edit = "undo";
            text = history.pop()!;
          } else {
            edit = pick(names, r);
            history.push(text);
            text = EDITS[edit]!(text, r);
          }
        }
        const what = `${input.name}, step ${step} (${edit}; seed ${SEED})`;
        const analysis = session.analyze(text);
        const full = analyze(text);
        assertSame(analysis, full, what);
        // An earlier version's tree keeps its own ranges.
        if (previous && r() < 0.3) assert.deepEqual(treeFacts(previous.analysis.syntax), treeFacts(previous.full.syntax), `${what}: the previous version's tree moved`);
        previous = { analysis, full };
        checked++;
      }
    }
    assert.ok(checked > all.length, "checked more than one version per input");
  });

  it("reuses a fee's first periods for the same fee cut or extended only when they were rounded to the same minor unit", () => {
    // The option's value schedules the lease extended by a year (kept in cents); in yen, the lease's periods round otherwise.
    const deal = (currency: string) =>
      `dealspec: 1\ndeal: minor-units\nparties: {buyer: B, provider: P}\ncurrency: ${currency}\nterm: {start: 2026-01-01, months: 36}\nfees:\n  - {id: lease, amount: "1,000", every: month, escalate: {rate: 3.7%, every: year}}\noptions:\n  - {id: renew, extend: 1 year, by: buyer, notice: 90 days, reprice: -10%}\n`;
    const session = new AnalysisSession();
    const usd = session.analyze(deal("USD"));
    assert.equal(usd.diagnostics.length, 0, usd.diagnostics[0]?.message);
    assert.equal(usd.figures!.schedule[24]!.amount.toString(), "1075.37");
    assertSame(usd, analyze(deal("USD")), "in dollars");
    const yen = session.analyze(deal("JPY"));
    assert.equal(yen.figures!.schedule[24]!.amount.toString(), "1075");
    assertSame(yen, analyze(deal("JPY")), "in yen after dollars");
  });

  it("counts an exit window again for a fee cut short whose first periods were reused", () => {
    // Ending the term six days earlier cuts the lease's last period: the same number of charges, the same window, a smaller last charge.
    const text = readFileSync(path.join(SAMPLES, "yen-no-minor-units.deal.yaml"), "utf8");
    const edited = text.replace("  end: 2027-06-20", "  end: 2027-06-14");
    assert.notEqual(edited, text);
    const session = new AnalysisSession();
    session.analyze(text);
    const full = analyze(edited);
    assert.equal(full.figures!.exits[0]!.exposure.toString(), "104043010");
    assertSame(session.analyze(edited), full, "the term ended earlier");
  });

  it("counts the exit exposures' charges against their budget clause by clause, as a full analysis does", () => {
    // 300 monthly fees over 100 years: 360,000 charges, each in every clause's 100-year window; the third clause passes 1,000,000.
    let text = "dealspec: 1\ndeal: budget\ncurrency: USD\nterm: {start: 2026-01-01, months: 1200}\nfees:\n";
    for (let i = 0; i < 300; i++) text += `  - {id: f${i}, amount: $1, every: month}\n`;
    text += "termination:\n";
    for (let i = 0; i < 4; i++) text += "  - {by: either, notice: 100 years}\n";
    const full = analyze(text);
    const ds311 = full.diagnostics.filter((d) => d.code === "DS311");
    assert.equal(ds311.length, 1);
    assert.deepEqual(ds311[0]!.span, full.syntax.keySpanOf(["termination", 2]));
    const session = new AnalysisSession();
    assertSame(session.analyze(text), full, "over the budget");
    const edited = text.replace("f7, amount: $1", "f7, amount: $2");
    assertSame(session.analyze(edited), analyze(edited), "over the budget, one fee edited");
  });

  it("reuses what did not change: an edit inside one fee of a large deal re-parses only that fee's block", () => {
    const text = generateDeal(2000, SEED);
    const session = new AnalysisSession();
    const first = session.analyze(text);
    // A letter typed at the start of the first label's text: inside its quotes when it is quoted, so that the YAML stays valid whatever the seed.
    const value = text.indexOf("label: ") + "label: ".length;
    const at = text[value] === '"' || text[value] === "'" ? value + 1 : value;
    const edited = `${text.slice(0, at)}Z${text.slice(at)}`;
    const second = session.analyze(edited);
    assertSame(second, analyze(edited), "one label edited");
    assert.deepEqual(
      second.diagnostics.map((d) => d.code),
      first.diagnostics.map((d) => d.code),
      "the edit keeps the deal as valid as it was (no DS100 from a broken quote)",
    );
    // The nodes of an unchanged fee after the edit are the same objects as before (moved by one character).
    const before = first.syntax.locate(["fees", 100, "id"])?.node;
    const after = second.syntax.locate(["fees", 100, "id"])?.node;
    assert.ok(before && after);
    assert.equal(after, before, "the unchanged fee's nodes are reused");
    assert.deepEqual(second.syntax.spanOf(["fees", 100, "id"]), analyze(edited).syntax.spanOf(["fees", 100, "id"]));
    assert.deepEqual(first.syntax.spanOf(["fees", 100, "id"]), analyze(text).syntax.spanOf(["fees", 100, "id"]));
  });
});
