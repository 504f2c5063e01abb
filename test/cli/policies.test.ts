/**
 * Review gates from the command line: `dealspec lint` checks the value limits
 * of the policies, `dealspec diff` both kinds, each breach reported like a
 * diagnostic in every format and setting the exit code by its severity; and
 * the Markdown comment of `diff` (golden files, including a cut one).
 */
import { strict as assert } from "node:assert";
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { FIXTURES } from "../support/paths";
import { deal, dealspec, git, gitRepo, golden, sarifValidator, tempDir } from "./support";

const VALUES = path.join(FIXTURES, "policies", "values");
const CHANGES = path.join(FIXTURES, "policies", "changes");

/** A repository whose `main` has the `changes` case's base/ files and configuration, on a branch with the files as they are now. */
function changesRepo(): string {
  const dir = tempDir();
  cpSync(path.join(CHANGES, "base"), dir, { recursive: true });
  cpSync(path.join(CHANGES, "dealspec.config.yaml"), path.join(dir, "dealspec.config.yaml"));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  git(dir, "checkout", "-q", "-b", "feature");
  for (const f of readdirSync(CHANGES).filter((x) => x.endsWith(".yaml"))) cpSync(path.join(CHANGES, f), path.join(dir, f));
  return dir;
}

/** The commit a report names changes from run to run. */
const stable = (s: string) => s.replace(/\(([0-9a-f]{7})\)/g, "(BASE)");

describe("lint checks the value limits of policies", () => {
  it("reports each breach on the figure's line, with the limit and the value, and exits by severity", () => {
    const r = dealspec(["lint", "--format", "human", "cloud.deal.yaml", "book.portfolio.yaml"], VALUES);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split("\n");
    assert.ok(lines.includes("cloud.deal.yaml:8:12  error  DS820  `per_gpu_hour` is $2.74, above the policy's `max` of $2.50 (dealspec.config.yaml:8)."), r.stdout);
    assert.ok(lines.includes("cloud.deal.yaml:21:5  warning  DS820  `assumed_share` is 50%, above the policy's `max` of 40% (dealspec.config.yaml:5)."));
    assert.ok(lines.includes("book.portfolio.yaml:4:1  error  DS820  `hhi` is 6,800.00, above the policy's `max` of 5,000 (dealspec.config.yaml:22)."));
    assert.match(r.stderr, /2 files checked: 6 errors, 2 warnings/);
  });

  it("passes a file whose breaches are warnings, fails it with --max-warnings 0, and leaves change limits to diff", () => {
    const dir = tempDir({
      "dealspec.config.yaml": "policies:\n  - figure: total\n    max: $10M\n    severity: warning\n  - figure: total\n    max_increase: 0%\n",
      "a.deal.yaml": deal("a"),
    });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 0, r.stderr);
    const [file] = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string; line: number; related: { file: string; line: number }[] }[] }[];
    assert.deepEqual(
      file!.diagnostics.map((d) => [d.code, d.severity, d.line, d.related[0]!.file, d.related[0]!.line]),
      [["DS820", "warning", 6, "dealspec.config.yaml", 2]],
    );
    assert.equal(dealspec(["lint", "--max-warnings", "0"], dir).code, 1);
  });

  it("says so in SARIF (with the policy as a related location), GitHub annotations, JUnit and stylish", () => {
    const sarif = dealspec(["lint", "--format", "sarif", "cloud.deal.yaml"], VALUES);
    const log = JSON.parse(sarif.stdout);
    const { validate, errors } = sarifValidator();
    assert.ok(validate(log), errors());
    const result = (log.runs[0].results as { ruleId: string; level: string; message: { text: string }; relatedLocations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[]).find((x) => x.message.text.startsWith("`total`"))!;
    assert.equal(result.ruleId, "DS820");
    assert.equal(result.level, "error");
    assert.equal(result.relatedLocations[0]!.physicalLocation.artifactLocation.uri, "dealspec.config.yaml");
    assert.equal(result.relatedLocations[0]!.physicalLocation.region.startLine, 3);

    const gh = dealspec(["lint", "--format", "github", "cloud.deal.yaml"], VALUES).stdout;
    assert.match(gh, /^::error file=cloud\.deal\.yaml,line=13,col=1,endLine=13,endColumn=5,title=DS820::`total` is \$24%2C000%2C000\.00|^::error file=cloud\.deal\.yaml,line=13,col=1,endLine=13,endColumn=5,title=DS820::`total` is \$24,000,000\.00/m);
    assert.match(gh, /^::warning file=cloud\.deal\.yaml,line=21,col=5,.*title=DS820::`assumed_share` is 50%25/m);
    assert.match(gh, /^::notice file=cloud\.deal\.yaml,line=11,.*title=DS820::`shortfall`/m);

    const junit = dealspec(["lint", "--format", "junit", "cloud.deal.yaml"], VALUES).stdout;
    assert.match(junit, /<testcase classname="cloud\.deal\.yaml" name="DS820 13:1"><failure message="`total` is \$24,000,000\.00, above the policy&#39;s|<testcase classname="cloud\.deal\.yaml" name="DS820 13:1"><failure message="`total` is \$24,000,000\.00, above the policy's/);

    const stylish = dealspec(["lint", "--format", "stylish", "cloud.deal.yaml"], VALUES).stdout;
    assert.match(stylish, /↳ dealspec\.config\.yaml:8:5 {2}the policy on `per_gpu_hour`/);
  });

  it("exits 2 for a configuration with a problem in its policies, and still lints with the valid ones", () => {
    const dir = tempDir({ "dealspec.config.yaml": "policies:\n  - figure: totl\n    max: $1M\n  - figure: total\n    max: $1M\n", "a.deal.yaml": deal("a") });
    const r = dealspec(["lint", "--format", "human"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^dealspec: dealspec\.config\.yaml:2:13 {2}error {2}DS806 {2}`totl` is not a figure a policy can limit: did you mean `total`\?/m);
    assert.match(r.stdout, /^a\.deal\.yaml:6:1 {2}error {2}DS820 /m);
  });
});

interface DiffJson {
  summary: Record<string, number>;
  breaches: { file: string; line: number; code: string; severity: string; figure: string; scenario: string | null; limit: { kind: string; value: string }; value: string | null; before: string | null; change: string | null }[];
}

describe("diff checks value and change limits", () => {
  it("lists every breach in its JSON, exits 1 on an error, and checks portfolios at both revisions", () => {
    const dir = changesRepo();
    const r = dealspec(["diff", "--format", "json"], dir);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout) as DiffJson;
    const rows = j.breaches.map((b) => `${b.file}:${b.line} ${b.code} ${b.severity} ${b.figure}${b.scenario ? `@${b.scenario}` : ""} ${b.limit.kind} ${b.limit.value}`).sort();
    assert.deepEqual(rows, [
      "book.portfolio.yaml:4 DS821 error hhi max_increase 100",
      "book.portfolio.yaml:4 DS821 warning total max_decrease $1M",
      "currency.deal.yaml:7 DS823 error npv max_decrease 2%",
      "currency.deal.yaml:9 DS823 error total max_increase 5%",
      "currency.deal.yaml:9 DS823 warning total max_decrease $1M",
      "fresh.deal.yaml:12 DS820 error per_gpu_hour max $3",
      "grow.deal.yaml:8 DS821 error total max_increase 5%",
      "mixed.deal.yaml:15 DS821 warning assumed_share max_increase 10%",
      "mixed.deal.yaml:19 DS821 error exit_exposure max_increase $500k",
      "mixed.deal.yaml:23 DS821 error exit_exposure@dearer max_increase $500k",
      "shrink.deal.yaml:7 DS821 error npv max_decrease 2%",
      "shrink.deal.yaml:9 DS821 warning total max_decrease $1M",
    ]);
    const grow = j.breaches.find((b) => b.file === "grow.deal.yaml")!;
    assert.deepEqual([grow.value, grow.before, grow.change], ["$13,200,000.00", "$12,000,000.00", "+$1,200,000.00 (+10.00%)"]);
  });

  it("prints the breaches alone in the lint formats", () => {
    const dir = changesRepo();
    const gh = dealspec(["diff", "--format", "github"], dir);
    assert.equal(gh.code, 1);
    assert.match(gh.stdout, /^::error file=grow\.deal\.yaml,line=8,col=1,endLine=8,endColumn=5,title=DS821::`total` rose by \$1%2C200%2C000\.00 \(\+10\.00%25\)|^::error file=grow\.deal\.yaml,line=8,col=1,endLine=8,endColumn=5,title=DS821::`total` rose by \$1,200,000\.00 \(\+10\.00%25\)/m);
    assert.equal(gh.stdout.trim().split("\n").length, 12);
    const sarif = JSON.parse(dealspec(["diff", "--format", "sarif"], dir).stdout);
    const { validate, errors } = sarifValidator();
    assert.ok(validate(sarif), errors());
    assert.equal(sarif.runs[0].results.length, 12);
    const junit = dealspec(["diff", "--format", "junit"], dir).stdout;
    assert.match(junit, /<testsuites name="dealspec lint" tests="\d+" failures="8" errors="0">/);
    const human = dealspec(["diff", "--format", "human"], dir);
    assert.match(human.stdout, /^shrink\.deal\.yaml:7:1 {2}error {2}DS821 {2}`npv` fell by \$2,347,406\.06 \(-20\.00%\)/m);
    assert.match(human.stderr, /files checked against the policies: 8 errors, 4 warnings/);
    assert.match(dealspec(["diff", "--format", "stylish"], dir).stdout, /✖ 12 problems \(8 errors, 4 warnings\)/);
  });

  it("exits 0 without policies or with warnings only, and 2 with an invalid configuration", () => {
    const dir = changesRepo();
    rmSync(path.join(dir, "dealspec.config.yaml"));
    const none = dealspec(["diff", "--format", "json"], dir);
    assert.equal(none.code, 0, none.stderr);
    assert.deepEqual((JSON.parse(none.stdout) as DiffJson).breaches, []);
    writeFileSync(path.join(dir, "warn.yaml"), "policies:\n  - figure: total\n    max_decrease: $1M\n    severity: warning\n");
    const warn = dealspec(["diff", "--config", "warn.yaml", "--format", "json"], dir);
    assert.equal(warn.code, 0, warn.stderr);
    assert.equal((JSON.parse(warn.stdout) as DiffJson).breaches.length, 3);
    writeFileSync(path.join(dir, "dealspec.config.yaml"), "policies:\n  - figure: total\n    max_increase: five\n");
    const bad = dealspec(["diff"], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /dealspec\.config\.yaml:3:19 {2}error {2}DS807 {2}`five` is not a limit of `total`/);
    assert.match(bad.stdout, /^<!-- dealspec-diff -->/, "the report is still printed");
  });
});

describe("diff --format markdown", () => {
  it("leads with the breached policies, then a table per deal, scenarios and terms apart, the schedule folded", () => {
    const r = dealspec(["diff"], changesRepo());
    assert.equal(r.code, 1);
    golden("diff-policies.md", stable(r.stdout));
  });

  /** A repository of `n` deals of quarterly fees on main, each changed on the branch (one also breaches a policy). */
  function manyDeals(n: number): string {
    const files: Record<string, string> = { "dealspec.config.yaml": "policies:\n  - figure: total\n    max_increase: 50%\n" };
    for (let i = 0; i < n; i++) files[`deals/d${String(i).padStart(3, "0")}.deal.yaml`] = deal(`d${i}`).replace("every: month", "every: quarter");
    const dir = gitRepo(files);
    git(dir, "checkout", "-q", "-b", "feature");
    for (let i = 0; i < n; i++) {
      const file = path.join(dir, `deals/d${String(i).padStart(3, "0")}.deal.yaml`);
      writeFileSync(file, readFileSync(file, "utf8").replace("amount: $1M", `amount: $${i === 3 ? 2 : 1}.${String(i + 1).padStart(3, "0")}M`));
    }
    return dir;
  }

  it("at many deals: a summary table, each deal's tables folded", () => {
    const r = dealspec(["diff"], manyDeals(12));
    assert.equal(r.code, 1);
    golden("diff-many.md", stable(r.stdout));
  });

  it("cuts the comment at --max-chars, with a note of what is left out", () => {
    const r = dealspec(["diff", "--max-chars", "4000"], manyDeals(12));
    assert.ok(r.stdout.length <= 4000 + 1, `${r.stdout.length} characters`);
    golden("diff-truncated.md", stable(r.stdout));
  });

  it("stays within GitHub's 65,536 characters at 300 changed deals", () => {
    const r = dealspec(["diff"], manyDeals(300));
    assert.equal(r.code, 1, r.stderr);
    // io.out adds the final newline.
    assert.ok(r.stdout.length <= 65_536 + 1, `${r.stdout.length} characters`);
    assert.match(r.stdout, /^300 deals compared: 300 changed, 0 added, 0 removed, 0 unchanged\. \*\*1 policy breach\*\* \(1 error\)\.$/m);
    assert.match(r.stdout, /^- \*\*error\*\* `DS821` `deals\/d003\.deal\.yaml:6`: `total` rose by/m, "the breach comes first");
    assert.match(r.stdout, /\n> \*\*This comment is cut short\*\* to stay within GitHub's limit of 65,536 characters for a comment; left out: the tables of \d+ deals\./);
    assert.equal(dealspec(["diff", "--max-chars", "10"], manyDeals(1)).code, 2, "too small a limit is a usage error");
  });
});
