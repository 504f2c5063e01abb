/** `dealspec lint --format ...`: every format, validated against what its readers expect. */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { CODES } from "../../server/src/core";
import { run } from "../../server/src/cli/main";
import { deal, dealspec, golden, sarifValidator, tempDir } from "./support";

// One error (DS203), one warning (DS306), one info (DS401), and a label with a non-BMP character before the error.
const MIXED = {
  "bad.deal.yaml": deal("bad").replace("every: month", "every: monthly").replace("  - id: base\n", "  - id: base\n    label: \"😀 €\"\n") + "expect:\n  total: $12M\n",
  "warn.deal.yaml": deal("warn", "    basis: assumed\n"),
  "clean.deal.yaml": deal("clean"),
};

describe("lint --format sarif", () => {
  const { validate, errors } = sarifValidator();

  it("is valid SARIF 2.1.0, with rules and full regions", () => {
    const dir = tempDir(MIXED);
    const r = dealspec(["lint", "--format", "sarif"], dir, { DEALSPEC_DOCS_URL: "https://docs.example.com/dealspec/" });
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    const valid = validate(log);
    assert.ok(valid, errors());
    const run0 = log.runs[0];
    const rules = run0.tool.driver.rules as { id: string; shortDescription: { text: string }; helpUri: string }[];
    assert.deepEqual(rules.map((x) => x.id), Object.keys(CODES));
    const ds203 = rules.find((x) => x.id === "DS203")!;
    assert.equal(ds203.shortDescription.text, CODES.DS203.title);
    assert.equal(ds203.helpUri, "https://docs.example.com/dealspec/diagnostics.md#ds203");
    const results = run0.results as { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[];
    assert.deepEqual(results.map((x) => [x.ruleId, x.level]).sort(), [["DS203", "error"], ["DS306", "warning"], ["DS401", "note"]]);
    for (const x of results) assert.equal(rules[x.ruleIndex]!.id, x.ruleId);
    const err = results.find((x) => x.ruleId === "DS203")!;
    assert.equal(err.locations[0]!.physicalLocation.artifactLocation.uri, "bad.deal.yaml");
    const region = err.locations[0]!.physicalLocation.region;
    assert.deepEqual({ ...region }, { startLine: 10, startColumn: 12, endLine: 10, endColumn: 19, charOffset: region.charOffset!, charLength: 7 });
    assert.equal(MIXED["bad.deal.yaml"].slice(region.charOffset!, region.charOffset! + region.charLength!), "monthly");
    assert.equal(run0.invocations[0].executionSuccessful, true);
  });

  it("stays valid with input problems, which become tool notifications", () => {
    const dir = tempDir({ "a.deal.yaml": deal("a"), "bin.deal.yaml": new Uint8Array([0x64, 0, 0x65]) });
    const r = dealspec(["lint", "--format", "sarif"], dir);
    assert.equal(r.code, 2);
    const log = JSON.parse(r.stdout);
    const valid = validate(log);
    assert.ok(valid, errors());
    assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
    assert.match(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /bin\.deal\.yaml is a binary file/);
    assert.match(log.runs[0].tool.driver.rules[0].helpUri, /^file:\/\/.*\/docs\/diagnostics\.md#ds100$/);
  });
});

describe("lint --format github", () => {
  it("prints one workflow command per diagnostic, escaped", () => {
    const dir = tempDir(MIXED);
    const r = dealspec(["lint", "--format", "github"], dir);
    assert.equal(r.code, 1);
    golden("github.txt", r.stdout);
    assert.match(r.stdout, /^::error file=bad\.deal\.yaml,line=10,col=12,endLine=10,endColumn=19,title=DS203::`monthly` is not a period: write one of/m);
    assert.match(r.stdout, /^::warning file=warn\.deal\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=DS306::/m);
    assert.match(r.stdout, /^::notice file=bad\.deal\.yaml,.*title=DS401::/m);
  });

  it("escapes commas, colons and newlines in properties and messages", () => {
    const dir = tempDir({ "a,b:c.deal.yaml": deal("x").replace("every: month", "every: daily") });
    const r = dealspec(["lint", "--format", "github"], dir);
    assert.match(r.stdout, /^::error file=a%2Cb%3Ac\.deal\.yaml,line=9,/m);
  });
});

describe("lint --format junit", () => {
  it("has a suite per file: errors fail, a clean file passes", () => {
    const dir = tempDir(MIXED);
    const r = dealspec(["lint", "--format", "junit"], dir);
    assert.equal(r.code, 1);
    golden("junit.xml", r.stdout);
    assert.match(r.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="dealspec lint" tests="4" failures="1" errors="0">/);
    assert.equal((r.stdout.match(/<failure /g) ?? []).length, 1);
    assert.match(r.stdout, /<testsuite name="clean\.deal\.yaml" tests="1" failures="0"/);
    // Balanced, well-formed enough for report readers: every open tag closes.
    for (const tag of ["testsuites", "testsuite", "failure", "system-out"]) {
      assert.equal((r.stdout.match(new RegExp(`<${tag}[ >]`, "g")) ?? []).length, (r.stdout.match(new RegExp(`</${tag}>`, "g")) ?? []).length, tag);
    }
  });
});

describe("lint --format stylish", () => {
  it("groups by file with a code frame and a summary (golden, no colour)", () => {
    const dir = tempDir(MIXED);
    const r = dealspec(["lint", "--format", "stylish"], dir);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout, /\u001b\[/);
    golden("stylish.txt", r.stdout);
    assert.match(r.stdout, /✖ 3 problems \(1 error, 1 warning, 1 info\) in 2 files, 3 files checked$/m);
  });

  it("underlines the range under the right characters after a non-BMP character", () => {
    const dir = tempDir({ "e.deal.yaml": deal("e").replace("amount: $1M", 'amount: "😀"') });
    const r = dealspec(["lint", "--format", "stylish"], dir);
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.includes('amount: "😀"') && l.includes(">"));
    assert.ok(at > 0, r.stdout);
    const code = lines[at]!.indexOf("amount");
    const caret = lines[at + 1]!.indexOf("^");
    assert.equal(caret, code + "amount: ".length);
    assert.equal(lines[at + 1]!.trim().replace(/^\|\s*/, ""), "^^^", "one caret per character of `\"😀\"`");
  });

  it("colours only when asked: FORCE_COLOR, --color; NO_COLOR and --no-color turn it off", () => {
    const dir = tempDir(MIXED);
    assert.match(dealspec(["lint", "--format", "stylish"], dir, { FORCE_COLOR: "1" }).stdout, /\u001b\[31merror/);
    assert.match(dealspec(["lint", "--format", "stylish", "--color"], dir).stdout, /\u001b\[/);
    assert.doesNotMatch(dealspec(["lint", "--format", "stylish"], dir, { NO_COLOR: "1" }).stdout, /\u001b\[/);
    assert.doesNotMatch(dealspec(["lint", "--format", "stylish", "--no-color"], dir, { FORCE_COLOR: "1" }).stdout, /\u001b\[/);
    assert.doesNotMatch(dealspec(["lint", "--format", "stylish"], dir, { FORCE_COLOR: "0" }).stdout, /\u001b\[/);
  });

  it("is the default on a terminal, in colour unless NO_COLOR; human is the default otherwise", () => {
    const dir = tempDir(MIXED);
    const capture = (isTTY: boolean, env: Record<string, string> = {}) => {
      const out: string[] = [];
      const code = run(["lint"], { cwd: dir, out: (t) => out.push(t), err: () => {}, isTTY, env });
      return { code, text: out.join("\n") };
    };
    const tty = capture(true);
    assert.equal(tty.code, 1);
    assert.match(tty.text, /\u001b\[4mbad\.deal\.yaml\u001b\[24m/);
    assert.match(tty.text, /✖ 3 problems/);
    assert.doesNotMatch(capture(true, { NO_COLOR: "1" }).text, /\u001b\[/);
    const piped = capture(false);
    assert.match(piped.text, /^bad\.deal\.yaml:10:12 {2}error {2}DS203 {2}/m);
    assert.doesNotMatch(piped.text, /\u001b\[|✖/);
  });
});

describe("lint --format human", () => {
  it("is a named format, the same as the default when piped", () => {
    const dir = tempDir(MIXED);
    const named = dealspec(["lint", "--format", "human"], dir);
    const def = dealspec(["lint"], dir);
    assert.equal(named.stdout, def.stdout);
    assert.equal(named.stderr, def.stderr);
    assert.match(named.stderr, /^3 files checked: 1 error, 1 warning$/m);
  });
});

describe("lint --quiet and --max-warnings", () => {
  const files = { "w1.deal.yaml": deal("w1", "    basis: assumed\n"), "w2.deal.yaml": deal("w2", "    basis: assumed\n") };

  it("--quiet reports errors only", () => {
    const dir = tempDir(MIXED);
    const r = dealspec(["lint", "--quiet", "--format", "json"], dir);
    assert.equal(r.code, 1);
    const all = JSON.parse(r.stdout).flatMap((f: { diagnostics: { severity: string }[] }) => f.diagnostics.map((d) => d.severity));
    assert.deepEqual(all, ["error"]);
  });

  it("--max-warnings N fails with more than N warnings", () => {
    const dir = tempDir(files);
    assert.equal(dealspec(["lint"], dir).code, 0);
    assert.equal(dealspec(["lint", "--max-warnings", "2"], dir).code, 0);
    const over = dealspec(["lint", "--max-warnings", "1"], dir);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /2 warnings found, more than --max-warnings 1 allows/);
    assert.equal(dealspec(["lint", "--max-warnings", "0", "--quiet"], dir).code, 1, "warnings count even when --quiet hides them");
    assert.equal(dealspec(["lint", "--max-warnings", "-1"], dir).code, 2);
    assert.equal(dealspec(["lint", "--max-warnings", "lots"], dir).code, 2);
  });
});
