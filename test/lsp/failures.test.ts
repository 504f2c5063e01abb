/**
 * An analysis that throws (a bug in Dealspec; no input should reach one) in
 * the language server's caches: a deal file on disk, as the workspace index
 * analyses it for portfolios, and a portfolio itself. Each gives one DS199 and
 * no figures, and the error goes to the log, so nothing computed before stands
 * in for figures that could not be computed; a deal's failure reaches its
 * portfolios as a deal with an error (DS504). The open documents' cache is
 * test/lsp/documents.test.ts's.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { analyze, type Analysis, type PortfolioHost } from "../../server/src/core";
import { locationOfPath, nodeAsyncFileSystem, nodeFileSystem } from "../../server/src/node/host";
import { PortfolioCache } from "../../server/src/lsp/portfolios";
import { WorkspaceIndex } from "../../server/src/lsp/workspace";
import { SMALL_DEAL } from "../support/deals";

const DEAL = SMALL_DEAL;
const PORTFOLIO = `portfolio: p
currency: USD
include: [a.deal.yaml]
`;

/** The core's `analyze`, except that it throws on a text with `BOOM` in it: a stand-in for a bug in the engine. */
function boomOr(text: string): Analysis {
  if (text.includes("BOOM")) throw new Error("boom in the engine");
  return analyze(text);
}

const NO_OPEN_DOCUMENTS = { text: () => undefined, dealAnalysis: () => undefined, locations: () => [] };

describe("an analysis that throws in the server's caches", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "dealspec-failures-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const deal = locationOfPath(path.join(dir, "a.deal.yaml"));
  const portfolio = locationOfPath(path.join(dir, "p.portfolio.yaml"));

  it("a deal on disk: DS199 and no figures, logged; its portfolio reports it as a deal with an error", () => {
    writeFileSync(path.join(dir, "a.deal.yaml"), `${DEAL}notes: BOOM\n`);
    const logged: string[] = [];
    const index = new WorkspaceIndex(NO_OPEN_DOCUMENTS, { sync: nodeFileSystem, async: nodeAsyncFileSystem }, { analyze: boomOr, log: (what, e) => logged.push(`${what}: ${(e as Error).message}`) });
    const a = index.deal(deal)!;
    assert.deepEqual(a.diagnostics.map((d) => [d.code, d.span.start]), [["DS199", 0]]);
    assert.equal(a.figures, undefined);
    assert.deepEqual(logged, [`The analysis of ${deal}: boom in the engine`]);
    const portfolios = new PortfolioCache(index, () => PORTFOLIO);
    const p = portfolios.get(portfolio)!.analysis;
    const ds504 = p.diagnostics.filter((d) => d.code === "DS504");
    assert.equal(ds504.length, 1, p.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
    assert.match(ds504[0]!.message, /DS199/);
    assert.equal(p.figures?.total.toString() ?? "no total", "0", "the deal with an error counts for nothing");
  });

  it("a portfolio: DS199 and no figures, logged, and analysed again when next asked", () => {
    let failing = true;
    let asked = 0;
    // The deal's figures throw when first read, as a lazy figure with a bug would: the portfolio's analysis throws.
    const host: PortfolioHost = {
      listFiles: () => [deal],
      deal: (location) => {
        if (location !== deal) return undefined;
        asked++;
        const a = analyze(DEAL);
        if (!failing) return a;
        return Object.defineProperty({ ...a }, "figures", {
          get() {
            throw new Error("boom in the portfolio engine");
          },
        });
      },
      portfolioText: () => undefined,
    };
    const logged: string[] = [];
    const portfolios = new PortfolioCache(host, () => PORTFOLIO, () => true, (what, e) => logged.push(`${what}: ${(e as Error).message}`));
    for (const n of [1, 2]) {
      const p = portfolios.get(portfolio)!.analysis;
      assert.deepEqual(p.diagnostics.map((d) => [d.code, d.span.start]), [["DS199", 0]]);
      assert.match(p.diagnostics[0]!.message, /internal error \(boom in the portfolio engine\)/);
      assert.equal(p.figures, undefined);
      assert.deepEqual(p.deals, []);
      assert.equal(asked, n, "not kept: each request analyses it again");
      assert.equal(logged.length, n);
    }
    assert.equal(logged[0], `The analysis of the portfolio ${portfolio}: boom in the portfolio engine`);
    failing = false;
    const ok = portfolios.get(portfolio)!;
    assert.deepEqual(ok.analysis.diagnostics, []);
    assert.equal(ok.analysis.figures?.total.toString(), "12000000");
    assert.equal(portfolios.get(portfolio), ok, "a good analysis is kept");
  });
});
