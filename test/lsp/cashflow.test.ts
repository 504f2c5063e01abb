/**
 * `dealspec/cashflow` through the real protocol, for the charts of version
 * 1.1: each scenario's cumulative spend by month (on a month axis shared with
 * the base), each clause's exit curve with its cheapest and dearest notice
 * dates, and the sensitivity; compared with the engine's JSON (what
 * `dealspec scenarios`, `dealspec totals --json` and `dealspec sensitivity`
 * print).
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { analyze, Decimal, figuresJson, scenariosJson, sensitivity, sensitivityJson } from "../../server/src/core";
import type { CashFlowView } from "../../protocol/src";
import { LspClient } from "../support/lspClient";
import { FIXTURES } from "../support/paths";

const FILE = path.join(FIXTURES, "conformance", "v11-scenarios-exit-curve.deal.yaml");
const TEXT = readFileSync(FILE, "utf8");

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

async function cashFlow(text: string): Promise<CashFlowView> {
  const uri = await client.openDeal(text, "lsp-cashflow");
  const flow = await client.request<CashFlowView | null>("dealspec/cashflow", { uri });
  assert.ok(flow, "a deal with figures has a cash flow");
  return flow;
}

describe("dealspec/cashflow: scenarios, exit curves and sensitivity", () => {
  it("gives each scenario's cumulative spend by month, ending at its total, its years as `dealspec scenarios` gives them", async () => {
    const flow = await cashFlow(TEXT);
    const cli = scenariosJson(analyze(TEXT));
    assert.deepEqual(
      flow.scenarios.map((s) => s.id),
      cli.scenarios.slice(1).map((c) => c.id),
    );
    // The axis covers the base (Jan 2026 to Jun 2027) and the extension by 6 months.
    assert.equal(flow.axis.base, 0);
    assert.deepEqual([flow.axis.months.length, flow.axis.months[0]!.month, flow.axis.months.at(-1)!.month], [24, "2026-01", "2027-12"]);
    assert.deepEqual(
      flow.axis.months.slice(0, flow.months.length).map((m) => m.month),
      flow.months.map((m) => m.month),
    );
    for (const s of flow.scenarios) {
      const column = cli.scenarios.find((c) => c.id === s.id)!;
      assert.equal(s.unavailable, null, s.id);
      const f = s.figures!;
      assert.equal(f.total.amount, column.total, s.id);
      assert.equal(f.months.at(-1)!.cumulative.amount, column.total, `${s.id} ends at its total`);
      assert.deepEqual(f.delta.total?.amount ?? null, column.delta?.total ?? null);
      assert.deepEqual(f.delta.npv?.amount ?? null, column.delta?.npv ?? null);
      // Contiguous months on the axis, each the difference of the running totals.
      f.months.forEach((m, i) => {
        assert.equal(m.month, flow.axis.months[f.start + i]!.month);
        const before = i === 0 ? new Decimal(0) : new Decimal(f.months[i - 1]!.cumulative.amount);
        assert.ok(before.plus(m.total.amount).eq(m.cumulative.amount), `${s.id} ${m.month}`);
      });
      const years = new Map<string, Decimal>();
      for (const m of f.months) years.set(m.month.slice(0, 4), (years.get(m.month.slice(0, 4)) ?? new Decimal(0)).plus(m.total.amount));
      assert.deepEqual(
        Object.fromEntries([...years].filter(([, v]) => !v.isZero()).map(([y, v]) => [y, v.toFixed(2)])),
        column.years,
        `${s.id} by year`,
      );
    }
    const extended = flow.scenarios.find((s) => s.id === "extended")!.figures!;
    assert.deepEqual([extended.term.until, extended.months.length, extended.delta.total!.display], ["2027-12-31", 24, "+$30,600,000.00"]);
    assert.equal(flow.scenarios.find((s) => s.id === "early-exit")!.figures!.months.at(-1)!.month, "2026-12");
    assert.match(flow.scenarios.find((s) => s.id === "repriced")!.applied.join("; "), /change assumed: \+20%/);
    // The CSV: one row per month of the axis, the base and each scenario's running total.
    const rows = flow.scenariosCsv.split("\r\n");
    assert.equal(rows[0], "month,base,repriced,late-start,extended,early-exit");
    assert.equal(rows.length, 1 + 24);
    assert.equal(rows[18], "2027-06,91800000.00,84160000.00,81800000.00,91800000.00,");
    assert.equal(rows[24], "2027-12,,,,122400000.00,");
    assert.equal(flow.scenariosFileStem, "v11-scenarios-exit-curve-scenarios");
  });

  it("lists a scenario with errors as not drawn, with the reason, and keeps the base whole", async () => {
    const flow = await cashFlow(`${TEXT}  - id: broken\n    exercise: [extend-6y]\n`);
    const broken = flow.scenarios.find((s) => s.id === "broken")!;
    assert.equal(broken.figures, null);
    assert.match(broken.unavailable!, /^Not drawn: the scenario has errors \(DS604: There is no option `extend-6y`/);
    assert.equal(flow.complete, true, "an error inside a scenario leaves the base deal complete");
    assert.equal(flow.scenarios.filter((s) => s.figures).length, 4);
    assert.equal(flow.scenariosCsv.split("\r\n")[0], "month,base,repriced,late-start,extended,early-exit");
    assert.notEqual(flow.sensitivity, null);
  });

  it("gives each clause's exit curve as `totals --json` has it, with its cheapest and dearest dates", async () => {
    const flow = await cashFlow(TEXT);
    const curves = figuresJson(analyze(TEXT)).exit_curve!;
    assert.equal(flow.exitCurves.length, 2);
    flow.exitCurves.forEach((c, i) => {
      assert.equal(c.clause, i + 1);
      assert.deepEqual(
        c.points.map((p) => ({ on: p.on, exposure: p.exposure.amount })),
        curves[i],
      );
      const values = curves[i]!.map((p) => new Decimal(p.exposure));
      const min = Decimal.min(...values);
      const max = Decimal.max(...values);
      assert.equal(c.cheapest, values.findIndex((v) => v.eq(min)), "the earliest cheapest date");
      assert.equal(c.dearest, values.findIndex((v) => v.eq(max)), "the earliest dearest date");
    });
    const first = flow.exitCurves[0]!;
    assert.deepEqual([first.by, first.notice, first.points[first.cheapest!]!.on, first.points[first.dearest!]!.on], ["buyer", "3 months", "2027-06-01", "2026-03-01"]);
    assert.equal(flow.exitCurves[1]!.points[0]!.label, "1 Oct 2026");
    assert.equal(first.csv.split("\r\n")[0], "notice_on,exposure,mark");
    assert.equal(first.csv.split("\r\n")[3], "2026-03-01,17304432.23,dearest");
    assert.equal(first.fileStem, "v11-scenarios-exit-curve-exit-curve-1");
  });

  it("gives the sensitivity in the order and with the figures of `dealspec sensitivity`", async () => {
    const flow = await cashFlow(TEXT);
    const a = analyze(TEXT);
    const cli = sensitivityJson(a, sensitivity(a)!);
    const s = flow.sensitivity!;
    assert.equal(flow.sensitivityUnavailable, null);
    assert.deepEqual([s.measure, s.step, s.base.amount], [cli.measure, cli.step, "85911577.42"]);
    assert.deepEqual(
      s.drivers.map((d) => d.driver),
      cli.drivers.map((d) => d.driver),
    );
    s.drivers.forEach((d, i) => {
      const c = cli.drivers[i]!;
      assert.deepEqual([d.low.label, d.low.deltaTotal?.amount, d.low.deltaNpv?.amount, d.low.delta?.amount], [c.low.label, c.low.delta_total, c.low.delta_npv, c.low.delta_npv]);
      assert.deepEqual([d.high?.label ?? null, d.high?.deltaNpv?.amount ?? null], [c.high?.label ?? null, c.high?.delta_npv ?? null]);
      assert.equal(d.swing.amount, c.swing);
    });
    assert.deepEqual(
      s.drivers.map((d) => [d.driver, d.low.delta!.display, d.high?.delta?.display ?? null]),
      [
        ["option extend-6m", "+$26,013,473.32", null],
        ["discount rate", "+$541,110.83", "-$531,562.25"],
        ["support amount", "-$169,766.11", "+$169,766.10"],
      ],
    );
  });

  it("says why there is no sensitivity for a deal with errors, and gives a deal without scenarios an axis equal to its months", async () => {
    const flow = await cashFlow(TEXT.replace("  - id: support\n    amount: $300k", "  - id: support\n    amount: lots"));
    assert.equal(flow.complete, false);
    assert.equal(flow.sensitivity, null);
    assert.match(flow.sensitivityUnavailable!, /errors/);
    const plain = await cashFlow(TEXT.slice(0, TEXT.indexOf("scenarios:")));
    assert.deepEqual(plain.scenarios, []);
    assert.deepEqual(
      plain.axis.months.map((m) => m.label),
      plain.months.map((m) => m.label),
    );
    assert.equal(plain.scenariosCsv.split("\r\n")[0], "month,base");
  });

  it("leaves the sensitivity of a deal too large to vary on every edit to the CLI", async () => {
    // 40 assumed monthly fees over 3 years: 80 generated scenarios over 1,440 charges, beyond the budget.
    const fees = Array.from({ length: 40 }, (_, i) => `  - id: fee-${i + 1}\n    amount: $${i + 1}M\n    every: month\n    basis: assumed\n`).join("");
    const flow = await cashFlow(`dealspec: 1\ndeal: wide\ncurrency: USD\nparties: {buyer: A, provider: B}\nterm: {start: 2026-01-01, months: 36}\nfees:\n${fees}`);
    assert.equal(flow.complete, true);
    assert.equal(flow.sensitivity, null);
    assert.match(flow.sensitivityUnavailable!, /`dealspec sensitivity`/);
  });
});
