/** dealspec.config.yaml: the pure parser (core) and its use by `dealspec lint`. */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { compileIgnore, isIgnored, LineIndex, parseConfig } from "../../server/src/core";
import { deal, dealspec, tempDir } from "./support";

/** Problems as `line:col message` (1-based), for compact expectations. */
function problems(text: string): string[] {
  const index = new LineIndex(text);
  return parseConfig(text).problems.map((p) => {
    const pos = index.position(p.span.start);
    return `${pos.line + 1}:${pos.character + 1} ${p.message}`;
  });
}

describe("parseConfig", () => {
  it("reads rule settings and ignore globs", () => {
    const { config, problems: found } = parseConfig("rules:\n  DS306: off\n  DS217: error\nignore:\n  - drafts/\n  - \"archive/**\"\n");
    assert.deepEqual(found, []);
    assert.deepEqual([...config.rules], [["DS306", "off"], ["DS217", "error"]]);
    assert.deepEqual(config.ignore.map((i) => i.pattern), ["drafts/", "archive/**"]);
  });

  it("accepts an empty file or one with comments only", () => {
    assert.deepEqual(parseConfig("").problems, []);
    assert.deepEqual(parseConfig("# nothing yet\n\n").problems, []);
  });

  const cases: [string, string, RegExp][] = [
    ["unknown top-level key, with a suggestion", "rule:\n  DS306: off\n", /^1:1 Unknown key `rule` in the configuration: did you mean `rules`\?/],
    ["unknown code, with a suggestion", "rules:\n  DS9999: off\n", /^2:3 `DS9999` is not a Dealspec diagnostic code/],
    ["lower-case code", "rules:\n  ds306: off\n", /^2:3 `ds306` is not a Dealspec diagnostic code: did you mean `DS306`\?/],
    ["bad setting, with a suggestion", "rules:\n  DS306: warn\n", /^2:10 `warn` is not a rule setting: write `off`, `info`, `warning` or `error` \(did you mean `warning`\?\)/],
    ["boolean setting", "rules:\n  DS306: false\n", /^2:10 `false` is not a rule setting/],
    ["a syntax code cannot be turned down", "rules:\n  DS100: off\n", /^2:10 DS100 \(Invalid YAML\) means the file cannot be read, so it stays an error/],
    ["rules not a mapping", "rules: [DS306]\n", /^1:8 Write `rules` as a mapping/],
    ["ignore not a list", "ignore: drafts\n", /^1:9 Write `ignore` as a list of globs/],
    ["ignore entry not a string", "ignore:\n  - 3\n", /^2:5 Write each ignore entry as a non-empty glob string/],
    ["unbalanced brace", "ignore:\n  - \"{a,b\"\n", /^2:5 `\{a,b` is not a valid glob: a `\{` has no matching `\}`/],
    ["invalid YAML", "rules: [\n", /^\d+:\d+ Invalid YAML/],
    ["top level not a mapping", "- DS306\n", /^1:1 A configuration file is a mapping with the keys `rules`, `ignore` and `policies`/],
  ];
  for (const [name, text, expected] of cases) {
    it(`reports ${name}`, () => {
      const found = problems(text);
      assert.equal(found.length, 1, found.join("\n"));
      assert.match(found[0]!, expected);
    });
  }

  it("keeps the valid entries of a file with problems", () => {
    const { config, problems: found } = parseConfig("rules:\n  DS306: off\n  DS999: off\nignore: [ok/, \"[bad\"]\n");
    assert.equal(found.length, 2);
    assert.deepEqual([...config.rules.keys()], ["DS306"]);
    assert.deepEqual(config.ignore.map((i) => i.pattern), ["ok/"]);
  });
});

describe("ignore globs", () => {
  const cases: [string[], string, boolean][] = [
    [["drafts/"], "drafts/a.deal.yaml", true],
    [["drafts/"], "x/drafts/a.deal.yaml", true],
    [["drafts/"], "drafts.deal.yaml", false],
    [["/drafts"], "x/drafts/a.deal.yaml", false],
    [["archive/**"], "archive/2025/a.deal.yaml", true],
    [["archive/**"], "x/archive/a.deal.yaml", false],
    [["*.old.deal.yaml"], "deep/er/a.old.deal.yaml", true],
    [["*.old.deal.yaml"], "a.deal.yaml", false],
    [["a/*/c.deal.yaml"], "a/b/c.deal.yaml", true],
    [["a/*/c.deal.yaml"], "a/b/x/c.deal.yaml", false],
    [["a/**/c.deal.yaml"], "a/c.deal.yaml", true],
    [["a/**/c.deal.yaml"], "a/b/x/c.deal.yaml", true],
    [["{x,y}.deal.yaml"], "y.deal.yaml", true],
    [["[ab].deal.yaml"], "b.deal.yaml", true],
    [["[!ab].deal.yaml"], "b.deal.yaml", false],
    [["?.deal.yaml"], "c.deal.yaml", true],
    [["drafts/", "!drafts/keep.deal.yaml"], "drafts/keep.deal.yaml", false],
    [["drafts/", "!drafts/keep.deal.yaml"], "drafts/other.deal.yaml", true],
    [["a.deal.yaml"], "a+deal+yaml", false],
  ];
  for (const [patterns, file, expected] of cases) {
    it(`${patterns.join(", ")} ${expected ? "ignores" : "keeps"} ${file}`, () => {
      const ignore = patterns.map((p) => {
        const c = compileIgnore(p);
        assert.notEqual(typeof c, "string", String(c));
        return c as Exclude<typeof c, string>;
      });
      assert.equal(isIgnored({ rules: new Map(), ignore }, file), expected);
    });
  }
});

describe("lint with dealspec.config.yaml", () => {
  const warn = deal("w", "    basis: assumed\n");
  const err = deal("e").replace("every: month", "every: weekly");

  it("uses the nearest configuration, walking up from each file", () => {
    const dir = tempDir({
      "dealspec.config.yaml": "rules:\n  DS306: error\nignore:\n  - drafts/\n",
      "a/w.deal.yaml": warn,
      "a/drafts/e.deal.yaml": err,
      "b/dealspec.config.yaml": "rules:\n  DS306: off\n",
      "b/w.deal.yaml": warn,
      "b/drafts/e.deal.yaml": err,
    });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 1, r.stderr);
    const byFile = Object.fromEntries(JSON.parse(r.stdout).map((f: { file: string; diagnostics: { code: string; severity: string }[] }) => [f.file, f.diagnostics.map((d) => `${d.code} ${d.severity}`)]));
    assert.deepEqual(byFile, {
      "a/w.deal.yaml": ["DS306 error"],
      "b/drafts/e.deal.yaml": ["DS203 error"],
      "b/w.deal.yaml": [],
    });
  });

  it("--config replaces the search", () => {
    const dir = tempDir({ "dealspec.config.yaml": "rules:\n  DS306: error\n", "quiet.yaml": "rules:\n  DS306: off\n", "w.deal.yaml": warn });
    assert.equal(dealspec(["lint"], dir).code, 1);
    const r = dealspec(["lint", "--config", "quiet.yaml", "--format", "json"], dir);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout)[0].diagnostics, []);
  });

  it("reports an invalid configuration with its position and exits 2, still linting", () => {
    const dir = tempDir({ "dealspec.config.yaml": "rules:\n  DS306: of\n", "w.deal.yaml": warn });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^dealspec: dealspec\.config\.yaml:2:10 {2}error {2}DS803 {2}`of` is not a rule setting.*did you mean `off`\?/m);
    assert.equal(JSON.parse(r.stdout)[0].diagnostics[0].code, "DS306");
  });

  it("says so when a file named on the command line is ignored", () => {
    const dir = tempDir({ "dealspec.config.yaml": "ignore: [\"old-*\"]\n", "old-e.deal.yaml": err, "w.deal.yaml": warn });
    const r = dealspec(["lint", "old-e.deal.yaml", "w.deal.yaml"], dir);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /old-e\.deal\.yaml is ignored by .*dealspec\.config\.yaml/);
  });
});
