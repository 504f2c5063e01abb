/**
 * The cash flow behind "Dealspec: Show Cash Flow" (core/features/cashflow.ts):
 * hand-worked cases (Colossus 1, a mid-month term, a portfolio converted at a
 * rate), and invariants over every sample and fixture deal: the months are
 * contiguous and sum to the deal's total, each fee's months sum to its total,
 * the running total ends at the total, and the CSV is the one
 * `dealspec schedule --format csv` prints.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, analyzePortfolio, Decimal, figuresJson, portfolioFiguresJson } from "../../server/src/core";
import { cashFlowOf } from "../../server/src/core/features/dealCashFlow";
import { portfolioCashFlowOf } from "../../server/src/core/features/portfolioCashFlow";
import { schedule } from "../../server/src/cli/schedule";
import type { CashFlowView } from "../../protocol/src";
import { FIXTURES, ROOT, SAMPLES } from "../support/paths";
import { fileHost, fileLocation } from "../../server/src/cli/host";

const read = (file: string) => readFileSync(file, "utf8");
const sum = (values: readonly string[]) => values.reduce((s, v) => s.plus(v), new Decimal(0));

function dealCashFlow(file: string): CashFlowView {
  const r = cashFlowOf(analyze(read(file)));
  assert.ok(r, `${file} has a cash flow`);
  return r;
}

/** `dealspec schedule FILE --format csv`, run in process. */
function cliCsv(file: string): string {
  const out: string[] = [];
  const code = schedule([file, "--format", "csv"], { cwd: ROOT, out: (t) => out.push(t), err: () => {} });
  assert.equal(code, 0, `dealspec schedule ${file}`);
  return out.join("\n");
}

describe("cash flow of Colossus 1", () => {
  const r = dealCashFlow(path.join(SAMPLES, "colossus-1.deal.yaml"));

  it("has one month per calendar month of the term, May 2026 to May 2029", () => {
    assert.equal(r.months.length, 37);
    assert.equal(r.months[0]!.month, "2026-05");
    assert.equal(r.months[0]!.label, "May 2026");
    assert.equal(r.months[36]!.month, "2029-05");
  });

  it("pays the ramp in May and June, the base rate after", () => {
    assert.deepEqual(
      r.months.slice(0, 3).map((m) => m.byFee.map((p) => [p.key, p.amount, p.display])),
      [[["ramp", "625000000.00", "$625,000,000.00"]], [["ramp", "625000000.00", "$625,000,000.00"]], [["base", "1250000000.00", "$1,250,000,000.00"]]],
    );
    for (const m of r.months.slice(2)) assert.deepEqual([m.total.amount, m.total.compact], ["1250000000.00", "$1.25B"], m.month);
  });

  it("runs the cumulative total to $45B", () => {
    assert.equal(r.months[1]!.cumulative.display, "$1,250,000,000.00");
    assert.equal(r.months[36]!.cumulative.amount, "45000000000.00");
    assert.deepEqual(r.total, { amount: "45000000000.00", display: "$45,000,000,000.00", compact: "$45B" });
    assert.deepEqual(r.peakMonth, { month: "2026-07", label: "Jul 2026", amount: { amount: "1250000000.00", display: "$1,250,000,000.00", compact: "$1.25B" } });
  });

  it("places the term and the fee windows on the month axis", () => {
    assert.deepEqual(r.term, { from: "2026-05-01", until: "2029-05-31", start: 0, end: 37, days: 1127 });
    assert.deepEqual(
      r.fees.map((f) => [f.id, f.label, f.basis, f.window, f.total.amount, f.payments]),
      [
        ["ramp", "Ramp-up rate (May and June 2026)", "assumed", { from: "2026-05-01", until: "2026-06-30", start: 0, end: 2 }, "1250000000.00", 2],
        ["base", "Full capacity rate", "reported", { from: "2026-07-01", until: "2029-05-31", start: 2, end: 37 }, "43750000000.00", 35],
      ],
    );
  });

  it("shades the 90-day notice window: 2026-05-01 to 07-29, 29 of July's 31 days", () => {
    assert.deepEqual(r.exits, [
      {
        clause: 1,
        by: "either",
        notice: "90 days",
        window: { from: "2026-05-01", until: "2026-07-29", start: 0, end: 2.9355 },
        cutAtTermEnd: false,
        exposure: { amount: "2419354838.71", display: "$2,419,354,838.71", compact: "$2.42B" },
      },
    ]);
  });

  it("names its files after the deal", () => {
    assert.equal(r.fileStem, "colossus-1-cashflow");
    assert.equal(r.complete, true);
  });
});

describe("cash flow: edge cases", () => {
  it("a term starting mid-month sits at its fraction of the month", () => {
    const r = cashFlowOf(
      analyze(["dealspec: 1", "deal: mid", "currency: EUR", "parties: {buyer: A, provider: B}", "term: {start: 2026-01-15, months: 2}", "fees:", "  - {id: f, amount: €100, every: month}", ""].join("\n")),
    )!;
    // Term 2026-01-15 .. 03-14: from 14/31 of January to 14/31 of March.
    assert.deepEqual(r.term, { from: "2026-01-15", until: "2026-03-14", start: 0.4516, end: 2.4516, days: 59 });
    assert.deepEqual(r.months.map((m) => [m.month, m.total.display]), [["2026-01", "€100.00"], ["2026-02", "€100.00"], ["2026-03", "€0.00"]]);
    assert.deepEqual(r.months[2]!.byFee, []);
  });

  it("keeps credits negative, in the month and in the running total", () => {
    const r = cashFlowOf(
      analyze(
        [
          "dealspec: 1",
          "deal: credits",
          "currency: USD",
          "parties: {buyer: A, provider: B}",
          "term: {start: 2026-01-01, months: 2}",
          "fees:",
          "  - {id: fee, amount: '$1,000', every: month}",
          "  - {id: rebate, amount: '$1,500', every: once, from: 2026-02-10, credit: true}",
          "",
        ].join("\n"),
      ),
    )!;
    assert.deepEqual(r.months[1]!.byFee.map((p) => [p.key, p.display]), [["fee", "$1,000.00"], ["rebate", "-$1,500.00"]]);
    assert.equal(r.months[1]!.total.display, "-$500.00");
    assert.equal(r.months[1]!.cumulative.display, "$500.00");
    assert.deepEqual(r.fees[1]!.window, { from: "2026-02-10", until: "2026-02-10", start: 1.3214, end: 1.3571 });
    assert.equal(r.fees[1]!.credit, true);
  });

  it("has no cash flow when the engine stops before the term", () => {
    assert.equal(cashFlowOf(analyze("deal: [unclosed")), null);
    assert.equal(cashFlowOf(analyze("dealspec: 1\ndeal: x\n")), null);
  });

  it("marks a chart of a deal with errors as incomplete", () => {
    const r = cashFlowOf(
      analyze(["dealspec: 1", "deal: broken", "currency: USD", "parties: {buyer: A, provider: B}", "term: {start: 2026-01-01, months: 2}", "fees:", "  - {id: ok, amount: $10, every: month}", "  - {id: bad, amount: 10m, every: month}", ""].join("\n")),
    )!;
    assert.equal(r.complete, false);
    assert.deepEqual(r.fees.map((f) => f.id), ["ok"]);
    assert.equal(r.total.display, "$20.00");
  });

  it("writes the schedule's CSV: the schedule view's columns, one CRLF-ended record per payment (quoting: test/core/schedule.test.ts)", () => {
    const r = cashFlowOf(analyze(read(path.join(SAMPLES, "colossus-1.deal.yaml"))))!;
    assert.ok(r.csv.startsWith("paid,fee,period,start,end,days,full_days,escalations,amount,cumulative,unit,quantity,quantity_days,unit_price,escalation_factor,reprice_factor\r\n2026-05-01,ramp,1,2026-05-01,2026-05-31,31,31,0,625000000.00,625000000.00,,,,,1,1\r\n"));
    assert.equal(r.csv.split("\r\n").length, 1 + 37);
  });
});

function dealFiles(): string[] {
  const dirs = [SAMPLES, path.join(FIXTURES, "conformance"), path.join(FIXTURES, "figures")];
  return dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".deal.yaml")).map((f) => path.join(d, f)));
}

describe("cash flow invariants over the samples and fixtures", () => {
  const files = dealFiles();
  assert.ok(files.length >= 20, "the deals are present");
  for (const file of files) {
    it(path.relative(ROOT, file), () => {
      const a = analyze(read(file));
      const r = cashFlowOf(a)!;
      const figures = figuresJson(a);
      // Contiguous months, each the sum of its fees' parts.
      for (let i = 1; i < r.months.length; i++) {
        const [py, pm] = r.months[i - 1]!.month.split("-").map(Number) as [number, number];
        assert.equal(r.months[i]!.month, `${pm === 12 ? py + 1 : py}-${String(pm === 12 ? 1 : pm + 1).padStart(2, "0")}`);
      }
      for (const m of r.months) assert.ok(sum(m.byFee.map((p) => p.amount)).eq(m.total.amount), m.month);
      // The same months and total as the figures; the running total ends at the total.
      assert.ok(sum(r.months.map((m) => m.total.amount)).eq(figures.total!));
      assert.equal(r.total.amount, figures.total);
      assert.equal(r.months.at(-1)!.cumulative.amount, figures.total);
      const years = new Map<string, Decimal>();
      for (const m of r.months) years.set(m.month.slice(0, 4), (years.get(m.month.slice(0, 4)) ?? new Decimal(0)).plus(m.total.amount));
      for (const [y, v] of Object.entries(figures.years)) assert.ok(years.get(y)!.eq(v), `year ${y}`);
      // Each fee's parts sum to its total, its payments to its periods.
      for (const fee of r.fees) {
        const parts = r.months.flatMap((m) => m.byFee.filter((p) => p.key === fee.id));
        assert.ok(sum(parts.map((p) => p.amount)).eq(figures.fees[fee.id]!.total), fee.id);
        assert.equal(parts.reduce((n, p) => n + p.payments, 0), figures.fees[fee.id]!.periods);
        assert.ok(fee.window.start >= 0 && fee.window.end <= r.months.length && fee.window.start < fee.window.end, fee.id);
      }
      assert.equal(r.exits.length, figures.exit_exposure.length);
      r.exits.forEach((e, i) => assert.equal(e.exposure.amount, figures.exit_exposure[i]));
      assert.ok(r.term.start >= 0 && r.term.start < 1 && r.term.end > r.months.length - 1 && r.term.end <= r.months.length);
      assert.equal(r.csv, cliCsv(file));
    });
  }
});

describe("portfolio cash flow, stacked by provider", () => {
  it("the buyer's five reported deals: shares and months by provider", () => {
    const file = path.join(SAMPLES, "anthropic-compute.portfolio.yaml");
    const a = analyzePortfolio(read(file), fileLocation(file), fileHost());
    const r = portfolioCashFlowOf(a)!;
    const json = portfolioFiguresJson(a);
    assert.equal(r.total.display, "$2,041,070,480,000.00");
    assert.deepEqual(
      r.providers.map((p) => [p.name, p.shareDisplay]),
      Object.entries(json.providers).map(([name, p]) => [name, `${p.percent}%`]),
    );
    assert.deepEqual(r.providers[0]!.name, "Google");
    assert.equal(r.providers[0]!.shareDisplay, "49.19%");
    // All in USD: months sum exactly to each provider's total and to the total.
    for (const p of r.providers) assert.ok(sum(r.months.flatMap((m) => m.byProvider.filter((x) => x.key === p.name).map((x) => x.amount))).eq(p.total.amount), p.name);
    assert.equal(r.months.at(-1)!.cumulative.amount, json.total);
    assert.equal(r.months[0]!.month, "2026-05");
    assert.deepEqual(r.months[0]!.byProvider.map((p) => [p.key, p.display]), [["SpaceX", "$625,000,000.00"]]);
    assert.equal(r.csv.split("\r\n")[0], `month,${r.providers.map((p) => p.name).join(",")},total,cumulative`);
    assert.equal(r.csv.split("\r\n").length, 1 + r.months.length);
    assert.equal(r.fileStem, "anthropic-compute-cashflow");
  });

  it("converts each deal's month at its rate, rounds, then sums (fixtures/portfolio/fx-rounding)", () => {
    const file = path.join(FIXTURES, "portfolio", "fx-rounding", "usd.portfolio.yaml");
    const r = portfolioCashFlowOf(analyzePortfolio(read(file), fileLocation(file), fileHost()))!;
    assert.equal(r.months.length, 24);
    const paying = r.months.filter((m) => m.byProvider.length > 0).map((m) => [m.month, m.byProvider.map((p) => `${p.key} ${p.display}`).join(", ")]);
    // €1,000.05 x 1.1 = 1,100.055 -> $1,100.06; €10,000 x 1.1 = $11,000; -€0.05 x 1.1 = -0.055 -> -$0.06.
    assert.deepEqual(paying, [
      ["2026-03", "Northwind $1,100.06"],
      ["2026-06", "Contoso $11,000.00"],
      ["2027-03", "Northwind $1,100.06"],
      ["2027-06", "Contoso -$0.06"],
    ]);
    assert.deepEqual(r.providers.map((p) => [p.name, p.total.display, p.share, p.shareDisplay]), [
      ["Contoso", "$10,999.95", "0.833326", "83.33%"],
      ["Northwind", "$2,200.11", "0.166674", "16.67%"],
    ]);
    assert.equal(r.months.at(-1)!.cumulative.display, "$13,200.06");
  });

  it("has no cash flow without figures", () => {
    assert.equal(portfolioCashFlowOf(analyzePortfolio("portfolio: [", "file:///x.portfolio.yaml", fileHost())), null);
  });
});
