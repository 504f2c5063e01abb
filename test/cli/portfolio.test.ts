/**
 * Portfolio files through the built CLI, as a process: `totals` (JSON and
 * readable), `lint` in every format with the exact ranges the fixtures
 * annotate, exit codes, configuration, mixed deal and portfolio arguments.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzePortfolio, CODES, LineIndex } from "../../server/src/core";
import { fileHost, fileLocation } from "../../server/src/cli/host";
import { FIXTURES, ROOT } from "../support/paths";
import { annotations } from "../support/portfolio-annotations";
import { deal, dealspec, gitRepo, golden, sarifValidator, tempDir, writeFiles } from "./support";

const PORTFOLIOS = path.join(FIXTURES, "portfolio");
const SAMPLE = "samples/anthropic-compute.portfolio.yaml";

/** Every file below a folder whose name matches, relative to that folder, sorted. */
function filesBelow(dir: string, re: RegExp): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => re.test(f))
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related?: { file: string; message: string; line: number; column: number; endLine: number; endColumn: number }[];
}

type LintJson = { file: string; diagnostics: JsonDiagnostic[] }[];

const key = (d: { code: string; line: number; column: number; endLine: number; endColumn: number }) => `${d.code} ${d.line}:${d.column}-${d.endLine}:${d.endColumn}`;

/** The annotated diagnostics of a portfolio fixture as `CODE line:col-endLine:endCol`, sorted. */
function annotated(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const index = new LineIndex(text);
  return annotations(text)
    .map((a) => {
      const s = index.position(a.start);
      const e = index.position(a.end);
      return key({ code: a.code, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 });
    })
    .sort();
}

const PORTFOLIO = (id: string, includes: string[], extra = "") => `portfolio: ${id}\ninclude:\n${includes.map((i) => `  - ${i}\n`).join("")}${extra}`;

describe("dealspec totals on portfolio files", () => {
  it("--json prints the sample's figures, as its arithmetic and expectations state them", () => {
    const r = dealspec(["totals", "--json", SAMPLE], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const j = JSON.parse(r.stdout);
    // The figures worked out in the sample's comment and pinned by its `expect:` (docs/portfolio.md).
    assert.equal(j.portfolio, "anthropic-compute");
    assert.equal(j.currency, "USD");
    assert.equal(j.total, "2041070480000.00");
    assert.equal(j.firm_commitment, "1998489834838.71");
    assert.equal(j.hhi, "4429.53");
    assert.deepEqual(j.years, {
      "2026": "19750000000.00",
      "2027": "319000000000.00",
      "2028": "422200000000.00",
      "2029": "516866000000.00",
      "2030": "518254480000.00",
      "2031": "245000000000.00",
    });
    const providers = Object.entries(j.providers as Record<string, { total: string; percent: string; share: string }>).map(([name, p]) => [name, p.total, p.percent]);
    assert.deepEqual(providers, [
      ["Google", "1004070480000.00", "49.19"],
      ["Amazon", "912000000000.00", "44.68"],
      ["Fluidstack", "50000000000.00", "2.45"],
      ["SpaceX", "45000000000.00", "2.20"],
      ["Microsoft", "30000000000.00", "1.47"],
    ]);
    assert.equal(j.providers.Google.share, "0.491933");
    assert.equal(j.deals["colossus-1"].firm_commitment, "2419354838.71");
    assert.deepEqual(j.capacity["2026"], { mw: "300", gpus: 220000, deals: ["colossus-1"] });
    // Amazon ramps by capacity steps: 1 GW in 2027, 3 GW in 2028, 5 GW from 2029; each year counts the largest in force.
    assert.equal(j.capacity["2027"].mw, "6300");
    assert.equal(j.capacity["2029"].mw, "10300");
    assert.deepEqual(j.excluded, []);
  });

  // Every fixture with a hand-written `NAME.figures.json` (the arithmetic in its comments): the CLI prints exactly that.
  for (const name of filesBelow(PORTFOLIOS, /\.figures\.json$/)) {
    it(`--json equals ${name}`, () => {
      const file = path.join("portfolio", name.replace(/\.figures\.json$/, ".portfolio.yaml"));
      const r = dealspec(["totals", "--json", file]);
      assert.deepEqual(JSON.parse(r.stdout), JSON.parse(readFileSync(path.join(PORTFOLIOS, name), "utf8")));
      const hasError = annotations(readFileSync(path.join(FIXTURES, file), "utf8")).some((a) => CODES[a.code as keyof typeof CODES].severity === "error");
      assert.equal(r.code, hasError ? 1 : 0, r.stderr);
    });
  }

  it("prints the readable figures: total, firm commitment, HHI, years, providers with shares, capacity in force (golden)", () => {
    const r = dealspec(["totals", SAMPLE], ROOT);
    assert.equal(r.code, 0, r.stderr);
    golden("portfolio-totals.txt", r.stdout);
    assert.match(r.stdout, /^ {2}total +\$2,041,070,480,000\.00$/m);
    assert.match(r.stdout, /^ {2}firm commitment +\$1,998,489,834,838\.71 \(97\.91% of the total\)$/m);
    assert.match(r.stdout, /^ {2}HHI +4,429\.53$/m);
    assert.match(r.stdout, /^ {4}Google +\$1,004,070,480,000\.00 +49\.19% /m);
    assert.match(r.stdout, /^ {4}2027 +6,300 MW +220,000 GPUs +colossus-1, amazon-capacity, google-broadcom$/m);
    assert.match(r.stdout, /^ {4}2028 +8,300 MW +220,000 GPUs +colossus-1, amazon-capacity, google-broadcom$/m);
  });

  it("a portfolio whose deal has errors: figures without it, a note on stderr, exit 1", () => {
    const r = dealspec(["totals", "--json", "portfolio/errors/main.portfolio.yaml"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /main\.portfolio\.yaml has 1 error \(run `dealspec lint portfolio\/errors\/main\.portfolio\.yaml`\)/);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.excluded, [{ file: "broken.deal.yaml", deal: "broken", reason: "errors" }]);
    assert.deepEqual(Object.keys(j.deals), ["ok"]);
    assert.equal(j.total, j.deals.ok.total);
    const text = dealspec(["totals", "portfolio/errors/main.portfolio.yaml"]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^ {2}left out\n {4}broken\.deal\.yaml +broken +has errors$/m);
  });

  it("mixed deal and portfolio arguments print in argument order; one file prints an object", () => {
    const dir = tempDir({
      "a.deal.yaml": deal("a"),
      "b.deal.yaml": deal("b").replace("provider: B", "provider: C"),
      "p.portfolio.yaml": PORTFOLIO("p", ["a.deal.yaml", "b.deal.yaml"]),
    });
    const r = dealspec(["totals", "--json", "b.deal.yaml", "p.portfolio.yaml", "a.deal.yaml"], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { deal?: string; portfolio?: string; total: string }[];
    assert.deepEqual(out.map((o) => o.deal ?? `portfolio ${o.portfolio}`), ["b", "portfolio p", "a"]);
    assert.equal(out[1]!.total, "24000000.00");
    assert.equal(JSON.parse(dealspec(["totals", "--json", "p.portfolio.yaml"], dir).stdout).portfolio, "p");
    const text = dealspec(["totals", "a.deal.yaml", "p.portfolio.yaml"], dir);
    assert.match(text.stdout, /^a\.deal\.yaml: a\n[\s\S]*\n\np\.portfolio\.yaml: p\n {2}currency +USD\n {2}deals +2 counted\n/);
    const folder = JSON.parse(dealspec(["totals", "--json", "."], dir).stdout) as { deal?: string; portfolio?: string }[];
    assert.deepEqual(folder.map((o) => o.deal ?? o.portfolio), ["a", "b", "p"], "a folder gives its deal and portfolio files");
  });

  it("an included deal that cannot be read is an input problem (exit 2)", () => {
    const dir = tempDir({ "bin.deal.yaml": new Uint8Array([0x64, 0, 0x65]), "p.portfolio.yaml": PORTFOLIO("p", ["bin.deal.yaml"]) });
    const r = dealspec(["totals", "--json", "p.portfolio.yaml"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bin\.deal\.yaml is a binary file .*\(a portfolio includes it\)/);
  });
});

describe("dealspec lint on portfolio files", () => {
  const run = dealspec(["lint", "--format", "json", "portfolio"]);
  const report = JSON.parse(run.stdout) as LintJson;
  const byFile = new Map(report.map((f) => [f.file, f.diagnostics]));

  it("lints every portfolio and deal file of a folder, and exits 1 on their errors", () => {
    assert.equal(run.code, 1, run.stderr);
    // Hidden files and folders are left out, as in every folder search.
    const expected = filesBelow(PORTFOLIOS, /\.(deal|portfolio)\.ya?ml$/)
      .filter((f) => !/(^|\/)\./.test(f))
      .map((f) => `portfolio/${f}`);
    assert.deepEqual([...byFile.keys()].sort(), expected);
  });

  // Each portfolio fixture annotates its diagnostics' exact ranges; the CLI reports exactly those, in lines and columns.
  for (const name of filesBelow(PORTFOLIOS, /\.portfolio\.yaml$/)) {
    it(`reports the annotated diagnostics of ${name}`, () => {
      const actual = (byFile.get(`portfolio/${name}`) ?? []).map(key).sort();
      assert.deepEqual(actual, annotated(path.join(PORTFOLIOS, name)));
    });
  }

  it("covers every portfolio code (DS5xx)", () => {
    const seen = new Set(report.flatMap((f) => f.diagnostics.map((d) => d.code)));
    for (const code of Object.keys(CODES).filter((c) => c.startsWith("DS5"))) assert.ok(seen.has(code), `${code} is reported`);
  });

  it("points DS504 at the included deal's first error, in that file", () => {
    const d = byFile.get("portfolio/errors/main.portfolio.yaml")!.find((x) => x.code === "DS504")!;
    assert.deepEqual(d.related, [
      { file: "portfolio/errors/broken.deal.yaml", message: d.related![0]!.message, line: 8, column: 13, endLine: 8, endColumn: 16 },
    ]);
    assert.match(d.related![0]!.message, /^DS214: /);
    const broken = byFile.get("portfolio/errors/broken.deal.yaml")!.map(key);
    assert.ok(broken.includes("DS214 8:13-8:16"), "the deal's own error is where DS504 points");
  });

  it("prints valid SARIF with the same results, related locations in the other files", () => {
    const { validate, errors } = sarifValidator();
    const r = dealspec(["lint", "--format", "sarif", "portfolio"]);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    assert.ok(validate(log), errors());
    type Result = {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
      relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    };
    const results = log.runs[0].results as Result[];
    const fromSarif = results.map((x) => {
      const l = x.locations[0]!.physicalLocation;
      return `${l.artifactLocation.uri} ${key({ code: x.ruleId, line: l.region.startLine, column: l.region.startColumn, endLine: l.region.endLine, endColumn: l.region.endColumn })}`;
    });
    const fromJson = report.flatMap((f) => f.diagnostics.map((d) => `${f.file} ${key(d)}`));
    assert.deepEqual(fromSarif.sort(), fromJson.sort());
    const ds504 = results.find((x) => x.ruleId === "DS504" && x.locations[0]!.physicalLocation.artifactLocation.uri === "portfolio/errors/main.portfolio.yaml")!;
    assert.equal(ds504.relatedLocations![0]!.physicalLocation.artifactLocation.uri, "portfolio/errors/broken.deal.yaml");
    assert.equal(ds504.relatedLocations![0]!.physicalLocation.region.startLine, 8);
  });

  it("prints DS5xx in the human, github and junit formats, and a code frame with the related place in stylish (golden)", () => {
    const human = dealspec(["lint", "portfolio/fx/rates.portfolio.yaml"]);
    assert.equal(human.code, 1);
    const humanCodes = human.stdout.split("\n").map((l) => /^\S+:(\d+):(\d+) {2}\w+ {2}(DS\d+)/.exec(l)?.[3]).filter(Boolean);
    assert.deepEqual([...new Set(humanCodes)].sort(), ["DS219", "DS503", "DS506", "DS508", "DS509"]);
    const gh = dealspec(["lint", "--format", "github", "portfolio/fx/rates.portfolio.yaml"]);
    assert.match(gh.stdout, /^::error file=portfolio\/fx\/rates\.portfolio\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=DS503::/m);
    assert.match(gh.stdout, /^::notice file=portfolio\/fx\/rates\.portfolio\.yaml,.*title=DS509::/m);
    const junit = dealspec(["lint", "--format", "junit", "portfolio/fx/rates.portfolio.yaml"]);
    assert.match(junit.stdout, /<testsuite name="portfolio\/fx\/rates\.portfolio\.yaml" tests="\d+" failures="\d+"/);
    assert.match(junit.stdout, /<failure message="[^"]*" type="DS506">/);
    const stylish = dealspec(["lint", "--format", "stylish", "portfolio/errors", "portfolio/duplicates/explicit.portfolio.yaml"]);
    assert.equal(stylish.code, 1);
    golden("portfolio-stylish.txt", stylish.stdout);
    assert.match(stylish.stdout, /^ {2}↳ portfolio\/errors\/broken\.deal\.yaml:8:13 {2}DS214: /m);
  });

  it("with no argument, finds *.deal.yaml, *.deal.yml, *.portfolio.yaml and *.portfolio.yml", () => {
    const dir = tempDir({
      "a.deal.yaml": deal("a"),
      "sub/b.deal.yml": deal("b"),
      "p.portfolio.yaml": PORTFOLIO("p", ["a.deal.yaml"]),
      "sub/q.portfolio.yml": PORTFOLIO("q", ["b.deal.yml", "missing.deal.yaml"]),
      "notes.yaml": "portfolio: not-linted\n",
    });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as LintJson;
    assert.deepEqual(out.map((f) => f.file), ["a.deal.yaml", "p.portfolio.yaml", "sub/b.deal.yml", "sub/q.portfolio.yml"]);
    assert.deepEqual(out[3]!.diagnostics.map(key), ["DS500 4:5-4:22"]);
  });

  it("exits 0 for a clean portfolio and its deals, 1 for a portfolio error, 2 for an input problem", () => {
    const dir = tempDir({
      "a.deal.yaml": deal("a"),
      "good.portfolio.yaml": PORTFOLIO("good", ["a.deal.yaml"], "expect:\n  total: $12M\n"),
      "bad.portfolio.yaml": PORTFOLIO("bad", ["a.deal.yaml"], "expect:\n  total: $13M\n"),
      "bin.deal.yaml": new Uint8Array([0x64, 0, 0x65]),
      "reads-bin.portfolio.yaml": PORTFOLIO("reads-bin", ["bin.deal.yaml"]),
    });
    assert.equal(dealspec(["lint", "a.deal.yaml", "good.portfolio.yaml"], dir).code, 0);
    const bad = dealspec(["lint", "bad.portfolio.yaml"], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^bad\.portfolio\.yaml:5:10 {2}error {2}DS400 {2}Expected total \$13,000,000\.00, computed \$12,000,000\.00/m);
    const input = dealspec(["lint", "--format", "sarif", "reads-bin.portfolio.yaml"], dir);
    assert.equal(input.code, 2);
    const notes = JSON.parse(input.stdout).runs[0].invocations[0].toolExecutionNotifications as { message: { text: string } }[];
    assert.equal(notes.length, 1, "the unreadable deal is reported once");
    assert.match(notes[0]!.message.text, /bin\.deal\.yaml is a binary file/);
  });

  it("applies the configuration's rules and ignores to portfolio files", () => {
    const files = {
      "a.deal.yaml": deal("a"),
      "p.portfolio.yaml": PORTFOLIO("p", ["a.deal.yaml", "gone.deal.yaml"], "fx:\n  EUR: 1.1\n"),
      "drafts/d.portfolio.yaml": PORTFOLIO("d", ["nothing.deal.yaml"]),
    };
    const plain = dealspec(["lint", "--format", "json"], tempDir(files));
    assert.equal(plain.code, 1);
    const before = (JSON.parse(plain.stdout) as LintJson).flatMap((f) => f.diagnostics.map((d) => `${f.file} ${d.code} ${d.severity}`));
    assert.deepEqual(before, ["drafts/d.portfolio.yaml DS500 error", "p.portfolio.yaml DS500 error", "p.portfolio.yaml DS509 info"]);
    const dir = tempDir({ ...files, "dealspec.config.yaml": "rules:\n  DS500: warning\n  DS509: off\nignore:\n  - drafts/\n" });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 0, r.stdout);
    const after = (JSON.parse(r.stdout) as LintJson).flatMap((f) => f.diagnostics.map((d) => `${f.file} ${d.code} ${d.severity}`));
    assert.deepEqual(after, ["p.portfolio.yaml DS500 warning"]);
    assert.equal(dealspec(["lint", "--max-warnings", "0"], dir).code, 1);
  });
});

describe("schedule and diff stay deal-only", () => {
  it("schedule of a portfolio file is a usage error that points at totals", () => {
    const r = dealspec(["schedule", SAMPLE], ROOT);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is a portfolio file; schedules are per deal: .*`dealspec totals samples\/anthropic-compute\.portfolio\.yaml`/);
    assert.equal(r.stdout, "");
  });

  it("diff leaves portfolio files out, with a note, and compares the deals", () => {
    const dir = gitRepo({ "a.deal.yaml": deal("a"), "p.portfolio.yaml": PORTFOLIO("p", ["a.deal.yaml"]) });
    writeFiles(dir, { "a.deal.yaml": deal("a").replace("$1M", "$2M"), "p.portfolio.yaml": PORTFOLIO("p", ["a.deal.yaml"], "currency: EUR\n") });
    const r = dealspec(["diff", "--format", "json", "--base", "HEAD", "p.portfolio.yaml", "a.deal.yaml"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /p\.portfolio\.yaml is a portfolio file; diff compares deal files only/);
    const report = JSON.parse(r.stdout) as { deals: { file: string; status: string }[] };
    assert.deepEqual(report.deals.map((d) => [d.file, d.status]), [["a.deal.yaml", "changed"]]);
  });
});

describe("the CLI's file-system host", () => {
  it("hands a portfolio the same deal analysis the lint of the deal gets: each deal is analyzed once per run", () => {
    const host = fileHost(PORTFOLIOS);
    const deal = fileLocation("basic/alpha.deal.yaml", PORTFOLIOS);
    const own = host.deal(deal);
    const portfolio = fileLocation("basic/basic.portfolio.yaml", PORTFOLIOS);
    const a = analyzePortfolio(readFileSync(path.join(PORTFOLIOS, "basic/basic.portfolio.yaml"), "utf8"), portfolio, host);
    const reached = a.deals.find((d) => d.location === deal);
    assert.ok(own && reached);
    assert.equal(reached.analysis, own, "the very same analysis object");
    assert.equal(analyzePortfolio(a.text, portfolio, host).deals[0]!.analysis, a.deals[0]!.analysis, "a second portfolio reuses it too");
  });

  it("names files relative to the working folder and reads each once", () => {
    const host = fileHost(ROOT);
    const loc = fileLocation(SAMPLE, ROOT);
    assert.equal(host.display(loc), SAMPLE);
    const first = host.read(loc);
    assert.ok("text" in first);
    assert.equal(host.read(loc), first);
    const missing = host.read(fileLocation("samples/none.deal.yaml", ROOT));
    assert.ok("problem" in missing && missing.missing === true);
    assert.equal(host.unreadable().size, 0, "a missing file is not an unreadable one");
  });
});
