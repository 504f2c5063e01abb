/**
 * Interop: the exported schemas read by the real yaml-language-server (the
 * peer a user without the extension would pick) agree with the engine. Every
 * deal and portfolio file of the repository that the engine accepts (no error
 * and no YAML warning from `dealspec lint`) gets no diagnostic from yaml-language-server, and the
 * errors a schema can see (an unknown key, DS201; a value not among the
 * allowed ones, DS203) that the diagnostics fixtures annotate are reported by
 * yaml-language-server on the same line.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseAnnotations } from "../support/annotations";
import { CLI, FIXTURES, ROOT } from "../support/paths";
import { YamlLanguageServer } from "../support/yamlLanguageServer";

const FILE = /\.(deal|portfolio)\.ya?ml$/;
const FOLDERS = ["samples", "examples", "test/fixtures", "test/editor/fixtures"];

function filesBelow(folder: string): string[] {
  const dir = path.join(ROOT, folder);
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => FILE.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

interface Linted {
  readonly file: string;
  readonly diagnostics: readonly { readonly severity: string; readonly code: string }[];
}

/**
 * The files `dealspec lint` finds no error in, nor a YAML warning (DS1xx: an
 * unknown tag is a warning both tools give); the other warnings are about
 * figures, which no schema sees.
 */
function acceptedByTheEngine(files: readonly string[]): string[] {
  const r = spawnSync(process.execPath, [CLI, "lint", "--format", "json", ...files], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const linted = JSON.parse(r.stdout) as Linted[];
  return linted.filter((l) => !l.diagnostics.some((d) => d.severity === "error" || d.code.startsWith("DS1"))).map((l) => path.resolve(ROOT, l.file));
}

const all = FOLDERS.flatMap(filesBelow);
const valid = acceptedByTheEngine(all);
const SCHEMA_VISIBLE = new Set(["DS201", "DS203"]);

describe("yaml-language-server with the exported schemas", () => {
  let server: YamlLanguageServer;
  before(async () => {
    server = await YamlLanguageServer.start();
  });
  after(async () => {
    await server.stop();
  });

  it("finds the files to check", () => {
    assert.ok(valid.length >= 40, `only ${valid.length} valid files`);
    assert.ok(valid.some((f) => f.endsWith(".portfolio.yaml")), "portfolios are among them");
    assert.ok(valid.some((f) => /scenarios|options|steps/.test(readFileSync(f, "utf8"))), "version 1.1 keys are among them");
  });

  it("reports no diagnostic on any file the engine accepts", async () => {
    const wrong: string[] = [];
    for (const file of valid) {
      const diagnostics = await server.diagnostics(file, readFileSync(file, "utf8"));
      for (const d of diagnostics) wrong.push(`${path.relative(ROOT, file)}:${d.range.start.line + 1}: ${d.message}`);
    }
    assert.deepEqual(wrong, []);
  });

  const fixtures = readdirSync(path.join(FIXTURES, "diagnostics")).filter((f) => FILE.test(f));
  for (const name of fixtures) {
    const file = path.join(FIXTURES, "diagnostics", name);
    const text = readFileSync(file, "utf8");
    const lineOf = (offset: number) => text.slice(0, offset).split("\n").length - 1;
    const expected = parseAnnotations(text).filter((e) => e.kind === "error" && SCHEMA_VISIBLE.has(e.code));
    if (expected.length === 0) continue;
    it(`reports the unknown keys and values not allowed of ${name}`, async () => {
      const lines = new Set((await server.diagnostics(file, text)).map((d) => d.range.start.line));
      const missed = expected.filter((e) => !lines.has(lineOf(e.span.start))).map((e) => `line ${lineOf(e.span.start) + 1}: ${e.code} ${e.message ?? ""}`);
      assert.deepEqual(missed, []);
    });
  }
});
