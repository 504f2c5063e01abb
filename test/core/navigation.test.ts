/**
 * What the navigation requests are about (core/features/navigation.ts): the
 * deal id as its own definition, what a reference search in a portfolio looks
 * for, and a deal file's workspace symbol, the same from its analysis as from
 * its text alone. The language server's use of them is tested through the
 * protocol in test/lsp/portfolio.test.ts.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { analyze, analyzePortfolio } from "../../server/src/core";
import { memoryHost } from "../support/portfolio";
import { dealIdAt, dealSymbolInfo, dealSymbolName, portfolioReferencesAt } from "../../server/src/core/features";

const DEAL = `dealspec: 1
deal: alpha
currency: USD
parties: {buyer: Anthropic, provider: "  Northwind "}
term: {start: 2026-01-01, months: 12}
fees:
  - id: base
    amount: $1M
    every: month
`;

/** The offset of `|` in `marked`, which is `text` with a `|` inserted. */
function at(text: string, marked: string): number {
  const offset = marked.indexOf("|");
  const found = text.indexOf(marked.replace("|", ""));
  assert.ok(offset >= 0 && found >= 0, marked);
  return found + offset;
}

describe("navigation in a deal file", () => {
  const a = analyze(DEAL);

  it("the id is its own definition, on its key or its value, and nothing else is", () => {
    const id = { start: DEAL.indexOf("alpha"), end: DEAL.indexOf("alpha") + "alpha".length };
    assert.deepEqual(dealIdAt(a, at(DEAL, "deal: al|pha")), id);
    assert.deepEqual(dealIdAt(a, at(DEAL, "de|al: alpha")), id);
    assert.equal(dealIdAt(a, at(DEAL, "curr|ency")), undefined);
    assert.equal(dealIdAt(a, at(DEAL, "id: ba|se")), undefined);
  });

  it("gives a deal's symbol the same from its analysis and from its text alone: id, trimmed provider, the id's span", () => {
    const info = dealSymbolInfo(a);
    assert.deepEqual(info, { id: "alpha", provider: "Northwind", span: a.model!.idSpan });
    assert.deepEqual(dealSymbolInfo(DEAL), info);
    // A file without an id has no symbol; one whose fees cannot be read still has one.
    assert.equal(dealSymbolInfo("dealspec: 1\ncurrency: USD\n").id, undefined);
    assert.equal(dealSymbolInfo(analyze("dealspec: 1\ncurrency: USD\n")).id, undefined);
    const broken = DEAL.replace("amount: $1M", "amount: lots");
    assert.deepEqual(dealSymbolInfo(analyze(broken)), dealSymbolInfo(broken));
  });

  it("names a deal's symbol `id (provider)`, matched by its id or its provider", () => {
    const info = dealSymbolInfo(DEAL);
    assert.equal(dealSymbolName(info, ""), "alpha (Northwind)");
    assert.equal(dealSymbolName(info, "alp"), "alpha (Northwind)");
    assert.equal(dealSymbolName(info, "north"), "alpha (Northwind)");
    assert.equal(dealSymbolName(info, "contoso"), undefined);
    assert.equal(dealSymbolName({ id: "alpha", provider: "" }, ""), "alpha");
    assert.equal(dealSymbolName({ provider: "Northwind" }, ""), undefined);
  });
});

describe("references from a portfolio file", () => {
  const files = new Map([
    ["file:///w/deals/alpha.deal.yaml", DEAL],
    ["file:///w/deals/beta.deal.yaml", DEAL.replace("deal: alpha", "deal: beta")],
    ["file:///w/nested.portfolio.yaml", "portfolio: nested\ninclude:\n  - deals/beta.deal.yaml\n"],
  ]);
  const host = memoryHost(files);
  const TEXT = "portfolio: book\ninclude:\n  - deals/*.deal.yaml\n  - nested.portfolio.yaml\ncurrency: USD\n";
  const pa = analyzePortfolio(TEXT, "file:///w/book.portfolio.yaml", host);

  it("on the portfolio's id or key: the portfolio itself, with no declaration", () => {
    assert.deepEqual(portfolioReferencesAt(pa, at(TEXT, "portfolio: bo|ok")), [{ location: "file:///w/book.portfolio.yaml" }]);
    assert.deepEqual(portfolioReferencesAt(pa, at(TEXT, "portf|olio: book")), [{ location: "file:///w/book.portfolio.yaml" }]);
  });

  it("on an include: each file it matched, a deal with its id as the declaration", () => {
    const refs = portfolioReferencesAt(pa, at(TEXT, "deals/*.de|al.yaml"));
    assert.deepEqual(
      refs.map((r) => [r.location, r.declaration?.span && r.declaration.text?.slice(r.declaration.span.start, r.declaration.span.end)]),
      [
        ["file:///w/deals/alpha.deal.yaml", "alpha"],
        ["file:///w/deals/beta.deal.yaml", "beta"],
      ],
    );
    assert.deepEqual(portfolioReferencesAt(pa, at(TEXT, "nested.port|folio.yaml")), [{ location: "file:///w/nested.portfolio.yaml" }]);
  });

  it("elsewhere: nothing", () => {
    assert.deepEqual(portfolioReferencesAt(pa, at(TEXT, "curr|ency")), []);
    assert.deepEqual(portfolioReferencesAt(pa, at(TEXT, "incl|ude:")), []);
  });
});
