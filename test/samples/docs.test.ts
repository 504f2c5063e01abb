/**
 * The documentation stays true: docs/diagnostics.md has one section per code
 * in CODES (and none for codes that do not exist), each with the code's title
 * and severity, a bad example that gives the code and a fixed one that does
 * not; the deal files shown in docs/language.md and README.md lint without
 * errors; and ARCHITECTURE.md's invariants on imports hold: the core imports
 * only its own files and its four allowed packages, with no import cycle
 * between them, and the language server (`server/src/lsp`) imports no Node
 * module (file access comes through the host its entry passes in); and the
 * files ARCHITECTURE.md names exist.
 */
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, analyzePortfolio, checkPolicies, codeAnchor, CODES, parseConfig, type Diagnostic, type DiagnosticCode } from "../../server/src/core";
import { fileHost, fileLocation } from "../../server/src/cli/host";
import { specifiers } from "../support/imports";
import { FIXTURES, ROOT } from "../support/paths";

const DOCS = path.join(ROOT, "docs");

/** Codes whose trigger cannot be shown in a small example (a file of more than 8 Mi characters; bytes that are not UTF-8 text; an analysis that throws, a bug; a today only `lint --today` gives). */
const NOT_SHOWN: ReadonlySet<string> = new Set(["DS104", "DS110", "DS199", "DS700"]);

interface Section {
  readonly heading: string;
  readonly body: string;
}

function sections(markdown: string): { preamble: string; sections: Section[] } {
  const parts = markdown.split(/^## /m);
  return {
    preamble: parts[0]!,
    sections: parts.slice(1).map((p) => {
      const nl = p.indexOf("\n");
      return { heading: p.slice(0, nl).trim(), body: p.slice(nl + 1) };
    }),
  };
}

function blocks(markdown: string, lang: string): string[] {
  const out: string[] = [];
  const re = new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm");
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) out.push(m[1]!);
  return out;
}

/** GitHub's anchor for a heading: lower case, spaces to `-`, most punctuation dropped. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
}

/** The DS5xx examples are portfolio files, analyzed beside the deal files they include. */
const PORTFOLIO_EXAMPLE = fileLocation(path.join(FIXTURES, "portfolio", "docs", "example.portfolio.yaml"));

function diagnosticsOf(text: string): readonly Diagnostic[] {
  return /^portfolio:/m.test(text) ? analyzePortfolio(text, PORTFOLIO_EXAMPLE, fileHost()).diagnostics : analyze(text).diagnostics;
}

function describeDiagnostics(text: string): string {
  return diagnosticsOf(text).map((d) => `${d.code} ${d.severity}: ${d.message}`).join("\n") || "(none)";
}

/**
 * The DS8xx examples are configuration files. DS800-DS807: a bad configuration
 * and its fix. DS820-DS823: a configuration with `policies`, optionally the
 * deal at the base revision, the deal that breaches it, then the fix: a fixed
 * deal (the same policies) or a fixed configuration (the same deal).
 */
function checkConfigSection(code: DiagnosticCode, examples: readonly string[]): void {
  const problems = (text: string) => parseConfig(text).problems;
  if (/^DS80/.test(code)) {
    assert.equal(examples.length, 2, "a bad configuration and its fix, as yaml blocks");
    assert.ok(problems(examples[0]!).some((p) => p.code === code), `the example gives ${code}; it gives:\n${problems(examples[0]!).map((p) => `${p.code}: ${p.message}`).join("\n")}`);
    assert.deepEqual(problems(examples[1]!), [], "the fixed configuration has no problem");
    return;
  }
  const configs = examples.filter((e) => /^policies:/m.test(e) && !/^dealspec:/m.test(e));
  const deals = examples.filter((e) => !configs.includes(e));
  assert.ok(configs.length >= 1 && configs.length <= 2 && deals.length >= 1, "a configuration, the deal, and a fixed deal or configuration");
  for (const c of configs) assert.deepEqual(problems(c), []);
  const policiesOf = (c: string) => parseConfig(c).config.policies;
  const [badConfig, fixedConfig] = configs.length === 2 ? [configs[0]!, configs[1]!] : [configs[0]!, configs[0]!];
  const badDeal = configs.length === 2 ? deals[deals.length - 1]! : deals[deals.length - 2]!;
  const fixedDeal = deals[deals.length - 1]!;
  const baseDeal = deals.length === (configs.length === 2 ? 2 : 3) ? deals[0] : undefined;
  const run = (c: string, d: string) =>
    checkPolicies(policiesOf(c), { subject: { kind: "deal", analysis: analyze(d) }, ...(baseDeal ? { base: { kind: "deal" as const, analysis: analyze(baseDeal) } } : {}), path: "demo.deal.yaml" }).map((b) => b.diagnostic);
  const found = run(badConfig, badDeal);
  assert.ok(found.some((d) => d.code === code), `the example gives ${code}; it gives:\n${found.map((d) => `${d.code}: ${d.message}`).join("\n") || "(none)"}`);
  for (const d of found.filter((x) => x.code === code)) assert.equal(d.severity, CODES[code].severity);
  assert.deepEqual(run(fixedConfig, fixedDeal), [], "the fix breaches no policy");
  assert.deepEqual(analyze(fixedDeal).diagnostics.filter((d) => d.severity === "error"), [], "the fixed deal has no error");
}

describe("docs/diagnostics.md", () => {
  const markdown = readFileSync(path.join(DOCS, "diagnostics.md"), "utf8");
  const { preamble, sections: all } = sections(markdown);
  const codeSections = all.filter((s) => /^DS\d/.test(s.heading));
  const codes = Object.keys(CODES) as DiagnosticCode[];

  it("has a heading `## DSnnn` for every code, in order, and none for a code that does not exist", () => {
    const headings = codeSections.map((s) => s.heading);
    for (const h of headings) assert.match(h, /^DS\d{3}$/, `heading \`## ${h}\`: write the code alone, so that its anchor is #${h.slice(0, 5).toLowerCase()}`);
    assert.deepEqual(headings, codes, "one section per code of CODES, in code order");
  });

  it("gives each heading the anchor the language server links to", () => {
    for (const s of codeSections) assert.equal(`diagnostics.md#${anchor(s.heading)}`, codeAnchor(s.heading as DiagnosticCode));
  });

  it("states each code's title and severity as CODES does", () => {
    for (const s of codeSections) {
      const info = CODES[s.heading as DiagnosticCode];
      const first = s.body.trim().split("\n")[0];
      assert.equal(first, `**${info.title}** — ${info.severity}`, `${s.heading}: first line`);
    }
  });

  it("lints its shared opening without a problem", () => {
    const [opening] = blocks(preamble, "yaml");
    assert.ok(opening, "the opening example");
    assert.deepEqual(analyze(opening).diagnostics, []);
  });

  for (const s of codeSections) {
    it(`${s.heading}: the example gives the code, and the fixed file does not`, () => {
      const examples = blocks(s.body, "yaml");
      if (s.heading.startsWith("DS8")) {
        checkConfigSection(s.heading as DiagnosticCode, examples);
        return;
      }
      if (NOT_SHOWN.has(s.heading)) {
        assert.equal(examples.length, 0);
        return;
      }
      assert.equal(examples.length, 2, "a bad example and its fix, as yaml blocks");
      const [bad, fixed] = examples as [string, string];
      const code = s.heading as DiagnosticCode;
      const found = diagnosticsOf(bad).filter((d) => d.code === code);
      assert.ok(found.length > 0, `the example gives ${code}; it gives:\n${describeDiagnostics(bad)}`);
      for (const d of found) assert.equal(d.severity, CODES[code].severity);
      const after = diagnosticsOf(fixed).filter((d) => d.code === code || d.severity === "error");
      assert.deepEqual(after, [], `the fixed file still gives:\n${describeDiagnostics(fixed)}`);
    });
  }
});

describe("configuration files shown in the docs", () => {
  for (const file of ["docs/ci.md", "docs/cli.md"]) {
    it(`${file}: every configuration with policies is valid`, () => {
      const examples = blocks(readFileSync(path.join(ROOT, file), "utf8"), "yaml").filter((b) => /^policies:/m.test(b) && !/^dealspec:/m.test(b));
      assert.ok(examples.length > 0, "the page shows a configuration with policies");
      for (const text of examples) {
        const { config, problems } = parseConfig(text);
        assert.deepEqual(problems, [], text);
        assert.ok(config.policies.length > 0);
      }
    });
  }

  it("the links to sections of ci.md and cli.md from the docs land on a heading", () => {
    const headings = (file: string) => new Set([...readFileSync(path.join(DOCS, file), "utf8").matchAll(/^#{1,4} (.+)$/gm)].map((m) => anchor(m[1]!)));
    const targets = { "ci.md": headings("ci.md"), "cli.md": headings("cli.md") };
    const pages = ["ci.md", "cli.md", "diagnostics.md"].map((f) => readFileSync(path.join(DOCS, f), "utf8")).join("\n");
    const links = [...pages.matchAll(/\]\((ci|cli)\.md#([\w-]+)\)|\]\(#([\w-]+)\)/g)];
    assert.ok(links.length > 5);
    for (const m of links.filter((l) => l[1] !== undefined)) assert.ok(targets[`${m[1]}.md` as "ci.md" | "cli.md"].has(m[2]!), `${m[1]}.md#${m[2]}`);
  });
});

describe("deal files shown in the docs", () => {
  for (const file of ["docs/language.md", "README.md"]) {
    it(`${file}: every complete deal file lints without errors, and its expectations hold`, () => {
      const examples = blocks(readFileSync(path.join(ROOT, file), "utf8"), "yaml").filter((b) => /^dealspec: 1$/m.test(b) && /^deal: /m.test(b));
      assert.ok(examples.length > 0, "the page shows at least one deal file");
      for (const text of examples) {
        const a = analyze(text);
        const errors = a.diagnostics.filter((d) => d.severity === "error");
        assert.deepEqual(errors, [], `this example has errors:\n${text}`);
        for (const r of a.expectations) assert.ok(r.holds, `${r.expectation.label} does not hold in:\n${text}`);
      }
    });
  }
});

describe("ARCHITECTURE.md invariants", () => {
  const CORE = path.join(ROOT, "server", "src", "core");
  const files = readdirSync(CORE, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  /** The modules a core file imports or re-exports (`import type` included). The core's allowed imports are test/core/boundary.test.ts's. */
  const specifiersOf = (f: string): string[] => specifiers(readFileSync(path.join(CORE, f), "utf8"));

  it("the language server imports no Node module: no node:, fs, path or other built-in, no vscode-languageserver/node", () => {
    const LSP = path.join(ROOT, "server", "src", "lsp");
    const files = readdirSync(LSP, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    assert.ok(files.includes("languageServer.ts") && files.includes("workspace.ts"), "the language server's sources are found");
    const builtins = new Set(builtinModules);
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(path.join(LSP, f), "utf8");
      for (const s of specifiers(text)) {
        if (s.startsWith("node:") || builtins.has(s) || builtins.has(s.split("/")[0]!) || s === "vscode-languageserver/node") bad.push(`${f}: ${s}`);
      }
      const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      for (const global of ["process", "__dirname", "__filename", "Buffer", "require"]) if (new RegExp(`\\b${global}\\b`).test(code)) bad.push(`${f}: uses ${global}`);
    }
    assert.deepEqual(bad, [], "file access goes through the host server/src/server.ts passes in (server/src/node/host.ts)");
  });

  it("the core has no import cycle (the index files that only re-export aside)", () => {
    const resolve = (from: string, s: string): string => {
      const base = path.join(path.dirname(from), s);
      return existsSync(path.join(CORE, `${base}.ts`)) ? `${base}.ts` : path.join(base, "index.ts");
    };
    const isIndex = (f: string) => path.basename(f) === "index.ts";
    const edges = new Map(files.map((f) => [f, specifiersOf(f).filter((s) => s.startsWith(".")).map((s) => resolve(f, s)).filter((t) => !isIndex(t))]));
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]): void => {
      state.set(f, "open");
      for (const t of edges.get(f) ?? []) {
        if (state.get(t) === "open") cycles.push([...trail.slice(trail.indexOf(t)), t].join(" -> "));
        else if (!state.has(t)) visit(t, [...trail, t]);
      }
      state.set(f, "done");
    };
    for (const f of files) if (!state.has(f) && !isIndex(f)) visit(f, [f]);
    assert.deepEqual(cycles, []);
  });

  it("the files ARCHITECTURE.md names exist: a name alone among the sources, a path from the root, server/src, the core or client/src", () => {
    const text = readFileSync(path.join(ROOT, "ARCHITECTURE.md"), "utf8");
    const named = new Set([...text.matchAll(/`([\w./-]+\.ts)`/g)].map((m) => m[1]!));
    assert.ok(named.size > 20, "the names are found");
    const src = path.join(ROOT, "server", "src");
    const names = new Set(
      ["server/src", "protocol/src", "client/src", "webview/src"].flatMap((dir) =>
        (readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => path.basename(f)),
      ),
    );
    for (const n of named) {
      const exists = n.includes("/") ? [ROOT, src, CORE, path.join(src, "cli"), path.join(src, "lsp"), path.join(ROOT, "client", "src"), path.join(ROOT, "webview", "src")].some((base) => existsSync(path.join(base, n))) : names.has(n);
      assert.ok(exists, `ARCHITECTURE.md names \`${n}\`, which does not exist`);
    }
  });
});
