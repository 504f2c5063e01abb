/**
 * language-configuration.json: VS Code compiles its patterns as JavaScript
 * regular expressions and applies them line by line; these cases apply them the
 * same way to the lines of a deal file.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../support/paths";

const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const language = manifest.contributes.languages.find((l: { id: string }) => l.id === "dealspec");
const config = JSON.parse(readFileSync(path.join(ROOT, language.configuration), "utf8"));

interface OnEnterRule {
  beforeText: string;
  action: { indent: string; appendText?: string };
}

/** The action VS Code takes on Enter at the end of `line`: the first rule whose `beforeText` matches. */
function onEnter(line: string): OnEnterRule["action"] | undefined {
  return (config.onEnterRules as OnEnterRule[]).find((rule) => new RegExp(rule.beforeText).test(line))?.action;
}

describe("language configuration", () => {
  it("uses # line comments and YAML's flow brackets", () => {
    assert.equal(config.comments.lineComment, "#");
    assert.deepEqual(config.brackets, [["{", "}"], ["[", "]"]]);
  });

  it("folds by indentation", () => {
    assert.equal(config.folding.offSide, true);
  });

  it("has patterns that compile as JavaScript regular expressions (with and without the u flag)", () => {
    const patterns = [
      config.wordPattern,
      config.indentationRules.increaseIndentPattern,
      config.indentationRules.decreaseIndentPattern,
      ...(config.onEnterRules as OnEnterRule[]).map((r) => r.beforeText),
      config.folding.markers.start,
      config.folding.markers.end,
    ];
    for (const p of patterns) {
      assert.doesNotThrow(() => new RegExp(p, "g"), p);
      assert.doesNotThrow(() => new RegExp(p, "u"), p);
    }
  });

  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const cases: [string, boolean][] = [
    ["fees:", true],
    ["term:   # when it runs", true],
    ["  - id: base", false],
    ["  escalate:", true],
    ["  -", true],
    ["    note: >-", true],
    ["    note: |", true],
    ["  start: 2026-05-01", false],
    ["  source: https://example.com/filing", false],
    ["# fees:", false],
    ["    amount: $1.25B", false],
  ];
  for (const [line, expected] of cases) {
    it(`${expected ? "indents" : "does not indent"} after ${JSON.stringify(line)}`, () => {
      assert.equal(increase.test(line), expected);
      // Keys also have an on-enter rule (it wins over the indentation rules when it matches).
      if (line.includes(":")) assert.equal(onEnter(line)?.indent === "indent", expected);
    });
  }

  it("aligns the next key of a list item under its first key", () => {
    assert.deepEqual(onEnter("  - id: ramp"), { indent: "none", appendText: "  " });
    assert.deepEqual(onEnter("  - by: either"), { indent: "none", appendText: "  " });
    assert.equal(onEnter("    amount: $625M"), undefined);
  });

  it("continues a comment", () => {
    assert.deepEqual(onEnter("# The reduced ramp-up fee was not"), { indent: "none", appendText: "# " });
    assert.deepEqual(onEnter("  # indented note"), { indent: "none", appendText: "# " });
  });

  it("decreases the indent of a closing bracket on its own line", () => {
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    assert.ok(decrease.test("  }"));
    assert.ok(decrease.test("  ],"));
    assert.ok(!decrease.test("  amount: {value: $1B}"));
  });

  it("takes money, dates' digits and ids as whole words", () => {
    const words = (text: string) => text.match(new RegExp(config.wordPattern, "g"));
    assert.deepEqual(words("amount: $1.25B"), ["amount", "$1.25B"]);
    assert.deepEqual(words("deal: colossus-1"), ["deal", "colossus-1"]);
    assert.deepEqual(words("discount_rate: 8%"), ["discount_rate", "8%"]);
    assert.deepEqual(words("amount: 1,250,000"), ["amount", "1,250,000"]);
  });
});
