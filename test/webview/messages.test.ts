/**
 * What the extension saves for each chart of the page: `exportOf` picks the
 * server's CSV and file name stem by chart id (client/src/cashflow/messages.ts),
 * and every export button of the page names its chart and format.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { cashFlowPage } from "../../client/src/cashflow/html";
import { exportOf } from "../../client/src/cashflow/messages";
import { analyze } from "../../server/src/core";
import { cashFlowOf } from "../../server/src/core/features/dealCashFlow";
import { FIXTURES } from "../support/paths";

const data = cashFlowOf(analyze(readFileSync(path.join(FIXTURES, "conformance", "v11-scenarios-exit-curve.deal.yaml"), "utf8")))!;

describe("exports by chart", () => {
  it("gives each chart's CSV and file name stem, and nothing for a chart the data does not have", () => {
    assert.deepEqual(exportOf(data), { csv: data.csv, fileStem: "v11-scenarios-exit-curve-cashflow" });
    assert.deepEqual(exportOf(data, "scenarios"), { csv: data.scenariosCsv, fileStem: "v11-scenarios-exit-curve-scenarios" });
    assert.deepEqual(exportOf(data, "sensitivity"), { csv: data.sensitivity!.csv, fileStem: "v11-scenarios-exit-curve-sensitivity" });
    assert.deepEqual(exportOf(data, "exit-curve-2"), { csv: data.exitCurves[1]!.csv, fileStem: "v11-scenarios-exit-curve-exit-curve-2" });
    assert.equal(exportOf(data, "exit-curve-3"), undefined);
    assert.equal(exportOf(data, "exit-curve-0"), undefined);
    assert.equal(exportOf({ ...data, sensitivity: null }, "sensitivity"), undefined);
    assert.equal(exportOf({ ...data, scenarios: [] }, "scenarios"), undefined);
  });

  it("has export buttons that each name a chart and a format", () => {
    const html = cashFlowPage({ cspSource: "https://x", nonce: "N", scriptUri: "https://x/a.js", styleUri: "https://x/a.css" });
    const buttons = [...html.matchAll(/<button\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(buttons.length >= 7);
    for (const b of buttons) assert.match(b, /data-chart="(cashflow|scenarios|sensitivity)" data-format="(png|svg|csv)"/, b);
  });
});
