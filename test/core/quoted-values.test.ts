/**
 * Every diagnostic that rejects a value quotes what was written, so that a
 * line of `dealspec lint` is clear without the editor's underline: over every
 * deal fixture, and every portfolio fixture and the deal files beside it, the
 * message of each value-rejecting code holds the source text of its range in
 * backticks (shortened as `quoted` shortens it, on one line, without YAML's
 * quotes), or, for a unit price, its amount or its unit.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, analyzePortfolio, type Diagnostic } from "../../server/src/core";
import { fileHost, fileLocation } from "../../server/src/cli/host";
import { quoted } from "../../server/src/core/values";
import { FIXTURES } from "../support/paths";
import { portfolioFiles } from "../support/portfolioFixtures";

/** The codes whose diagnostics reject a value the file wrote. */
const VALUE_CODES = new Set(["DS506", "DS202", "DS203", "DS205", "DS210", "DS211", "DS212", "DS213", "DS214", "DS215", "DS216", "DS217", "DS218", "DS219", "DS220", "DS221", "DS222", "DS230", "DS231", "DS232"]);

function forms(source: string): string[] {
  const one = source.replace(/\s+/g, " ").trim();
  const bare = one.replace(/^(["'])(.*)\1$/, "$2");
  if (bare === "") return [];
  const out = [one, bare];
  const per = /^(.*?)\s+per\s+(.*)$/.exec(bare);
  if (per) out.push(per[1]!, per[2]!);
  return out.filter((f) => f !== "").map(quoted);
}

/** The value-rejecting diagnostics of `text` that do not quote what their range holds; counts those checked in `checked`. */
function unquoted(text: string, diagnostics: readonly Diagnostic[], checked: { n: number }): string[] {
  const out: string[] = [];
  for (const d of diagnostics) {
    if (!VALUE_CODES.has(d.code)) continue;
    const source = text.slice(d.span.start, d.span.end);
    const expected = forms(source);
    if (expected.length === 0) continue; // nothing written (`""`, an empty value)
    checked.n++;
    if (!expected.some((q) => d.message.includes(q))) out.push(`${d.code} on ${JSON.stringify(source)} does not quote it: ${d.message}`);
  }
  return out;
}

describe("value-rejecting diagnostics quote the value", () => {
  const dir = path.join(FIXTURES, "diagnostics");
  const files = readdirSync(dir).filter((f) => f.endsWith(".deal.yaml"));
  const checked = { n: 0 };
  for (const file of files) {
    it(file, () => {
      const text = readFileSync(path.join(dir, file), "utf8");
      assert.deepEqual(unquoted(text, analyze(text).diagnostics, checked), [], file);
    });
  }
  it("checked diagnostics of most value-rejecting codes", () => assert.ok(checked.n > 80, `only ${checked.n} checked`));
});

describe("value-rejecting diagnostics quote the value in portfolio fixtures", () => {
  const dir = path.join(FIXTURES, "portfolio");
  const checked = { n: 0, codes: new Set<string>() };
  for (const file of portfolioFiles(dir)) {
    it(path.relative(dir, file), () => {
      const text = readFileSync(file, "utf8");
      const diagnostics = analyzePortfolio(text, fileLocation(file), fileHost()).diagnostics;
      for (const d of diagnostics) if (VALUE_CODES.has(d.code)) checked.codes.add(d.code);
      assert.deepEqual(unquoted(text, diagnostics, checked), [], file);
    });
  }
  const deals = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".deal.yaml")).sort();
  for (const file of deals) {
    it(file, () => {
      const text = readFileSync(path.join(dir, file), "utf8");
      assert.deepEqual(unquoted(text, analyze(text).diagnostics, checked), [], file);
    });
  }
  it("checked the portfolio files' own value-rejecting codes, exchange rates among them", () => {
    assert.ok(checked.codes.has("DS506") && checked.codes.size >= 3, `only ${[...checked.codes].join(", ")}`);
    assert.ok(checked.n > 10, `only ${checked.n} checked`);
  });
});
