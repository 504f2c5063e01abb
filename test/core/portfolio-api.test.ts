/**
 * The portfolio API as the CLI and the language server use it: locations and
 * globs, an in-memory host (no file system: any URI scheme works), cached deal
 * analyses reused across edits, dependencies to watch, related information in
 * other files, and two properties: the engine never throws, and an include
 * cycle is reported exactly on the includes that lead back to their file.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  analyzePortfolio,
  cachingHost,
  canonicalLocation,
  CODES,
  fileKindOf,
  globRegExp,
  portfolioDependsOn,
  portfolioFiguresJson,
  relativeLocation,
  resolveRelative,
  type Analysis,
} from "../../server/src/core";
import { memoryHost } from "../support/portfolio";
import { ROOT, SAMPLES } from "../support/paths";
import { fileHost, fileLocation } from "../../server/src/cli/host";

function deal(id: string, amount: string, provider = "Northwind", currency = "USD"): string {
  return `dealspec: 1
deal: ${id}
currency: ${currency}
parties: {buyer: Anthropic, provider: ${provider}}
term: {start: 2026-01-01, months: 12}
fees:
  - id: base
    amount: ${amount}
    every: month
`;
}

describe("locations", () => {
  const cases: [string, string, string][] = [
    // [base, relative, resolved]
    ["file:///w/p/x.portfolio.yaml", "a.deal.yaml", "file:///w/p/a.deal.yaml"],
    ["file:///w/p/x.portfolio.yaml", "../d/./a.deal.yaml", "file:///w/d/a.deal.yaml"],
    ["file:///w/x.portfolio.yaml", "../../../a.deal.yaml", "file:///a.deal.yaml"],
    ["file:///w/p/x.portfolio.yaml", "my deal (1).deal.yaml", "file:///w/p/my%20deal%20%281%29.deal.yaml"],
    ["file:///w/p/x.portfolio.yaml", "é/€.deal.yaml", "file:///w/p/%C3%A9/%E2%82%AC.deal.yaml"],
    ["file:///c%3A/w/x.portfolio.yaml", "a.deal.yaml", "file:///c%3A/w/a.deal.yaml"],
    ["/w/p/x.portfolio.yaml", "../é.deal.yaml", "/w/é.deal.yaml"],
    ["p/x.portfolio.yaml", "../../a.deal.yaml", "../a.deal.yaml"],
    ["untitled:x.portfolio.yaml", "a.deal.yaml", "untitled:a.deal.yaml"],
  ];
  for (const [base, rel, expected] of cases) {
    it(`${rel} from ${base}`, () => assert.equal(resolveRelative(base, rel), expected));
  }

  it("writes URIs in one canonical form, whoever encoded them", () => {
    assert.equal(canonicalLocation("file:///w/my%20deal%20(1).deal.yaml"), "file:///w/my%20deal%20%281%29.deal.yaml");
    assert.equal(canonicalLocation("file:///c:/w/a.deal.yaml"), "file:///c%3A/w/a.deal.yaml");
    assert.equal(canonicalLocation("file:///w/%e2%82%ac.deal.yaml"), "file:///w/%E2%82%AC.deal.yaml");
    assert.equal(canonicalLocation(pathToFileURL("/w/a b(1).deal.yaml").href), "file:///w/a%20b%281%29.deal.yaml");
  });

  it("names files relative to the portfolio, decoded", () => {
    assert.equal(relativeLocation("file:///w/p/x.portfolio.yaml", "file:///w/d/a%20b.deal.yaml"), "../d/a b.deal.yaml");
    assert.equal(relativeLocation("file:///w/p/x.portfolio.yaml", "file:///w/p/s/a.deal.yaml"), "s/a.deal.yaml");
    assert.equal(relativeLocation("file:///w/x.portfolio.yaml", "untitled:a.deal.yaml"), "untitled:a.deal.yaml");
  });

  it("knows deal and portfolio files by name", () => {
    assert.equal(fileKindOf("file:///w/a.deal.yaml"), "deal");
    assert.equal(fileKindOf("file:///w/a.deal.yml"), "deal");
    assert.equal(fileKindOf("/w/a.portfolio.yaml"), "portfolio");
    assert.equal(fileKindOf("/w/a.yaml"), undefined);
    assert.equal(fileKindOf("/w/deal.yaml"), undefined);
  });
});

describe("globs", () => {
  const cases: [string, string, boolean][] = [
    ["*.deal.yaml", "a.deal.yaml", true],
    ["*.deal.yaml", "sub/a.deal.yaml", false],
    ["*.deal.yaml", ".a.deal.yaml", false],
    [".*.deal.yaml", ".a.deal.yaml", true],
    ["**/*.deal.yaml", "a.deal.yaml", true],
    ["**/*.deal.yaml", "x/y/a.deal.yaml", true],
    ["**/*.deal.yaml", ".git/a.deal.yaml", false],
    ["x/**", "x/a/b.deal.yaml", true],
    ["x/**", "y/a.deal.yaml", false],
    ["{a,b}.deal.yaml", "b.deal.yaml", true],
    ["{a,b}.deal.yaml", "c.deal.yaml", false],
    ["*.deal.y{a,}ml", "a.deal.yml", true],
    ["[!a].deal.yaml", "a.deal.yaml", false],
    ["[!a].deal.yaml", "b.deal.yaml", true],
    ["[a-c].deal.yaml", "b.deal.yaml", true],
    ["?.deal.yaml", "ab.deal.yaml", false],
    ["a+b(1)*.deal.yaml", "a+b(1)x.deal.yaml", true],
    ["a+b(1)*.deal.yaml", "aab1x.deal.yaml", false],
    ["*", "a/b", false],
  ];
  for (const [glob, p, expected] of cases) {
    it(`${glob} ${expected ? "matches" : "does not match"} ${p}`, () => assert.equal(globRegExp(glob).test(p), expected));
  }
});

describe("analyzePortfolio through a host", () => {
  const P = "mem:///w/p.portfolio.yaml";
  const base = () =>
    new Map([
      [P, "portfolio: p\ninclude:\n  - deals/*.deal.yaml\n  - later.deal.yaml\n  - nested.portfolio.yaml\n"],
      ["mem:///w/deals/a.deal.yaml", deal("a", "$1M")],
      ["mem:///w/deals/b.deal.yaml", deal("b", "$2M", "Contoso")],
      ["mem:///w/nested.portfolio.yaml", "portfolio: nested\ninclude:\n  - other/c.deal.yaml\n"],
      ["mem:///w/other/c.deal.yaml", deal("c", "$3M")],
    ]);

  it("re-analyzes only the deal that changed; the others' analyses are reused", () => {
    const files = base();
    files.set(P, "portfolio: p\ninclude:\n  - deals/*.deal.yaml\n  - nested.portfolio.yaml\n");
    const host = memoryHost(files);
    const first = analyzePortfolio(files.get(P)!, P, host);
    assert.equal(portfolioFiguresJson(first).total, "72000000.00");
    const before = new Map<string, Analysis>(first.deals.map((d) => [d.location, d.analysis]));

    files.set("mem:///w/deals/b.deal.yaml", deal("b", "$2.5M", "Contoso"));
    const second = analyzePortfolio(files.get(P)!, P, host);
    assert.equal(portfolioFiguresJson(second).total, "78000000.00");
    for (const d of second.deals) {
      if (d.location.endsWith("/b.deal.yaml")) assert.notEqual(d.analysis, before.get(d.location), "the edited deal is analyzed again");
      else assert.equal(d.analysis, before.get(d.location), `${d.location}: the same analysis object`);
    }
  });

  it("keeps a glob's matches while its folder lists the same files, and follows a file that comes or goes", () => {
    const files = base();
    files.set(P, "portfolio: p\ninclude:\n  - deals/*.deal.yaml\n");
    const host = memoryHost(files);
    const matched = (a: ReturnType<typeof analyzePortfolio>) => a.includes[0]!.files.map((f) => f.location.replace("mem:///w/deals/", ""));
    const first = analyzePortfolio(files.get(P)!, P, host);
    assert.deepEqual(matched(first), ["a.deal.yaml", "b.deal.yaml"]);

    files.set("mem:///w/deals/b.deal.yaml", deal("b", "$2.5M", "Contoso"));
    const edited = analyzePortfolio(files.get(P)!, P, host);
    assert.equal(edited.includes[0]!.files, first.includes[0]!.files, "a deal's edit leaves the folder's files, and the glob's matches are reused");
    assert.equal(portfolioFiguresJson(edited).total, "42000000.00");

    files.set("mem:///w/deals/new.deal.yaml", deal("new", "$1M"));
    const added = analyzePortfolio(files.get(P)!, P, host);
    assert.deepEqual(matched(added), ["a.deal.yaml", "b.deal.yaml", "new.deal.yaml"]);
    assert.deepEqual(Object.keys(portfolioFiguresJson(added).deals), ["a", "b", "new"]);

    files.delete("mem:///w/deals/a.deal.yaml");
    const removed = analyzePortfolio(files.get(P)!, P, host);
    assert.deepEqual(matched(removed), ["b.deal.yaml", "new.deal.yaml"]);
    assert.deepEqual(Object.keys(portfolioFiguresJson(removed).deals), ["b", "new"]);

    files.set(P, "portfolio: p\ninclude:\n  - deals/n*.deal.yaml\n");
    assert.deepEqual(matched(analyzePortfolio(files.get(P)!, P, host)), ["new.deal.yaml"], "another pattern over the same files");
  });

  it("lists what each include matched, for go-to-definition", () => {
    const files = base();
    const a = analyzePortfolio(files.get(P)!, P, memoryHost(files));
    assert.deepEqual(
      a.includes.map((i) => [i.pattern, i.files.map((f) => `${f.kind} ${f.location}`)]),
      [
        ["deals/*.deal.yaml", ["deal mem:///w/deals/a.deal.yaml", "deal mem:///w/deals/b.deal.yaml"]],
        ["later.deal.yaml", []],
        ["nested.portfolio.yaml", ["portfolio mem:///w/nested.portfolio.yaml"]],
      ],
    );
    assert.deepEqual(
      a.diagnostics.map((d) => d.code),
      ["DS500"],
    );
  });

  it("says which changed files affect it: read files, missing includes, glob matches, nested portfolios' files", () => {
    const files = base();
    const a = analyzePortfolio(files.get(P)!, P, memoryHost(files));
    const yes = [P, "mem:///w/deals/a.deal.yaml", "mem:///w/deals/new.deal.yaml", "mem:///w/later.deal.yaml", "mem:///w/nested.portfolio.yaml", "mem:///w/other/c.deal.yaml"];
    const no = ["mem:///w/deals/readme.md", "mem:///w/deals/x.portfolio.yaml", "mem:///w/deals/sub/d.deal.yaml", "mem:///w/other/d.deal.yaml", "mem:///elsewhere/a.deal.yaml"];
    for (const l of yes) assert.equal(portfolioDependsOn(a, l), true, l);
    for (const l of no) assert.equal(portfolioDependsOn(a, l), false, l);

    // And the new file, once it exists, is in the figures.
    files.set("mem:///w/deals/new.deal.yaml", deal("new", "$1M"));
    files.set("mem:///w/later.deal.yaml", deal("later", "$1M"));
    const b = analyzePortfolio(files.get(P)!, P, memoryHost(files));
    assert.deepEqual(b.diagnostics, []);
    assert.deepEqual(Object.keys(portfolioFiguresJson(b).deals), ["a", "b", "new", "later", "c"]);
  });

  it("reads each file once per analysis, however many portfolios reach it", () => {
    const files = new Map<string, string>([
      [P, "portfolio: p\ninclude:\n  - x.portfolio.yaml\n  - y.portfolio.yaml\n  - d.deal.yaml\n"],
      ["mem:///w/x.portfolio.yaml", "portfolio: x\ninclude:\n  - y.portfolio.yaml\n  - d.deal.yaml\n"],
      ["mem:///w/y.portfolio.yaml", "portfolio: y\ninclude:\n  - d.deal.yaml\n"],
      ["mem:///w/d.deal.yaml", deal("d", "$1M")],
    ]);
    const reads: string[] = [];
    const host = cachingHost({ readText: (l) => (reads.push(l), files.get(l)), listFiles: () => [] });
    const a = analyzePortfolio(files.get(P)!, P, host);
    assert.equal(portfolioFiguresJson(a).total, "12000000.00");
    assert.deepEqual(reads.sort(), ["mem:///w/d.deal.yaml", "mem:///w/x.portfolio.yaml", "mem:///w/y.portfolio.yaml"]);
  });

  it("points related information into the other file", () => {
    const files = new Map([
      [P, "portfolio: p\ninclude:\n  - bad.deal.yaml\n"],
      ["mem:///w/bad.deal.yaml", deal("bad", "$1m")],
    ]);
    const a = analyzePortfolio(files.get(P)!, P, memoryHost(files));
    assert.equal(a.diagnostics.length, 1);
    const d = a.diagnostics[0]!;
    assert.equal(d.code, "DS504");
    assert.equal(a.text.slice(d.span.start, d.span.end), "bad.deal.yaml");
    const r = d.related![0]!;
    assert.equal(r.uri, "mem:///w/bad.deal.yaml");
    assert.equal(files.get(r.uri!)!.slice(r.span.start, r.span.end), "$1m");
  });

  it("never throws, whatever the text", () => {
    const text = readFileSync(path.join(ROOT, "test/fixtures/portfolio/basic/basic.portfolio.yaml"), "utf8");
    const host = fileHost();
    const location = fileLocation(path.join(ROOT, "test/fixtures/portfolio/basic/basic.portfolio.yaml"));
    const pieces = ["\n", " ", "-", ":", "{", "}", "[", "]", "*", "../", "**/", "€", "'", '"', "#", "include:", "fx:", "portfolio: p", "1.08", "$1M", "%", "&a", "*a", "!!str", "\t"];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(text.length), fc.nat(12), fc.constantFrom(...pieces)), { maxLength: 6 }), (edits) => {
        let t = text;
        for (const [at, del, ins] of edits) {
          const i = Math.min(at, t.length);
          t = t.slice(0, i) + ins + t.slice(i + del);
        }
        const a = analyzePortfolio(t, location, host);
        for (const d of a.diagnostics) {
          assert.ok(d.span.start >= 0 && d.span.end <= t.length && d.span.start <= d.span.end, `${d.code} range inside the text`);
          assert.ok(d.code in CODES);
        }
        portfolioFiguresJson(a);
      }),
      { numRuns: 300 },
    );
  });

  it("reports DS501 exactly on the includes that lead back to their own file (random include graphs)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 12 }))),
        ([n, edgeList]) => {
          const edges = Array.from({ length: n }, () => new Set<number>());
          for (const [i, j] of edgeList) edges[i]!.add(j);
          // reach[i][j]: j is reachable from i in one or more steps.
          const reach = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => edges[i]!.has(j)));
          for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (reach[i]![k] && reach[k]![j]) reach[i]![j] = true;
          const files = new Map<string, string>([["mem:///g/d.deal.yaml", deal("d", "$1M")]]);
          const name = (i: number) => `mem:///g/p${i}.portfolio.yaml`;
          for (let i = 0; i < n; i++) {
            const inc = [...edges[i]!].map((j) => `  - p${j}.portfolio.yaml\n`).join("");
            files.set(name(i), `portfolio: p${i}\ninclude:\n  - d.deal.yaml\n${inc}`);
          }
          const host = memoryHost(files);
          for (let i = 0; i < n; i++) {
            const a = analyzePortfolio(files.get(name(i))!, name(i), host);
            const cyclic = [...edges[i]!].filter((j) => j === i || reach[j]![i]).map((j) => `p${j}.portfolio.yaml`).sort();
            const reported = a.diagnostics.filter((d) => d.code === "DS501").map((d) => a.text.slice(d.span.start, d.span.end)).sort();
            assert.deepEqual(reported, cyclic, `p${i}`);
            assert.equal(portfolioFiguresJson(a).total, "12000000.00", "d counts once, whatever the graph");
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("portfolio samples and documentation", () => {
  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith(".portfolio.yaml"));

  it("there is a sample portfolio", () => assert.ok(samples.length >= 1));
  for (const f of samples) {
    it(`${f} has no errors or warnings, and its expectations hold`, () => {
      const file = path.join(SAMPLES, f);
      const a = analyzePortfolio(readFileSync(file, "utf8"), fileLocation(file), fileHost());
      assert.deepEqual(
        a.diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.code} ${d.message}`),
        [],
      );
      assert.ok(a.expectations.length >= 3, "the sample states its figures");
      assert.ok(a.expectations.every((e) => e.holds));
    });
  }

  it("docs/portfolio.md lists every DS5xx code, linked to its section in docs/diagnostics.md", () => {
    const doc = readFileSync(path.join(ROOT, "docs", "portfolio.md"), "utf8");
    for (const code of Object.keys(CODES).filter((c) => c.startsWith("DS5"))) {
      assert.ok(doc.includes(`| [${code}](diagnostics.md#${code.toLowerCase()}) | ${CODES[code as keyof typeof CODES].severity} |`), `${code} has a row`);
    }
  });

  it("docs/portfolio.md shows the JSON the basic fixture gives", () => {
    const doc = readFileSync(path.join(ROOT, "docs", "portfolio.md"), "utf8");
    const shown = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(doc)![1]!) as Record<string, unknown>;
    const file = path.join(ROOT, "test/fixtures/portfolio/basic/basic.portfolio.yaml");
    const actual = portfolioFiguresJson(analyzePortfolio(readFileSync(file, "utf8"), fileLocation(file), fileHost())) as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(shown), Object.keys(actual), "every key, in order");
    for (const [key, value] of Object.entries(shown)) {
      if (key === "deals") {
        for (const [id, d] of Object.entries(value as object)) assert.deepEqual(d, (actual.deals as Record<string, unknown>)[id], `deals.${id}`);
      } else assert.deepEqual(value, actual[key], key);
    }
  });
});
