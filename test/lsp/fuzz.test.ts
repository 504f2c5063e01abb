/**
 * The built server under fuzzing, through the protocol: generated sessions of
 * incremental edits (insertions, deletions, pasted garbage, NUL bytes, lone
 * CRs, half-typed keys) on the samples, interleaved with every request an
 * editor sends at random positions. Every request is answered (a result, or a
 * cancellation of a stale one), the process never exits, every published range
 * lies inside the text of the version it was published for, no analysis
 * throws (the server would publish DS199), and after the session the
 * diagnostics equal those of a fresh open of the final text.
 *
 * Seeded and bounded in time: a few seconds in `npm test`; `npm run fuzz` runs
 * longer (DEALSPEC_FUZZ_SECONDS, default 4; DEALSPEC_FUZZ_SEED picks the first
 * seed; a failure names the seed and step that reproduce it).
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic, PublishDiagnosticsParams, Range } from "vscode-languageserver";
import { LspClient } from "../support/lspClient";
import { SAMPLES } from "../support/paths";

const SECONDS = Number(process.env.DEALSPEC_FUZZ_SECONDS ?? "4");
const FIRST_SEED = Number(process.env.DEALSPEC_FUZZ_SEED ?? "20261130");
const STEPS = 60;

/** What a person or a bad paste inserts: half-typed keys, values, YAML syntax, and bytes no deal holds. */
const PASTES = [
  "\n  - id: ",
  "  amou",
  "amount: $1.2",
  "every: mon",
  "\nfees:\n  - id: x\n    amount: 1e400\n",
  "term: {start: 2026-02-30, months: 2}",
  "\nscenarios:\n  - id: s\n    set: {fees.__proto__.amount: $1}\n",
  "\noptions:\n  - id: o\n    extend: 12 months\n    by: buyer\n    notice: 9",
  "\u0000",
  "\r",
  "\r\n",
  "\t",
  "€",
  "😀",
  "&a ",
  "*a",
  "<<: *a\n",
  "!!binary ",
  "---\n",
  "- ",
  ": ",
  "{",
  "}",
  "[",
  "'",
  '"',
  "#",
  "$999999999999999999999999999999999999999999999999999999999999B",
] as const;

type Step =
  | { readonly kind: "insert"; readonly at: number; readonly text: string }
  | { readonly kind: "delete"; readonly at: number; readonly length: number }
  | { readonly kind: "request"; readonly method: (typeof METHODS)[number]; readonly at: number; readonly to: number };

const METHODS = [
  "textDocument/hover",
  "textDocument/completion",
  "textDocument/inlayHint",
  "textDocument/codeLens",
  "textDocument/codeAction",
  "textDocument/documentSymbol",
  "textDocument/foldingRange",
  "textDocument/definition",
  "textDocument/references",
  "textDocument/prepareRename",
  "dealspec/figures",
  "dealspec/schedule",
  "dealspec/cashflow",
] as const;

/** Offsets are drawn as fractions of the current text (in 1/10,000ths), so a step applies to any version. */
const fraction = fc.integer({ min: 0, max: 10_000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("insert" as const), at: fraction, text: fc.oneof(fc.constantFrom(...PASTES), fc.string({ unit: "binary", maxLength: 12 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fraction, length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("request" as const), method: fc.constantFrom(...METHODS), at: fraction, to: fraction }) },
);

/** Cancelled (-32800) and content modified (-32801) are how a server answers a request about a stale version. */
const STALE = new Set([-32800, -32801]);

function offsetAt(doc: TextDocument, fractionOf: number): number {
  const length = doc.getText().length;
  return Math.min(length, Math.floor((length * fractionOf) / 10_000));
}

/** Whether `range` lies inside `doc` (lines split at LF, CRLF and lone CR, as LSP counts them; characters in UTF-16). */
function inside(doc: TextDocument, range: Range): boolean {
  const lines = doc.getText().split(/\r\n|\r|\n/);
  const ok = (p: { line: number; character: number }) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length;
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered;
}

function shown(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${String(d.code)} ${d.message}`;
}

function requestParams(method: (typeof METHODS)[number], uri: string, doc: TextDocument, a: number, b: number): unknown {
  const textDocument = { uri };
  const [from, to] = a <= b ? [a, b] : [b, a];
  const position = doc.positionAt(from);
  const range = { start: doc.positionAt(from), end: doc.positionAt(to) };
  switch (method) {
    case "textDocument/inlayHint":
      return { textDocument, range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) } };
    case "textDocument/codeAction":
      return { textDocument, range, context: { diagnostics: [] } };
    case "textDocument/references":
      return { textDocument, position, context: { includeDeclaration: true } };
    case "textDocument/codeLens":
    case "textDocument/documentSymbol":
    case "textDocument/foldingRange":
      return { textDocument };
    case "dealspec/figures":
    case "dealspec/schedule":
    case "dealspec/cashflow":
      return { uri };
    default:
      return { textDocument, position };
  }
}

describe(`the server under fuzzing (${SECONDS} s from seed ${FIRST_SEED})`, () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it("answers every request, survives every edit, publishes ranges inside their version, and ends where a fresh open ends", async (t) => {
    const samples = readdirSync(SAMPLES).filter((f) => f.endsWith(".deal.yaml")).sort();
    const deadline = Date.now() + SECONDS * 1000;
    let sessions = 0;
    let requests = 0;
    for (let seed = FIRST_SEED; sessions === 0 || Date.now() < deadline; seed++, sessions++) {
      const sample = samples[seed % samples.length]!;
      const [steps] = fc.sample(fc.array(step, { minLength: STEPS, maxLength: STEPS }), { seed, numRuns: 1 });
      const uri = `file:///fuzz/${seed}/${sample}`;
      let doc = TextDocument.create(uri, "dealspec", 1, readFileSync(path.join(SAMPLES, sample), "utf8"));
      const versions = new Map<number, TextDocument>([[1, doc]]);
      const answers: Promise<unknown>[] = [];
      await client.open(uri, doc.getText(), 1);
      for (const [index, s] of steps!.entries()) {
        const where = `seed ${seed} (${sample}), step ${index}`;
        if (s.kind === "request") {
          requests++;
          answers.push(
            client.request(s.method, requestParams(s.method, uri, doc, offsetAt(doc, s.at), offsetAt(doc, s.to))).catch((e: { code?: number; message?: string }) => {
              if (!STALE.has(e.code ?? 0)) assert.fail(`${where}: ${s.method} failed: ${e.code} ${e.message}\n${client.errorOutput}`);
            }),
          );
          continue;
        }
        const at = offsetAt(doc, s.at);
        const range = s.kind === "insert" ? { start: doc.positionAt(at), end: doc.positionAt(at) } : { start: doc.positionAt(at), end: doc.positionAt(Math.min(doc.getText().length, at + s.length)) };
        const text = s.kind === "insert" ? s.text : "";
        const change = { range, text };
        doc = TextDocument.create(uri, "dealspec", doc.version + 1, TextDocument.applyEdits(doc, [{ range, newText: text }]));
        versions.set(doc.version, doc);
        await client.change(uri, doc.version, [change]);
      }
      await Promise.all(answers);
      const last = await client.diagnosticsOf(uri, doc.version);
      for (const p of client.published.filter((q: PublishDiagnosticsParams) => q.uri === uri)) {
        const at = versions.get(p.version ?? -1);
        assert.ok(at, `seed ${seed}: diagnostics published for unknown version ${p.version}`);
        for (const d of p.diagnostics) {
          assert.ok(inside(at, d.range), `seed ${seed}: ${shown(d)} lies outside version ${p.version}:\n${JSON.stringify(at.getText())}`);
          // The server shows an analysis that threw as DS199 (and goes on): for the fuzzer it is a failure like any other.
          assert.notEqual(d.code, "DS199", `seed ${seed}: the analysis of version ${p.version} threw: ${d.message}\n${JSON.stringify(at.getText())}\n${client.errorOutput}`);
        }
      }
      const fresh = `file:///fuzz/${seed}/fresh-${sample}`;
      await client.open(fresh, doc.getText(), 1);
      const reopened = await client.diagnosticsOf(fresh, 1);
      assert.deepEqual(last.diagnostics.map(shown), reopened.diagnostics.map(shown), `seed ${seed}: the session's diagnostics differ from a fresh open of its final text:\n${JSON.stringify(doc.getText())}`);
      await client.close(uri);
      await client.close(fresh);
      client.published.length = 0;
    }
    t.diagnostic(`${sessions} sessions of ${STEPS} steps, ${requests} requests`);
    assert.ok(sessions >= 1 && requests > 0);
    const code = client["process"].exitCode;
    assert.equal(code, null, `the server exited with ${code}:\n${client.errorOutput}`);
  });
});
