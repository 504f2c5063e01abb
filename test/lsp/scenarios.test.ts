/**
 * Scenarios in the editor, through the real protocol: a lens and an inlay
 * hint per scenario with its total and difference from the base (equal to
 * the figures JSON), completion inside `set`, `change`, `shift` and
 * `exercise`, and go to definition, find references and rename for the ids a
 * scenario names.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CodeLens, CompletionItem, CompletionList, InlayHint, Location, Range, WorkspaceEdit } from "vscode-languageserver";
import { analyze, Decimal, figuresJson, formatCompact } from "../../server/src/core";
import { LspClient } from "../support/lspClient";
import { FIXTURES, SAMPLES } from "../support/paths";
import { applyEdits, cursor, positionOf } from "./helpers";

const CASE = readFileSync(path.join(FIXTURES, "conformance", "v11-scenarios-exit-curve.deal.yaml"), "utf8");
const COLOSSUS = readFileSync(path.join(SAMPLES, "colossus-1.deal.yaml"), "utf8");
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

let client: LspClient;
let opened = 0;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

function openDoc(text: string): Promise<string> {
  return client.openDeal(text, "lsp-scenarios");
}

function lineOf(text: string, r: Range): string {
  return text.split("\n")[r.start.line]!;
}

function textAt(text: string, r: Range): string {
  const lines = text.split("\n");
  assert.equal(r.start.line, r.end.line, "a one-line range");
  return lines[r.start.line]!.slice(r.start.character, r.end.character);
}

describe("scenario lenses and hints", () => {
  it("a lens above each scenario gives its total and difference from the base, as the figures JSON has them", async () => {
    const uri = await openDoc(COLOSSUS);
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    const json = figuresJson(analyze(COLOSSUS));
    const scenarios = lenses.filter((l) => /^\s*- id: /.test(lineOf(COLOSSUS, l.range)) && lineOf(COLOSSUS, l.range).includes("exit-") || /price-|ramp-at/.test(l.command?.title ?? ""));
    assert.equal(scenarios.length, Object.keys(json.scenarios!).length, "one lens per scenario");
    for (const lens of scenarios) {
      const id = /- id: ([a-z0-9-]+)/.exec(lineOf(COLOSSUS, lens.range))![1]!;
      const s = json.scenarios![id]!;
      const total = formatCompact(new Decimal(s.total!), "USD");
      const delta = new Decimal(s.delta.total!);
      const deltaText = `${delta.isNegative() ? "" : "+"}${formatCompact(delta, "USD")}`;
      assert.equal(lens.command?.title, `${id}: Total ${total} (${deltaText}) · NPV ${formatCompact(new Decimal(s.npv!), "USD")}`);
      assert.match(lens.command?.tooltip ?? "", new RegExp(`total \\$[0-9,.]+; difference from the base [-+]\\$`));
    }
  });

  it("an inlay hint after each scenario's id gives its difference from the base", async () => {
    const uri = await openDoc(COLOSSUS);
    const list = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: EVERYWHERE });
    const lines = COLOSSUS.split("\n");
    const shown = list.filter((h) => /^\s*- id: /.test(lines[h.position.line]!) && lines[h.position.line]!.startsWith("  - id:") && String(h.label).startsWith("Δ"));
    assert.deepEqual(
      shown.map((h) => `${lines[h.position.line]!.trim()} ⟨${String(h.label)}⟩`),
      ["- id: exit-2027-06 ⟨Δ -$26.33B⟩", "- id: exit-2028-01 ⟨Δ -$17.54B⟩", "- id: ramp-at-full-rate ⟨Δ +$1.25B⟩", "- id: price-up-10 ⟨Δ +$4.38B⟩", "- id: price-down-10 ⟨Δ -$4.38B⟩"],
    );
  });

  it("a scenario with errors says it has no figures, never $0", async () => {
    const text = COLOSSUS.replace('change: {base: "+10%"}', 'change: {bsae: "+10%"}');
    const uri = await openDoc(text);
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    const broken = lenses.find((l) => l.command?.title.startsWith("Scenario price-up-10"));
    assert.equal(broken?.command?.title, "Scenario price-up-10: no figures (fix its errors)");
    const list = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: EVERYWHERE });
    assert.ok(list.some((h) => String(h.label) === "no figures"), "the hint says so too");
    assert.ok(!lenses.some((l) => /\$0\.00|\$0\b/.test(l.command?.title ?? "")), "no $0 figure");
  });
});

describe("completion inside scenarios", () => {
  async function labelsAt(textWithMarker: string): Promise<string[]> {
    const { text, position } = cursor(textWithMarker);
    const uri = `file:///tmp/lsp-scenarios/complete-${++opened}.deal.yaml`;
    await client.open(uri, text);
    await client.diagnosticsOf(uri, 1);
    const r = await client.request<CompletionItem[] | CompletionList>("textDocument/completion", { textDocument: { uri }, position });
    return (Array.isArray(r) ? r : r.items).map((i) => i.label);
  }
  const base = CASE.replace(/scenarios:[\s\S]*$/, "scenarios:\n  - id: what-if\n");

  it("`set` offers the deal's places as paths: fees and options by id, clauses by position", async () => {
    const labels = await labelsAt(`${base}    set:\n      fees.|\n`);
    for (const l of ["fees.lease.amount", "fees.support.basis", "fees.lease", "options.extend-6m.exercised", "termination.2.notice", "discount_rate", "term.end"]) assert.ok(labels.includes(l), `${l} in ${labels.join(", ")}`);
  });

  it("`change` offers fee ids, `assumed` and `all`; `shift` fee ids, `capacity` and `term`", async () => {
    assert.deepEqual((await labelsAt(`${base}    change:\n      |\n`)).sort(), ["all", "assumed", "lease", "support"]);
    assert.deepEqual((await labelsAt(`${base}    shift:\n      |\n`)).sort(), ["capacity", "lease", "support", "term"]);
  });

  it("`exercise` offers the option ids", async () => {
    assert.deepEqual(await labelsAt(`${base}    exercise: [|]\n`), ["extend-6m"]);
  });
});

describe("ids named by scenarios", () => {
  it("go to definition from a scenario's `change` key lands on the fee's id", async () => {
    const uri = await openDoc(COLOSSUS);
    const defs = await client.request<Location[]>("textDocument/definition", { textDocument: { uri }, position: positionOf(COLOSSUS, 'change: {ba|se: "+10%"}') });
    assert.equal(defs.length, 1);
    assert.equal(lineOf(COLOSSUS, defs[0]!.range).trim(), "- id: base");
  });

  it("find references lists the definition and every scenario that names the fee", async () => {
    const uri = await openDoc(COLOSSUS);
    const refs = await client.request<Location[]>("textDocument/references", { textDocument: { uri }, position: positionOf(COLOSSUS, "- id: ba|se"), context: { includeDeclaration: true } });
    assert.deepEqual(
      refs.map((r) => lineOf(COLOSSUS, r.range).trim()),
      ["- id: base", 'change: {base: "+10%"}', 'change: {base: "-10%"}'],
    );
  });

  it("rename of a fee renames it in every scenario (set paths, change and shift keys)", async () => {
    const uri = await openDoc(CASE);
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: positionOf(CASE, "- id: lea|se"), newName: "gpu-lease" });
    const after = applyEdits(CASE, edit.changes![uri]!);
    assert.match(after, /- id: gpu-lease\n/);
    assert.match(after, /set: \{fees\.gpu-lease\.amount: \$4\.5M/);
    assert.match(after, /shift: \{gpu-lease: 2 months\}/);
    assert.doesNotMatch(after, /id: lease\b|fees\.lease\b|\{lease:/, "no mention of `lease` is left");
    const a = analyze(after);
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === "error"), [], "the renamed file has no errors");
    assert.deepEqual(figuresJson(a).scenarios, JSON.parse(JSON.stringify(figuresJson(analyze(CASE)).scenarios).replaceAll('"lease"', '"gpu-lease"')));
  });

  it("rename of an option renames `exercise` entries; a taken id is refused with a reason", async () => {
    const uri = await openDoc(CASE);
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: positionOf(CASE, "exercise: [exten|d-6m]"), newName: "extend-half-year" });
    const after = applyEdits(CASE, edit.changes![uri]!);
    assert.match(after, /- id: extend-half-year\n/);
    assert.match(after, /exercise: \[extend-half-year\]/);
    const prepared = await client.request<{ range: Range; placeholder: string } | null>("textDocument/prepareRename", { textDocument: { uri }, position: positionOf(CASE, "shift: {lea|se: 2 months}") });
    assert.equal(prepared?.placeholder, "lease");
    assert.equal(textAt(CASE, prepared!.range), "lease");
    await assert.rejects(client.request("textDocument/rename", { textDocument: { uri }, position: positionOf(CASE, "- id: lea|se"), newName: "support" }), /already has the id `support`/);
  });
});
