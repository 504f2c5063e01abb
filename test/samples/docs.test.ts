/**
 * The documentation stays true: docs/diagnostics.md has one section per code
 * in CODES (and none for codes that do not exist), each with the code's title
 * and severity, a bad example that gives the code and a fixed one that does
 * not; the deal files shown in docs/language.md and README.md lint without
 * errors; and ARCHITECTURE.md's invariants on imports hold: the core imports
 * only its own files and its four allowed packages, and the language server
 * (`server/src/lsp`) imports no Node module (file access comes through the
 * host its entry passes in).
 */
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, analyzePortfolio, codeAnchor, CODES, type Diagnostic, type DiagnosticCode } from "../../server/src/core";
import { fileHost, fileLocation } from "../../server/src/cli/host";
import { specifiers } from "../support/imports";
import { FIXTURES, ROOT } from "../support/paths";

const DOCS = path.join(ROOT, "docs");

/** Codes whose trigger cannot be shown in a small example (a file of more than 8 Mi characters; bytes that are not UTF-8 text). */
const NOT_SHOWN: ReadonlySet<string> = new Set(["DS104", "DS110"]);

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
  const ALLOWED = new Set(["yaml", "zod", "decimal.js", "currency-codes"]);

  it("the core imports only its own files, yaml, zod, decimal.js and currency-codes", () => {
    const files = readdirSync(CORE, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    assert.ok(files.length > 5, "the core's sources are found");
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(path.join(CORE, f), "utf8");
      const specifiers = [
        /^\s*(?:import|export)\s[^;]*?\bfrom\s*["']([^"'\n]+)["']/gm, // import x from "m"; export * from "m"
        /^\s*import\s*["']([^"'\n]+)["']/gm, // import "m"
        /\b(?:require|import)\s*\(\s*["']([^"'\n]+)["']\s*\)/g, // require("m"), import("m")
      ].flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!));
      assert.ok(specifiers.length > 0 || !/\bimport\b/.test(text), `${f}: its imports are found`);
      const insideCore = (s: string) => s.startsWith(".") && path.resolve(CORE, path.dirname(f), s).startsWith(CORE + path.sep);
      for (const s of specifiers) if (!insideCore(s) && !ALLOWED.has(s)) bad.push(`${f}: ${s}`);
    }
    assert.deepEqual(bad, []);
  });

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
      const exists = n.includes("/") ? [ROOT, src, CORE, path.join(ROOT, "client", "src")].some((base) => existsSync(path.join(base, n))) : names.has(n);
      assert.ok(exists, `ARCHITECTURE.md names \`${n}\`, which does not exist`);
    }
  });
});
