/**
 * Portfolio scenarios through the real protocol: the built server, with the
 * scenarios fixture (test/fixtures/portfolio/scenarios) as its workspace,
 * answers hover on a portfolio scenario (base against scenario per year,
 * golden) and on a pick, go to definition from a pick, CodeLens and inlay
 * hints on each scenario, and `dealspec/figures` with `scenarios`; editing a deal's scenario in the editor
 * updates the portfolio scenario before anything is saved.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CodeLens, Hover, InlayHint, LocationLink } from "vscode-languageserver";
import { canonicalLocation, type PortfolioFiguresJson } from "../../server/src/core";
import { fileUri, LspClient } from "../support/lspClient";
import { FIXTURES } from "../support/paths";
import { checkGolden, positionOf } from "./helpers";

const DIR = path.join(FIXTURES, "portfolio", "scenarios");
const HOVERS = path.join(FIXTURES, "lsp", "hover");
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
const uriOf = (file: string) => canonicalLocation(fileUri(file));

/** `12000000.00` as the hovers write it: `$12,000,000.00`, `-$13,620,000.00`. */
function dollars(v: string): string {
  const n = Number(v);
  return `${n < 0 ? "-" : ""}$${Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
}

describe("portfolio scenarios in the editor", () => {
  let client: LspClient;
  const file = path.join(DIR, "scenarios.portfolio.yaml");
  const text = readFileSync(file, "utf8");
  const uri = uriOf(file);
  const hoverAt = (needle: string) => client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: positionOf(text, needle) });
  const markdown = (h: Hover | null) => (h!.contents as { value: string }).value;
  const figures = () => client.request<PortfolioFiguresJson>("dealspec/figures", { uri });

  before(async () => {
    client = await LspClient.start({ workspaceFolders: [{ uri: fileUri(DIR), name: "scenarios" }] });
    await client.open(uri, text);
    await client.diagnosticsOf(uri, 1);
  });
  after(async () => {
    await client.stop();
  });

  it("hover on a portfolio scenario: base and scenario side by side per year, the firm commitment, providers and picks (golden)", async () => {
    const md = markdown(await hoverAt("id: down|side"));
    const f = await figures();
    const s = f.scenarios!.downside!;
    // Each year's base, scenario and difference, as the JSON states them.
    for (const y of Object.keys(s.years)) {
      const diff = (Number(s.years[y]) - Number(f.years[y] ?? 0)).toFixed(2);
      assert.ok(md.includes(`| ${y} | ${dollars(f.years[y]!)} | ${dollars(s.years[y]!)} | ${Number(diff) > 0 ? "+" : ""}${dollars(diff)} |`), `${y}:\n${md}`);
    }
    assert.ok(md.includes(`| **Total** | **${dollars(f.total!)}** | **${dollars(s.total!)}** | **${dollars(s.delta.total!)}** |`), md);
    assert.ok(md.includes(`| Firm commitment | ${dollars(f.firm_commitment!)} | ${dollars(s.firm_commitment!)} | +${dollars(s.delta.firm_commitment!)} |`), md);
    checkGolden(path.join(HOVERS, "portfolio-scenario.md"), md);
  });

  it("hover on a pick: the deal's base and the picked scenario, converted, per year", async () => {
    const md = markdown(await hoverAt("      beta: sl|ip"));
    assert.match(md, /^\*\*`beta` → scenario `slip`\*\* \(Three months late\), in portfolio scenario `downside`/);
    assert.ok(md.includes("| 2027 | $6,480,000.00 | $4,860,000.00 | -$1,620,000.00 |"), md);
    assert.ok(md.includes("Converted at EUR 1.08"), md);
  });

  it("hover on a scenario's key gives its documentation", async () => {
    assert.match(markdown(await hoverAt("    de|als:")), /^\*\*`deals`\*\* \(required\): Deal id -> the id of one of that deal's scenarios/);
  });

  it("goes from a picked scenario to its id in the deal file, and from a picked deal id to the deal", async () => {
    const alpha = path.join(DIR, "alpha.deal.yaml");
    const dealText = readFileSync(alpha, "utf8");
    const to = async (needle: string) => {
      const links = await client.request<LocationLink[]>("textDocument/definition", { textDocument: { uri }, position: positionOf(text, needle) });
      return links.map((l) => [l.targetUri, l.targetSelectionRange.start.line, l.targetSelectionRange.start.character]);
    };
    assert.deepEqual(await to("      alpha: exit-2|026"), [[uriOf(alpha), positionOf(dealText, "id: |exit-2026").line, positionOf(dealText, "id: |exit-2026").character]]);
    assert.deepEqual(await to("      al|pha: exit-2026"), [[uriOf(alpha), positionOf(dealText, "deal: |alpha").line, positionOf(dealText, "deal: |alpha").character]]);
  });

  it("CodeLens on each scenario: its total and firm commitment against the base, fully resolved", async () => {
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    const onLine = (needle: string) => lenses.filter((l) => l.range.start.line === positionOf(text, needle).line).map((l) => l.command?.title);
    assert.deepEqual(onLine("- |id: downside"), ["Total $16,860,000.00 (-$13,620,000.00)", "Firm commitment $16,860,000.00 (+$7,380,000.00)"]);
    assert.deepEqual(onLine("- |id: upside"), ["Total $32,880,000.00 (+$2,400,000.00)", "Firm commitment $9,780,000.00 (+$300,000.00)"]);
  });

  it("inlay hints: after each scenario id, its difference from the base", async () => {
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: EVERYWHERE });
    const lines = text.split("\n");
    const rendered = hints.filter((h) => /- id: /.test(lines[h.position.line]!)).map((h) => `${lines[h.position.line]!.slice(0, h.position.character).trim()} ⟨${String(h.label)}⟩`);
    assert.deepEqual(rendered, ["- id: downside ⟨-$13.62M vs base⟩", "- id: upside ⟨+$2.4M vs base⟩"]);
  });

  it("follows an edit to a deal's scenario in the editor: the portfolio scenario is computed again, nothing saved", async () => {
    const alpha = path.join(DIR, "alpha.deal.yaml");
    const dealText = readFileSync(alpha, "utf8");
    await client.open(uriOf(alpha), dealText);
    const refreshed = client.nextRefresh("workspace/codeLens/refresh");
    // price-up at +20%: $1.2M x 24 = $28.8M; with beta $6.48M, $35.28M; the deal's own expectation now fails.
    await client.change(uriOf(alpha), 2, dealText.replace("change: {base: +10%}\n    expect: {total: $26.4M}", "change: {base: +20%}"));
    await refreshed;
    const f = await figures();
    assert.equal(f.scenarios!.upside!.total, "35280000.00");
    assert.equal(f.scenarios!.upside!.delta.total, "4800000.00");
    assert.match(markdown(await hoverAt("id: up|side")), /\| \*\*Total\*\* \| \*\*\$30,480,000\.00\*\* \| \*\*\$35,280,000\.00\*\* \| \*\*\+\$4,800,000\.00\*\* \|/);
    await client.close(uriOf(alpha));
    assert.equal((await figures()).scenarios!.upside!.total, "32880000.00");
  });
});
