/** `dealspec/template` through the protocol: the template of a new deal or portfolio file, for the editor's File > New File... */
import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { newFileTemplate, templateSnippet, type TemplateKind } from "../../server/src/core";
import { DEAL_LANGUAGE_ID, PORTFOLIO_LANGUAGE_ID, TemplateRequest, type TemplateResult } from "../../protocol/src";
import { LspClient } from "../support/lspClient";

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

/** The engine's template (text and snippet) as the server makes it today (or yesterday, should the run cross midnight). */
function expected(kind: TemplateKind): { text: string; snippet: string }[] {
  const now = new Date();
  return [now, new Date(now.getTime() - 86_400_000)].map((d) => {
    const t = newFileTemplate(kind, { today: { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() } });
    return { text: t.text, snippet: templateSnippet(t) };
  });
}

describe("dealspec/template", () => {
  it("gives a new deal: the engine's template, its snippet, and the deal id selected", async () => {
    const t = await client.request<TemplateResult>(TemplateRequest.method, { kind: "deal" });
    assert.equal(t.languageId, DEAL_LANGUAGE_ID);
    assert.ok(expected("deal").some((e) => e.text === t.text && e.snippet === t.snippet), t.text);
    assert.match(t.snippet, /^deal: \$\{1:new-deal\}/m);
    const line = t.text.split("\n").findIndex((l) => l.startsWith("deal: "));
    assert.deepEqual(t.selection, { start: { line, character: 6 }, end: { line, character: 14 } });
    assert.equal(t.text.split("\n")[line]!.slice(6, 14), "new-deal");
  });

  it("gives a deal that, opened untitled, has no diagnostic and has figures", async () => {
    const t = await client.request<TemplateResult>(TemplateRequest.method, { kind: "deal" });
    const uri = "untitled:Untitled-1";
    await client.open(uri, t.text, 1, t.languageId);
    try {
      assert.deepEqual((await client.diagnosticsOf(uri, 1)).diagnostics, []);
      const figures = await client.request<{ total: string; complete: boolean }>("dealspec/figures", { uri });
      assert.equal(figures.total, "36000000.00");
      assert.equal(figures.complete, true);
    } finally {
      await client.close(uri);
    }
  });

  it("gives a new portfolio, which counts the deal files beside it once saved", async () => {
    const t = await client.request<TemplateResult>(TemplateRequest.method, { kind: "portfolio" });
    assert.equal(t.languageId, PORTFOLIO_LANGUAGE_ID);
    assert.ok(expected("portfolio").some((e) => e.text === t.text && e.snippet === t.snippet), t.text);
    assert.match(t.snippet, /^portfolio: \$\{1:new-portfolio\}/m);
    const line = t.text.split("\n").findIndex((l) => l.startsWith("portfolio: "));
    assert.deepEqual(t.selection, { start: { line, character: 11 }, end: { line, character: 24 } });

    const dir = mkdtempSync(path.join(tmpdir(), "dealspec-template-"));
    writeFileSync(path.join(dir, "alpha.deal.yaml"), newFileTemplate("deal", { id: "alpha" }).text);
    const uri = pathToFileURL(path.join(dir, "team.portfolio.yaml")).href;
    await client.open(uri, t.text, 1, t.languageId);
    try {
      assert.deepEqual((await client.diagnostics(uri)).diagnostics, []);
      const figures = await client.request<{ total: string; deals: Record<string, unknown> }>("dealspec/figures", { uri });
      assert.deepEqual(Object.keys(figures.deals), ["alpha"]);
      assert.equal(figures.total, "36000000.00");
    } finally {
      await client.close(uri);
    }
  });

  it("refuses a kind it does not know", async () => {
    await assert.rejects(client.request(TemplateRequest.method, { kind: "memo" }), /`kind` is "deal" or "portfolio"/);
    await assert.rejects(client.request(TemplateRequest.method, {}), /`kind` is "deal" or "portfolio"/);
  });
});
