/**
 * Every diagnostic that rejects a value quotes what was written, so that a
 * line of `dealspec lint` is clear without the editor's underline: over every
 * deal fixture, the message of each value-rejecting code holds the source text
 * of its range in backticks (shortened as `quoted` shortens it, on one line,
 * without YAML's quotes), or, for a unit price, its amount or its unit.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze } from "../../server/src/core";
import { quoted } from "../../server/src/core/values";
import { FIXTURES } from "../support/paths";

/** The codes whose diagnostics reject a value the file wrote. */
const VALUE_CODES = new Set(["DS202", "DS203", "DS205", "DS210", "DS211", "DS212", "DS213", "DS214", "DS215", "DS216", "DS217", "DS218", "DS219", "DS220", "DS221", "DS222", "DS230", "DS231", "DS232"]);

function forms(source: string): string[] {
  const one = source.replace(/\s+/g, " ").trim();
  const bare = one.replace(/^(["'])(.*)\1$/, "$2");
  if (bare === "") return [];
  const out = [one, bare];
  const per = /^(.*?)\s+per\s+(.*)$/.exec(bare);
  if (per) out.push(per[1]!, per[2]!);
  return out.filter((f) => f !== "").map(quoted);
}

describe("value-rejecting diagnostics quote the value", () => {
  const dir = path.join(FIXTURES, "diagnostics");
  const files = readdirSync(dir).filter((f) => f.endsWith(".deal.yaml"));
  let checked = 0;
  for (const file of files) {
    it(file, () => {
      const text = readFileSync(path.join(dir, file), "utf8");
      for (const d of analyze(text).diagnostics) {
        if (!VALUE_CODES.has(d.code)) continue;
        const source = text.slice(d.span.start, d.span.end);
        const expected = forms(source);
        if (expected.length === 0) continue; // nothing written (`""`, an empty value)
        checked++;
        assert.ok(
          expected.some((q) => d.message.includes(q)),
          `${file}: ${d.code} on ${JSON.stringify(source)} does not quote it: ${d.message}`,
        );
      }
    });
  }
  it("checked diagnostics of most value-rejecting codes", () => assert.ok(checked > 80, `only ${checked} checked`));
});
