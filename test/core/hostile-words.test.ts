/**
 * Words that are properties of every JavaScript object (`toString`,
 * `constructor`, `valueOf`, ...) typed where a deal reads a word: an amount's
 * scale suffix, a period, a timing, a basis, a unit, a party, a key. Each is
 * an unknown word like any other: the analysis returns with diagnostics of
 * stable codes inside the text, and the features that read it answer. (An
 * amount written `$1toString` once made the analysis throw: the scale
 * suffixes were looked up with every object's properties.) The names of
 * fees, roles, options and scenarios are test/core/hostile-names.test.ts's.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import { analyze, figuresJson } from "../../server/src/core";
import { cashFlowOf } from "../../server/src/core/features/dealCashFlow";
import { codeLenses, complete, hover, inlayHints } from "../../server/src/core/features";
import { SMALL_DEAL } from "../support/deals";
import { SAMPLES } from "../support/paths";

/** Every property `Object.prototype` has (its own names), and `prototype`. */
const WORDS = [...Object.getOwnPropertyNames(Object.prototype), "prototype"];
/** Those the sweep over every key and value types (a method, and the one that is an object): each scalar's variants cost an analysis. */
const SWEPT = ["toString", "__proto__"];

/** The samples whose values cover every kind of word a deal reads: scale suffixes, periods, timings, bases, units, capacity steps, options, clauses, scenarios. */
const FILES = ["colossus-1.deal.yaml", "gpu-hour-lease.deal.yaml"];

/** The source range of every scalar of a YAML text, keys and values, with whether it is a key. */
function scalars(text: string): { start: number; end: number; key: boolean }[] {
  const out: { start: number; end: number; key: boolean }[] = [];
  const walk = (node: unknown, key: boolean): void => {
    if (isScalar(node) && node.range) out.push({ start: node.range[0], end: node.range[1], key });
    else if (isMap(node)) for (const pair of node.items) (walk(pair.key, true), walk(pair.value, false));
    else if (isSeq(node)) for (const item of node.items) walk(item, false);
  };
  walk(parseDocument(text).contents as Node | null, false);
  return out;
}

/** What a word is typed as in a scalar's place: itself, and for a value, after an amount too (where a scale suffix goes). */
function variants(word: string, key: boolean): string[] {
  return key ? [word] : [word, `$1 ${word}`];
}

/**
 * Analyses `text`, checks its diagnostics, and reads every figure (the JSON
 * the CLI prints, lazy ones included) and the hover at `at`; with `editor`,
 * what else an editor shows (hints, lenses, the cash-flow view). Returns the
 * diagnostics' codes.
 */
function exercise(text: string, at: number, editor = true): string[] {
  const a = analyze(text);
  for (const d of a.diagnostics) {
    assert.match(d.code, /^DS\d{3}$/, `a stable code: ${d.code} ${d.message}`);
    assert.ok(0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= text.length, `${d.code} inside the text`);
    assert.ok(!d.message.includes("[native code]"), `no function text in a message: ${d.message}`);
  }
  JSON.stringify(figuresJson(a));
  hover(a, at);
  if (editor) {
    cashFlowOf(a);
    inlayHints(a);
    codeLenses(a);
  }
  return a.diagnostics.map((d) => d.code);
}

describe("words every JavaScript object has, typed where a deal reads a word", () => {
  for (const file of FILES) {
    it(`in every key and value of ${file}`, { timeout: 300_000 }, () => {
      const original = readFileSync(path.join(SAMPLES, file), "utf8");
      let analysed = 0;
      for (const s of scalars(original)) {
        for (const word of SWEPT) {
          for (const typed of variants(word, s.key)) {
            const text = original.slice(0, s.start) + typed + original.slice(s.end);
            assert.doesNotThrow(() => exercise(text, s.start + typed.length - 1, false), `${file}: \`${typed}\` at ${s.start} (was \`${original.slice(s.start, s.end)}\`)`);
            analysed++;
          }
        }
      }
      assert.ok(analysed > 200, `${analysed} variants analysed`);
    });
  }

  it("an amount whose scale suffix is such a word is DS214, an unknown suffix", () => {
    for (const word of WORDS) {
      if (!/^[A-Za-z]+$/.test(word)) continue;
      for (const amount of [`$1${word}`, `$1 ${word}`]) {
        const codes = exercise(SMALL_DEAL.replace("amount: $1M", () => `amount: ${amount}`), 0);
        assert.ok(codes.includes("DS214"), `${amount}: ${codes.join(", ")}`);
      }
    }
  });

  it("a period (`every`) that is such a word is DS203, not a period", () => {
    for (const word of WORDS) {
      const codes = exercise(SMALL_DEAL.replace("every: month", () => `every: ${word}`), 0);
      assert.ok(codes.includes("DS203"), `every: ${word}: ${codes.join(", ")}`);
    }
  });

  it("a party role that is such a word completes in `by` without documentation of its own", () => {
    for (const word of WORDS) {
      const text = `${SMALL_DEAL.replace("provider: B}", () => `provider: B, ${word}: C}`)}termination:\n  - by: \n    notice: 90 days\n`;
      const offset = text.indexOf("by: ") + 4;
      const roles = complete(text, offset, analyze(text)).filter((c) => c.detail === "party role");
      const role = roles.find((c) => c.label === word);
      assert.ok(role, `${word} among ${roles.map((c) => c.label).join(", ")}`);
      assert.equal(role.documentation, undefined, `${word}'s documentation`);
    }
  });
});
