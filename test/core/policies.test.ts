/**
 * Policies (review gates): the configuration files of fixtures/config, whose
 * problems must equal their annotations, and the cases of fixtures/policies,
 * whose breaches must equal the annotations of the files they are reported
 * in; then the arithmetic of the limits, case by case.
 */
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  analyze,
  analyzePortfolio,
  cachingHost,
  checkPolicies,
  parseConfig,
  type Diagnostic,
  type Policy,
  type PolicyBreach,
  type PolicySubject,
} from "../../server/src/core";
import { fileHost, fileLocation } from "../../server/src/cli/host";
import { checkDiagnostics } from "../support/annotations";
import { FIXTURES } from "../support/paths";

const CONFIGS = path.join(FIXTURES, "config");
const CASES = path.join(FIXTURES, "policies");

describe("configuration fixtures (fixtures/config)", () => {
  const files = readdirSync(CONFIGS).filter((f) => f.endsWith(".yaml")).sort();
  assert.ok(files.length >= 5, "the fixtures are present");
  for (const file of files) {
    const text = readFileSync(path.join(CONFIGS, file), "utf8");
    const asDiagnostics = (t: string): Diagnostic[] => parseConfig(t).problems.map((p) => ({ code: p.code, severity: "error", message: p.message, span: p.span }));
    it(file, () => checkDiagnostics(text, asDiagnostics(text), file));
    it(`${file} with CRLF line endings`, () => {
      const crlf = text.replace(/\r?\n/g, "\r\n");
      checkDiagnostics(crlf, asDiagnostics(crlf), `${file} (CRLF)`);
    });
  }

  it("keeps the valid policies of a file with problems", () => {
    const { config } = parseConfig(readFileSync(path.join(CONFIGS, "policies.config.yaml"), "utf8"));
    assert.deepEqual(
      config.policies.map((p) => [p.index, p.figure, p.limits.map((l) => `${l.kind} ${l.text}`), p.severity, p.files.map((f) => f.pattern), p.kind ?? null, p.scenario ?? null, p.line]),
      [
        [0, "total", ["max_increase 5%"], "error", [], null, null, 3],
        [1, "assumed_share", ["max 50%"], "warning", ["deals/**"], null, null, 6],
        [17, "per_gpu_hour", ["max $2.50"], "error", ["deals/**"], "deal", "*", 56],
      ],
    );
  });
});

/** The deal and portfolio files of a case folder (not its `base/`), as paths relative to it. */
function caseFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => /\.(deal|portfolio)\.yaml$/.test(f) && !f.startsWith("base/"))
    .sort();
}

function subject(file: string, host: ReturnType<typeof fileHost>): PolicySubject {
  const text = readFileSync(file, "utf8");
  return file.endsWith(".portfolio.yaml") ? { kind: "portfolio", analysis: analyzePortfolio(text, fileLocation(file), host) } : { kind: "deal", analysis: analyze(text) };
}

/** Every breach of a case, by file (relative to the case folder). */
function runCase(name: string): Map<string, PolicyBreach[]> {
  const dir = path.join(CASES, name);
  const configFile = path.join(dir, "dealspec.config.yaml");
  const parsed = parseConfig(readFileSync(configFile, "utf8"));
  assert.deepEqual(parsed.problems, [], `${name}: the configuration is valid`);
  const host = fileHost(dir);
  const baseHost = fileHost(path.join(dir, "base"));
  const out = new Map<string, PolicyBreach[]>();
  for (const rel of caseFiles(dir)) {
    const baseFile = path.join(dir, "base", rel);
    const base = existsSync(baseFile) ? subject(baseFile, baseHost) : undefined;
    const breaches = checkPolicies(parsed.config.policies, {
      subject: subject(path.join(dir, rel), host),
      ...(base ? { base } : {}),
      path: rel,
      configName: "dealspec.config.yaml",
      configUri: fileLocation(configFile),
    });
    out.set(rel, breaches);
  }
  return out;
}

describe("policy fixtures (fixtures/policies)", () => {
  const cases = readdirSync(CASES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  assert.ok(cases.length >= 2, "the cases are present");
  for (const name of cases) {
    describe(name, () => {
      const results = runCase(name);
      for (const [rel, breaches] of results) {
        it(rel, () => {
          const text = readFileSync(path.join(CASES, name, rel), "utf8");
          // The related information points into the configuration file: checked below, not against this file's annotations.
          checkDiagnostics(text, breaches.map((b) => ({ ...b.diagnostic, related: [] })), `${name}/${rel}`);
        });
      }
      it("every breach points at its policy in the configuration file", () => {
        const config = readFileSync(path.join(CASES, name, "dealspec.config.yaml"), "utf8");
        for (const b of [...results.values()].flat()) {
          const r = b.diagnostic.related?.[0];
          assert.ok(r, b.diagnostic.message);
          assert.equal(r.uri, fileLocation(path.join(CASES, name, "dealspec.config.yaml")));
          assert.equal(config.slice(r.span.start, r.span.end), "figure");
          assert.match(b.diagnostic.message, new RegExp(`\\(dealspec\\.config\\.yaml:${b.policy.line}\\)`));
        }
      });
    });
  }
});

// ---------------------------------------------------------------- the arithmetic

function dealText(extra = "", amount = "$1M", currency = "USD"): string {
  return `dealspec: 1
deal: d
currency: ${currency}
parties: {buyer: A, provider: B}
term: {start: 2027-01-01, months: 12}
fees:
  - id: base
    amount: ${amount}
    every: month
${extra}`;
}

function policies(yaml: string): Policy[] {
  const { config, problems } = parseConfig(`policies:\n${yaml}`);
  assert.deepEqual(problems, []);
  return [...config.policies];
}

function breaches(yaml: string, now: string, base?: string, file = "d.deal.yaml"): string[] {
  return checkPolicies(policies(yaml), {
    subject: { kind: "deal", analysis: analyze(now) },
    ...(base !== undefined ? { base: { kind: "deal" as const, analysis: analyze(base) } } : {}),
    path: file,
  }).map((b) => `${b.diagnostic.code} ${b.diagnostic.severity}: ${b.diagnostic.message}`);
}

describe("value limits", () => {
  it("compare exactly: a total equal to `max` passes, one cent more breaches", () => {
    assert.deepEqual(breaches("  - figure: total\n    max: $12M\n", dealText()), []);
    assert.deepEqual(breaches("  - figure: total\n    max: $11,999,999.99\n", dealText()), [
      "DS820 error: `total` is $12,000,000.00, above the policy's `max` of $11,999,999.99.",
    ]);
    assert.deepEqual(breaches("  - figure: total\n    min: $12,000,000.01\n    severity: warning\n", dealText()), [
      "DS820 warning: `total` is $12,000,000.00, below the policy's `min` of $12,000,000.01.",
    ]);
  });

  it("take negative money for figures that can be negative", () => {
    const credits = dealText("    credit: true\n");
    assert.deepEqual(breaches("  - figure: total\n    min: -$11M\n", credits), ["DS820 error: `total` is -$12,000,000.00, below the policy's `min` of -$11M."]);
  });

  it("skip a figure that does not apply to the deal (no discount rate, no clause, no GPUs)", () => {
    const yaml = ["npv", "exit_exposure", "per_gpu_hour", "per_mw_month"].map((f) => `  - figure: ${f}\n    max: $0\n`).join("");
    assert.deepEqual(breaches(yaml, dealText()), []);
  });

  it("read no shortfall as 0, and a shortfall against `max: 0`", () => {
    const yaml = "  - figure: shortfall\n    max: 0\n";
    assert.deepEqual(breaches(yaml, dealText()), []);
    assert.deepEqual(breaches(yaml, dealText("commitment: {minimum: $12M}\n")), []);
    assert.deepEqual(breaches(yaml, dealText("commitment: {minimum: $13M}\n")), ["DS820 error: `shortfall` is $1,000,000.00, above the policy's `max` of 0."]);
  });

  it("define assumed_share as by_basis.assumed / total, rounded to six decimals", () => {
    // $1M + $2M assumed a month: 2/3 = 0.666667.
    const text = dealText("  - id: guess\n    amount: $2M\n    every: month\n    basis: assumed\n    note: n\n");
    assert.deepEqual(breaches("  - figure: assumed_share\n    max: 66.6667%\n", text), []);
    assert.deepEqual(breaches("  - figure: assumed_share\n    max: 66.6666%\n", text), ["DS820 error: `assumed_share` is 66.6667%, above the policy's `max` of 66.6666%."]);
    assert.deepEqual(breaches("  - figure: assumed_share\n    max: 0%\n", dealText()), [], "no assumed fee: a share of 0");
  });

  it("apply `files` globs relative to the configuration, the last match deciding", () => {
    const yaml = '  - figure: total\n    max: $1M\n    files: ["deals/**", "!deals/old/**"]\n';
    assert.equal(breaches(yaml, dealText(), undefined, "deals/a.deal.yaml").length, 1);
    assert.equal(breaches(yaml, dealText(), undefined, "deals/old/a.deal.yaml").length, 0);
    assert.equal(breaches(yaml, dealText(), undefined, "other/a.deal.yaml").length, 0);
  });

  it("check the base figures only, a named scenario only, or all of them with `*`", () => {
    const text = dealText('scenarios:\n  - id: up\n    change: {base: "+50%"}\n  - id: down\n    change: {base: "-50%"}\n');
    const at = (scenario: string) => breaches(`  - figure: total\n    max: $10M\n${scenario}`, text).map((b) => /scenario `(\w+)`/.exec(b)?.[1] ?? "base");
    assert.deepEqual(at(""), ["base"]);
    assert.deepEqual(at("    scenario: up\n"), ["up"]);
    assert.deepEqual(at("    scenario: gone\n"), []);
    assert.deepEqual(at('    scenario: "*"\n'), ["base", "up"]);
  });
});

describe("change limits", () => {
  const base = dealText();
  it("are checked only against a base revision", () => {
    assert.deepEqual(breaches("  - figure: total\n    max_increase: 0%\n", dealText("", "$2M")), []);
  });

  it("take a percentage of the base value, exactly at the bound", () => {
    // $12M -> $12.6M is +5%.
    assert.deepEqual(breaches("  - figure: total\n    max_increase: 5%\n", dealText("", "$1.05M"), base), []);
    assert.deepEqual(breaches("  - figure: total\n    max_increase: 4.99%\n", dealText("", "$1.05M"), base), [
      "DS821 error: `total` rose by $600,000.00 (+5.00%), from $12,000,000.00 to $12,600,000.00: more than the policy's `max_increase` of 4.99%.",
    ]);
  });

  it("take money, and check decreases apart from increases", () => {
    const yaml = "  - figure: total\n    max_increase: $1M\n    max_decrease: $100k\n";
    assert.deepEqual(breaches(yaml, dealText("", "$1.05M"), base), []);
    assert.deepEqual(breaches(yaml, dealText("", "$0.99M"), base), [
      "DS821 error: `total` fell by $120,000.00 (-1.00%), from $12,000,000.00 to $11,880,000.00: more than the policy's `max_decrease` of $100k.",
    ]);
  });

  it("count any increase from zero as more than a percentage", () => {
    const zero = dealText("", "$0");
    assert.deepEqual(breaches("  - figure: total\n    max_increase: 1000%\n", dealText("", "$0.01"), zero), [
      "DS821 error: `total` rose by $0.12, from $0.00 to $0.12: more than the policy's `max_increase` of 1000%.",
    ]);
  });

  it("measure a share's change in points", () => {
    const guess = (amount: string) => dealText(`  - id: guess\n    amount: ${amount}\n    every: month\n    basis: assumed\n    note: n\n`);
    // 50% -> 60%: +10 points.
    const yaml = "  - figure: assumed_share\n    max_increase: 10%\n";
    assert.deepEqual(breaches(yaml, guess("$1.5M"), guess("$1M")), []);
    assert.deepEqual(breaches(yaml, guess("$1.6M"), guess("$1M")), [
      "DS821 error: `assumed_share` rose by 11.5385 points, from 50% to 61.5385%: more than the policy's `max_increase` of 10%.",
    ]);
  });

  it("count a figure of an incomplete deal as breached, and skip a base that was incomplete", () => {
    const yaml = "  - figure: total\n    max_increase: 5%\n";
    const broken = dealText("", "lots");
    assert.deepEqual(breaches(yaml, broken, base), [
      "DS822 error: `total` cannot be checked against the policy's `max_increase` of 5%: the figures leave out the fees `base`. The policy counts as breached until the file's errors are fixed (`dealspec lint`).",
    ]);
    assert.deepEqual(breaches(yaml, dealText("", "$2M"), broken), []);
  });

  it("count a change of currency as breached, since the change cannot be measured", () => {
    assert.deepEqual(breaches("  - figure: total\n    max_increase: 5%\n", dealText("", "1M", "EUR"), base), [
      "DS823 error: The currency changed from USD to EUR, so the change of `total` cannot be measured: the policy's `max_increase` of 5% counts as breached.",
    ]);
  });

  it("compare a portfolio's hhi in index points or relative to its base value", () => {
    const files: Record<string, string> = {
      "/p/a.deal.yaml": dealText().replace("deal: d", "deal: a").replace("provider: B", "provider: X"),
      "/p/b.deal.yaml": dealText("", "$3M").replace("deal: d", "deal: b").replace("provider: B", "provider: Y"),
      "/q/a.deal.yaml": dealText().replace("deal: d", "deal: a").replace("provider: B", "provider: X"),
      "/q/b.deal.yaml": dealText().replace("deal: d", "deal: b").replace("provider: B", "provider: Y"),
    };
    const host = cachingHost({ readText: (l) => files[l], listFiles: () => Object.keys(files) });
    const portfolio = (folder: string): PolicySubject => ({ kind: "portfolio", analysis: analyzePortfolio("portfolio: p\ncurrency: USD\ninclude: [a.deal.yaml, b.deal.yaml]\n", `${folder}/p.portfolio.yaml`, host) });
    // 50/50 (5,000) -> 25/75 (625 + 5,625 = 6,250): +1,250 points, +25%.
    const check = (yaml: string) => checkPolicies(policies(yaml), { subject: portfolio("/p"), base: portfolio("/q"), path: "p.portfolio.yaml" }).map((b) => b.diagnostic.message);
    assert.deepEqual(check("  - figure: hhi\n    max_increase: 1250\n"), []);
    assert.deepEqual(check("  - figure: hhi\n    max_increase: 25%\n"), []);
    assert.deepEqual(check("  - figure: hhi\n    max_increase: 24.99%\n"), [
      "`hhi` rose by 1,250.00 points (+25.00%), from 5,000.00 to 6,250.00: more than the policy's `max_increase` of 24.99%.",
    ]);
    assert.deepEqual(check("  - figure: hhi\n    max: 6,000\n  - figure: run_rate\n    max: $1\n"), ["`hhi` is 6,250.00, above the policy's `max` of 6,000."], "a deal figure is not checked on a portfolio");
  });
});
