/**
 * `dealspec lint` when an analysis throws (a bug in Dealspec; no input should
 * reach one): the file gets DS199, an error, and the other files are still
 * checked. The analysis is made to throw through the run's host, which
 * `lintFile` asks for each deal's analysis.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { analyze } from "../../server/src/core";
import { lintContext, lintFile, type FileResult } from "../../server/src/cli/lintFile";
import { SMALL_DEAL } from "../support/deals";
import { tempDir } from "./support";

function codesOf(r: FileResult): string[] {
  assert.ok("report" in r, JSON.stringify(r));
  return r.report.diagnostics.map((d) => d.code);
}

describe("lint when an analysis throws", () => {
  it("gives the deal DS199 and checks the others; a portfolio whose analysis throws gets DS199 too", () => {
    const dir = tempDir({
      "bad.deal.yaml": SMALL_DEAL.replace("deal: small", "deal: bad"),
      "good.deal.yaml": SMALL_DEAL,
      "p.portfolio.yaml": "portfolio: p\ncurrency: USD\ninclude: [good.deal.yaml]\n",
    });
    const ctx = lintContext({ cwd: dir });
    const deal = ctx.host.deal.bind(ctx.host);
    let figuresThrow = false;
    // The bad deal's analysis throws; with `figuresThrow`, the good deal's figures throw when a portfolio reads them.
    ctx.host.deal = (location) => {
      if (location.endsWith("/bad.deal.yaml")) throw new Error("boom in the engine");
      const a = deal(location);
      if (!a || !figuresThrow) return a;
      return Object.defineProperty({ ...a }, "figures", {
        get() {
          throw new Error("boom in the portfolio engine");
        },
      });
    };
    const bad = lintFile("bad.deal.yaml", ctx);
    assert.deepEqual(codesOf(bad), ["DS199"]);
    assert.ok("report" in bad && /internal error \(boom in the engine\)/.test(bad.report.diagnostics[0]!.message));
    assert.deepEqual(codesOf(lintFile("good.deal.yaml", ctx)), [], "the other files are still checked");
    assert.deepEqual(codesOf(lintFile("p.portfolio.yaml", ctx)), []);
    figuresThrow = true;
    assert.deepEqual(codesOf(lintFile("p.portfolio.yaml", ctx)), ["DS199"]);
    assert.deepEqual(analyze(SMALL_DEAL).diagnostics, [], "the files themselves are clean");
  });
});
