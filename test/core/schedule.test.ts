/**
 * The schedule view (server/src/core/schedule/): one row per charge with its
 * factors, the running total, the sums per month, quarter and year, the CSV
 * (RFC 4180 quoting), and the editor's table grouped by year
 * (features/schedule.ts), for a deal and for portfolios, one of them
 * converting at a rate other than 1. Goldens in test/fixtures/schedule
 * (`UPDATE_GOLDEN=1` rewrites them).
 */
import { strict as assert } from "node:assert";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, Decimal, formatMoney, plain } from "../../server/src/core";
import { portfolioScheduleOf, scheduleOf } from "../../server/src/core/features/schedule";
import { csvText, scheduleCsv } from "../../server/src/core/schedule/csv";
import { dealSchedule, portfolioSchedule, scheduleBuckets, type Schedule } from "../../server/src/core/schedule/rows";
import { analyzePortfolioFile } from "../support/portfolio";
import { FIXTURES, SAMPLES, UPDATE_GOLDEN } from "../support/paths";

const GOLDEN = path.join(FIXTURES, "schedule");

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE_GOLDEN) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, "utf8"), `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`);
}

const deal = (file: string) => analyze(readFileSync(file, "utf8"));

function portfolio(file: string) {
  return analyzePortfolioFile(file);
}

const sum = (xs: readonly Decimal[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0));

describe("schedule view of a deal", () => {
  const a = deal(path.join(SAMPLES, "gpu-hour-lease.deal.yaml"));
  const s = dealSchedule(a)!;
  const f = a.figures!;

  it("has one row per charge, in paid order, whose running total ends at the total", () => {
    assert.equal(s.rows.length, f.schedule.length);
    let running = new Decimal(0);
    for (const [i, r] of s.rows.entries()) {
      running = running.plus(r.amount);
      assert.ok(r.cumulative.eq(running), `row ${i}: running total`);
      if (i > 0) assert.ok(s.rows[i - 1]!.paid <= r.paid, `row ${i}: paid order`);
    }
    assert.ok(s.rows.at(-1)!.cumulative.eq(f.total));
  });

  it("gives a unit-priced charge its unit, price and quantity, and each charge its escalation and reprice factors", () => {
    // July 2027 onwards: 8,192 GPUs every day of the month at $2.20 per GPU-hour, paid in arrears.
    const july = s.rows.find((r) => r.fee === "compute" && r.start === a.model!.term!.start + 181)!;
    assert.equal(july.units!.unit, "GPU-hour");
    assert.ok(july.units!.price.eq("2.2"));
    assert.ok(july.units!.quantity!.eq(8192));
    assert.ok(july.units!.quantityDays.eq(8192 * 31));
    assert.ok(july.amount.eq(new Decimal("2.2").times(24).times(8192 * 31)));
    // March 2027 holds the step to 4,096 on the 16th: no one quantity, the quantity-days are the engine's.
    const march = s.rows.find((r) => r.fee === "compute" && r.period === 3)!;
    assert.equal(march.units!.quantity, undefined);
    assert.ok(march.units!.quantityDays.eq(2048 * 15 + 4096 * 16));
    // The renewal option is not exercised: no reprice; no escalation either.
    assert.ok(s.rows.every((r) => r.repriceFactor.eq(1) && r.escalationFactor.eq(1)));
    const support = s.rows.find((r) => r.fee === "support")!;
    assert.equal(support.units, undefined);
  });

  it("an exercised option's reprice and an escalation are the engine's factors", () => {
    const renewal = dealSchedule(deal(path.join(FIXTURES, "conformance", "v11-options-renewal.deal.yaml")))!;
    const repriced = renewal.rows.filter((r) => !r.repriceFactor.eq(1));
    assert.ok(repriced.length > 0);
    const esc = dealSchedule(deal(path.join(FIXTURES, "conformance", "escalator-arrears.deal.yaml")))!;
    const second = esc.rows.find((r) => r.escalations === 2)!;
    assert.ok(second.escalationFactor.eq(new Decimal("1.04").pow(2)));
  });

  it("sums per year are the figures' years; per month and quarter they add up to the total", () => {
    const years = scheduleBuckets(s, "year");
    assert.deepEqual(years.map((b) => [b.period, plain(b.total, f.minor)]), [...f.years].map(([y, v]) => [String(y), plain(v, f.minor)]));
    for (const by of ["month", "quarter", "year"] as const) {
      const buckets = scheduleBuckets(s, by);
      assert.ok(sum(buckets.map((b) => b.total)).eq(f.total), by);
      assert.ok(buckets.at(-1)!.cumulative.eq(f.total), by);
      assert.equal(buckets.reduce((n, b) => n + b.payments, 0), s.rows.length, by);
      for (const b of buckets) assert.ok(sum([...b.byKey.values()]).eq(b.total), `${by} ${b.period}: the fees add up`);
    }
    assert.deepEqual(scheduleBuckets(s, "quarter").map((b) => b.period), ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]);
  });

  it("the editor's table: a group per year with its subtotal and running total, and a totals row (golden)", () => {
    const v = scheduleOf(a);
    const t = v.table!;
    const charge = t.columns.findIndex((c) => c.key === "charge");
    const cumulative = t.columns.findIndex((c) => c.key === "cumulative");
    let running = new Decimal(0);
    for (const g of t.groups) {
      const year = f.years.get(Number(g.key))!;
      running = running.plus(year);
      assert.equal(g.subtotal[0], `${g.key} subtotal`);
      assert.equal(g.subtotal[charge], formatMoney(year, "USD"));
      assert.equal(g.subtotal[cumulative], formatMoney(running, "USD"));
    }
    assert.deepEqual(t.totals.filter((c) => c !== ""), ["Total", `${s.rows.length} payments`, "$115,229,625.60"]);
    assert.deepEqual(t.columns.map((c) => c.key), ["paid", "fee", "period", "covers", "days", "quantity", "unit_price", "charge", "cumulative"]);
    assert.equal(v.csv, scheduleCsv(s));
    golden("gpu-hour-lease.view.json", `${JSON.stringify({ ...v, csv: undefined }, null, 2)}\n`);
  });

  it("no schedule without figures: the summary says why", () => {
    const broken = analyze("dealspec: 1\ndeal: x\ncurrency: USD\nparties: {buyer: A, provider: B}\nterm: {start: 2027-01-01, months: 12}\nfees:\n  - id: lease\n    amount: 40m\n    every: month\n");
    assert.equal(dealSchedule(broken), undefined);
    const v = scheduleOf(broken);
    assert.equal(v.table, null);
    assert.equal(v.csv, "");
    assert.match(v.summary, /^No schedule\. No figures: no fee could be evaluated/);
  });
});

describe("schedule CSV", () => {
  it("quotes a cell holding a comma or a double quote (RFC 4180), doubling the quotes, and ends records with CRLF", () => {
    const s = dealSchedule(deal(path.join(SAMPLES, "colossus-1.deal.yaml")))!;
    // A fee id the language does not allow, so that the writer meets a comma and a quote.
    const odd: Schedule = { ...s, rows: s.rows.slice(0, 2).map((r) => ({ ...r, fee: 'ramp,"x"' })) };
    assert.equal(
      scheduleCsv(odd),
      [
        "paid,fee,period,start,end,days,full_days,escalations,amount,cumulative,unit,quantity,quantity_days,unit_price,escalation_factor,reprice_factor",
        '2026-05-01,"ramp,""x""",1,2026-05-01,2026-05-31,31,31,0,625000000.00,625000000.00,,,,,1,1',
        '2026-06-01,"ramp,""x""",2,2026-06-01,2026-06-30,30,30,0,625000000.00,1250000000.00,,,,,1,1',
      ].join("\r\n"),
    );
    assert.equal(csvText([["a\nb", "c\rd", "plain"]]), '"a\nb","c\rd",plain');
  });
});

describe("schedule view of a portfolio", () => {
  it("lists every counted deal's payments with the deal's id; its year subtotals and total are the portfolio's", () => {
    const pa = portfolio(path.join(SAMPLES, "anthropic-compute.portfolio.yaml"));
    const s = portfolioSchedule(pa)!;
    const f = pa.figures!;
    assert.equal(s.rows.length, f.deals.reduce((n, d) => n + d.figures.schedule.length, 0));
    assert.deepEqual(new Set(s.rows.map((r) => r.deal)), new Set(f.deals.map((d) => d.id)));
    assert.equal(s.converts, false);
    assert.deepEqual(scheduleBuckets(s, "year").map((b) => [b.period, b.total.toFixed(2)]), [...f.years].map(([y, v]) => [String(y), v.toFixed(2)]));
    assert.ok(s.rows.at(-1)!.cumulative.eq(f.total));
    const v = portfolioScheduleOf(pa);
    assert.equal(v.kind, "portfolio");
    assert.equal(v.table!.columns[0]!.label, "Deal");
    assert.equal(v.table!.totals[v.table!.columns.findIndex((c) => c.key === "charge")], "$2,041,070,480,000.00");
    assert.ok(v.csv.startsWith("deal,paid,fee,period,"));
  });

  it("converts at the portfolio's rates: rows one by one, subtotals deal by deal as the portfolio's years (golden)", () => {
    const pa = portfolio(path.join(FIXTURES, "portfolio", "fx-rounding", "usd.portfolio.yaml"));
    const s = portfolioSchedule(pa)!;
    assert.equal(s.converts, true);
    // 2026: halves €1,000.05 -> $1,100.06 and credit's months; the year is the portfolio's $12,100.06.
    const years = scheduleBuckets(s, "year");
    assert.deepEqual(years.map((b) => [b.period, b.total.toFixed(2)]), [["2026", "12100.06"], ["2027", "1100.00"]]);
    const v = portfolioScheduleOf(pa);
    const t = v.table!;
    const converted = t.columns.findIndex((c) => c.key === "converted");
    assert.equal(t.columns[converted]!.label, "Charge (USD)");
    assert.deepEqual(t.groups.map((g) => g.subtotal[converted]), ["$12,100.06", "$1,100.00"]);
    assert.equal(t.totals[converted], "$13,200.06");
    assert.equal(v.notes.length, 1);
    golden("fx-rounding-usd.portfolio.csv", `${v.csv}\r\n`);
  });
});
