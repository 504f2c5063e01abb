/**
 * The diagnostics scheduler's pause follows the cost of the analysis: twice
 * the document's last analysis time, at least MIN_PAUSE_MS, at most the
 * configured delay; unknown cost waits the full delay. (The publications
 * themselves are tested through the protocol in diagnostics.test.ts.)
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { DiagnosticsScheduler, MIN_PAUSE_MS, type DiagnosticsTarget } from "../../server/src/lsp/scheduler";

function scheduler(costs: Record<string, number>, delayMs = 150): DiagnosticsScheduler<string> {
  const target: DiagnosticsTarget<string> = {
    currentVersion: () => 1,
    compute: () => ({ version: 1, diagnostics: [] }),
    publish: () => {},
    logError: () => {},
    cost: (uri) => costs[uri],
  };
  return new DiagnosticsScheduler(target, delayMs);
}

describe("the diagnostics pause", () => {
  const s = scheduler({ tiny: 0.4, small: 2.2, medium: 31.5, large: 420 });
  for (const [uri, pause] of [
    ["tiny", MIN_PAUSE_MS],
    ["small", MIN_PAUSE_MS],
    ["medium", 63],
    ["large", 150],
    ["never analysed", 150],
  ] as const) {
    it(`${uri}: ${pause} ms`, () => assert.equal(s.pauseFor(uri), pause));
  }
  it("never exceeds the configured delay", () => assert.equal(scheduler({ a: 50 }, 40).pauseFor("a"), 40));
});
