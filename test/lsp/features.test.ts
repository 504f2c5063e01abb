/**
 * Inlay hints, CodeLens, outline, folding, settings and the custom requests,
 * through the real protocol.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CodeLens, DocumentSymbol, FoldingRange, InlayHint } from "vscode-languageserver";
import { Decimal } from "../../server/src/core";
import type { ScheduleView } from "../../protocol/src";
import { assertFigures } from "../support/figures";
import { LspClient } from "../support/lspClient";
import { FIXTURES } from "../support/paths";
import { positionOf } from "./helpers";

const COLOSSUS = readFileSync(path.join(FIXTURES, "lsp", "colossus.deal.yaml"), "utf8");
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

/** Opens `text` under a fresh URI and waits for its first diagnostics. */
function openDoc(text: string, c = client): Promise<string> {
  return c.openDeal(text, "lsp-features");
}

function hints(uri: string, c = client): Promise<InlayHint[]> {
  return c.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: EVERYWHERE });
}

/** Each hint as `line text ⟨label⟩`, the label inserted where the client shows it. */
function rendered(text: string, list: readonly InlayHint[]): string[] {
  const lines = text.split("\n");
  return list.map((h) => {
    const line = lines[h.position.line]!;
    return `${line.slice(0, h.position.character).trim()} ⟨${String(h.label)}⟩`;
  });
}

describe("inlay hints", () => {
  it("show each fee's total and periods, the term's length, exit exposure, expectation checks and unit costs", async () => {
    const uri = await openDoc(COLOSSUS);
    assert.deepEqual(rendered(COLOSSUS, await hints(uri)), [
      "end: 2029-05-31 ⟨1,127 days · 37 mo⟩",
      "power: 300 MW ⟨$4.17M/MW-mo⟩",
      "gpus: 220000 ⟨$7.56/GPU-h⟩",
      "amount: $625M ⟨= $1.25B · 2 mo⟩",
      "amount: $1.25B ⟨= $43.75B · 35 mo⟩",
      "notice: 90 days ⟨exit $2.42B⟩",
      "total: $45B ⟨✓⟩",
      "run_rate: $15B ⟨✓⟩",
    ]);
  });

  it("use q, yr and once for other intervals, and show a failed expectation's computed value", async () => {
    const text = readFileSync(path.join(FIXTURES, "conformance", "escalator-arrears.deal.yaml"), "utf8")
      .replace("discount_rate:", "  - id: setup\n    amount: €1M\n    every: once\n  - id: licence\n    amount: €100k\n    every: year\ndiscount_rate:")
      .concat("expect:\n  total: €100M\n");
    const uri = await openDoc(text);
    const labels = rendered(text, await hints(uri));
    assert.ok(labels.includes("amount: €3.1M ⟨= €52.66M · 16 q⟩"), labels.join("\n"));
    assert.ok(labels.includes("amount: €1M ⟨= €1M · once⟩"), labels.join("\n"));
    assert.ok(labels.includes("amount: €100k ⟨= €400k · 4 yr⟩"), labels.join("\n"));
    assert.ok(labels.includes("months: 48 ⟨1,461 days · 48 mo⟩"), labels.join("\n"));
    assert.ok(labels.some((l) => /^total: €100M ⟨✗ computed €[0-9.]+M⟩$/.test(l)), labels.join("\n"));
  });

  it("show a unit-priced fee's total after its price, the capacity in force after each step, and each option's deadline and value", async () => {
    const steps = readFileSync(path.join(FIXTURES, "conformance", "v11-unit-prices-steps.deal.yaml"), "utf8");
    assert.deepEqual(rendered(steps, await hints(await openDoc(steps))), [
      "end: 2026-06-30 ⟨181 days · 6 mo⟩",
      "power: 20 MW ⟨$571.39k/MW-mo⟩",
      "gpus: 4096 ⟨$3.5/GPU-h⟩",
      "- from: 2026-03-11 ⟨in force: 30 MW · 6,144 GPUs⟩",
      "price: $130k per MW-month ⟨= $20.38M · 6 mo⟩",
      "price: $2.40 per GPU-hour ⟨= $55.92M · 6 mo⟩",
      "price: $175 per kW-month ⟨= $5.25M · 2 q⟩",
      "notice: 30 days ⟨exit $13.72M⟩",
    ]);
    const options = readFileSync(path.join(FIXTURES, "conformance", "v11-options-renewal.deal.yaml"), "utf8");
    const list = await hints(await openDoc(options));
    assert.deepEqual(rendered(options, list), [
      "months: 12 ⟨365 days · 12 mo (549 days with options)⟩",
      "amount: €2.4M ⟨= €43.63M · 18 mo⟩",
      "amount: €500k ⟨= €500k · once⟩",
      "- id: renew-6m ⟨deadline 2027-05-02 · value €14.83M⟩",
      "- id: renew-1y ⟨deadline 2027-10-01 · value €29.66M⟩",
      "notice: 2 months ⟨exit €5.3M⟩",
    ]);
    const renew = list.find((h) => String(h.label).startsWith("deadline 2027-05-02"))!;
    assert.deepEqual(renew.tooltip, {
      kind: "markdown",
      value: "Option `renew-6m` (exercised): exercise by 2027-05-02; last day 2027-06-30 without it, 2027-12-31 with it. Value €14,832,000.00 (total with it − total without it).",
    });
    const drivers = readFileSync(path.join(FIXTURES, "lsp", "drivers.deal.yaml"), "utf8");
    const labels = rendered(drivers, await hints(await openDoc(drivers)));
    assert.ok(labels.includes("- from: 2027-04-15 ⟨in force: 1,000 MW · 40,000 GPUs⟩"), labels.join("\n"));
    assert.ok(labels.includes("- from: 2028-01-01 ⟨in force: 1,500 MW · 60,000 GPUs⟩"), labels.join("\n"));
    assert.ok(labels.includes("price: $0.5 per kW-month ⟨= -$4.58M · 3 yr⟩"), labels.join("\n"));
  });

  it("are limited to the requested range", async () => {
    const uri = await openDoc(COLOSSUS);
    const line = positionOf(COLOSSUS, "amount: $|1.25B").line;
    const list = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } } });
    assert.deepEqual(rendered(COLOSSUS, list), ["amount: $1.25B ⟨= $43.75B · 35 mo⟩"]);
  });
});

describe("settings, read per resource", () => {
  it("turn inlay-hint groups and CodeLens off, and are read again when the configuration changes", async () => {
    const c = await LspClient.start({ settings: { inlayHints: { fees: false, capacity: false }, codeLens: { enabled: false } } });
    try {
      const uri = await openDoc(COLOSSUS, c);
      const labels = rendered(COLOSSUS, await hints(uri, c));
      assert.deepEqual(labels, ["end: 2029-05-31 ⟨1,127 days · 37 mo⟩", "notice: 90 days ⟨exit $2.42B⟩", "total: $45B ⟨✓⟩", "run_rate: $15B ⟨✓⟩"]);
      assert.deepEqual(await c.request("textDocument/codeLens", { textDocument: { uri } }), []);
      c.settings = { inlayHints: { term: false } };
      await c.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
      const again = rendered(COLOSSUS, await hints(uri, c));
      assert.equal(again.length, 7);
      assert.ok(!again.some((l) => l.startsWith("end:")));
      assert.equal((await c.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } })).length, 5);
    } finally {
      await c.stop();
    }
  });

  it("turn the step and option hints off with dealspec.inlayHints.steps and dealspec.inlayHints.options", async () => {
    const c = await LspClient.start({ settings: { inlayHints: { steps: false, options: false } } });
    try {
      for (const file of ["v11-unit-prices-steps", "v11-options-renewal"]) {
        const text = readFileSync(path.join(FIXTURES, "conformance", `${file}.deal.yaml`), "utf8");
        const labels = rendered(text, await hints(await openDoc(text, c), c));
        assert.ok(labels.length >= 4, labels.join("\n"));
        assert.ok(!labels.some((l) => l.includes("in force:") || l.includes("deadline")), labels.join("\n"));
      }
    } finally {
      await c.stop();
    }
  });

  it("fall back to the defaults for a client that cannot answer workspace/configuration", async () => {
    const c = await LspClient.start({ capabilities: {}, settings: { inlayHints: { fees: false } } });
    try {
      const uri = await openDoc(COLOSSUS, c);
      assert.equal((await hints(uri, c)).length, 8);
    } finally {
      await c.stop();
    }
  });
});

describe("CodeLens", () => {
  it("shows total, run rate and exit exposure on the deal line, resolved, and Show schedule and Show cash flow commands", async () => {
    const uri = await openDoc(COLOSSUS);
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    const dealLine = positionOf(COLOSSUS, "|deal: colossus-1").line;
    assert.ok(lenses.every((l) => l.range.start.line === dealLine && l.command !== undefined));
    assert.deepEqual(
      lenses.map((l) => l.command!.title),
      ["Total $45B", "Run rate $15B/yr", "Exit exposure $2.42B", "Show schedule", "Show cash flow"],
    );
    // The exact figures are in the tooltips of the compact titles.
    assert.deepEqual(
      lenses.slice(0, 3).map((l) => l.command!.tooltip),
      ["Total $45,000,000,000.00", "Run rate $15,000,000,000.00 a year", "Exit exposure $2,419,354,838.71"],
    );
    const show = lenses[3]!.command!;
    assert.equal(show.command, "dealspec.showSchedule");
    assert.deepEqual(show.arguments, [uri]);
    const cash = lenses[4]!.command!;
    assert.equal(cash.command, "dealspec.showCashFlow");
    assert.deepEqual(cash.arguments, [uri]);
  });
});

describe("outline and folding", () => {
  it("names fees by id and clauses by who may terminate", async () => {
    const uri = await openDoc(COLOSSUS);
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ["dealspec", "deal", "title", "currency", "parties", "term", "capacity", "fees", "termination", "discount_rate", "expect", "notes"],
    );
    const fees = symbols.find((s) => s.name === "fees")!;
    assert.deepEqual(fees.children!.map((s) => [s.name, s.detail]), [["ramp", "$625M every month"], ["base", "$1.25B every month"]]);
    const base = fees.children![1]!;
    assert.deepEqual(base.selectionRange.start, positionOf(COLOSSUS, "- |id: base"));
    assert.deepEqual(symbols.find((s) => s.name === "termination")!.children!.map((s) => [s.name, s.detail]), [["by either", "90 days notice"]]);
  });

  it("names options by id and capacity steps by their day, and shows a fee's price", async () => {
    const text = readFileSync(path.join(FIXTURES, "lsp", "drivers.deal.yaml"), "utf8");
    const uri = await openDoc(text);
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    const options = symbols.find((s) => s.name === "options")!;
    assert.deepEqual(options.children!.map((s) => [s.name, s.detail, s.kind]), [["extend-1y", "+12 months, exercised", 24], ["extend-2y", "+24 months", 24]]);
    const steps = symbols.find((s) => s.name === "capacity")!.children!.find((s) => s.name === "steps")!;
    assert.deepEqual(steps.children!.map((s) => [s.name, s.detail]), [["from 2027-04-15", "40,000 GPUs"], ["from 2028-01-01", "1.5 GW, 60,000 GPUs"]]);
    assert.deepEqual(steps.children![1]!.selectionRange.start, positionOf(text, "- |from: 2028-01-01"));
    const fees = symbols.find((s) => s.name === "fees")!;
    assert.deepEqual(fees.children!.map((s) => [s.name, s.detail]), [
      ["compute", "$2.10 per GPU-hour every month"],
      ["power", "$4M per MW-month every quarter"],
      ["support", "$1.2M every month"],
      ["hall", "$0.5 per kW-month × 0.25 GW every year"],
    ]);
  });

  it("folds blocks by indentation, also while the YAML is broken", async () => {
    const broken = COLOSSUS.replace("title: ", "title: [");
    const uri = await openDoc(broken);
    const folds = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri } });
    const lines = broken.split("\n");
    const feesLine = lines.indexOf("fees:");
    const fees = folds.find((f) => f.startLine === feesLine);
    assert.ok(fees, "the fees block folds");
    assert.equal(lines[fees.endLine], '    source: SpaceX S-1 ("about $1.25 billion per month", "$15 billion annually")');
    const header = lines.findIndex((l) => !l.startsWith("#")) - 1;
    assert.ok(folds.some((f) => f.startLine === 0 && f.endLine === header && f.kind === "comment"), "the header comment folds");
  });
});

describe("custom requests", () => {
  const conformance = path.join(FIXTURES, "conformance");
  for (const file of readdirSync(conformance).filter((f) => f.endsWith(".deal.yaml"))) {
    it(`dealspec/figures gives the specification's figures for ${file}`, async () => {
      const uri = await openDoc(readFileSync(path.join(conformance, file), "utf8"));
      const { display, ...figures } = await client.request<Record<string, unknown> & { display: { total: string; exit_exposure: string[] } }>("dealspec/figures", { uri });
      const expected = JSON.parse(readFileSync(path.join(conformance, file.replace(/\.deal\.yaml$/, ".figures.json")), "utf8"));
      // The specification's additions (`complete`, `exit_curve`, ...) may be left out of a fixture; every other key matches both ways.
      assertFigures(figures, expected, file);
      assert.equal(figures.complete, true, "a clean deal's figures are complete");
      assert.equal(display.exit_exposure.length, expected.exit_exposure.length, "one display string per clause");
      assert.equal(display.total.replace(/[^0-9.]/g, ""), expected.total, "the display total is the exact total, formatted");
    });
  }

  it("dealspec/cashflow gives one month per calendar month of the term, summing to the total", async () => {
    const uri = await openDoc(readFileSync(path.join(conformance, "colossus-example.deal.yaml"), "utf8"));
    const flow = await client.request<{ months: { month: string; total: { amount: string } }[]; total: { amount: string } } | null>("dealspec/cashflow", { uri });
    assert.ok(flow, "a deal with figures has a cash flow");
    assert.equal(flow.months.length, 37);
    assert.equal(flow.months[0]!.month, "2026-05");
    assert.equal(flow.total.amount, "45000000000.00");
    assert.ok(flow.months.reduce((a, m) => a.plus(m.total.amount), new Decimal(0)).eq(flow.total.amount));
  });

  it("dealspec/figures carries display strings formatted by the server", async () => {
    const uri = await openDoc(readFileSync(path.join(conformance, "colossus-example.deal.yaml"), "utf8"));
    const { display } = await client.request<{ display: Record<string, unknown> }>("dealspec/figures", { uri });
    assert.deepEqual(display, {
      total: "$45,000,000,000.00",
      total_compact: "$45B",
      run_rate: "$15,000,000,000.00",
      run_rate_compact: "$15B",
      peak_month: "$1,250,000,000.00",
      npv: "$40,047,555,998.85",
      exit_exposure: ["$2,419,354,838.71"],
      state: "complete",
    });
  });

  it("dealspec/schedule lists every charge, with sums per month and year that add up to the total, a table by year and the CSV", async () => {
    const text = readFileSync(path.join(conformance, "prorated-clamp.deal.yaml"), "utf8");
    const uri = await openDoc(text);
    const s = await client.request<ScheduleView>("dealspec/schedule", { uri });
    const figures = await client.request<{ total: string; years: Record<string, string>; fees: Record<string, { periods: number }> }>("dealspec/figures", { uri });
    assert.equal(s.deal, "prorated-clamp");
    assert.equal(s.currency, "USD");
    assert.equal(s.total, figures.total);
    assert.deepEqual(s.years, figures.years);
    assert.equal(s.rows.length, Object.values(figures.fees).reduce((n, f) => n + f.periods, 0));
    const sum = (values: readonly string[]) => values.reduce((a, v) => a.plus(v), new Decimal(0));
    assert.ok(sum(s.rows.map((r) => r.amount)).eq(figures.total));
    assert.ok(sum(Object.values(s.months)).eq(figures.total));
    const storageLast = s.rows.filter((r) => r.fee === "storage").at(-1)!;
    assert.deepEqual([storageLast.days, storageLast.full_days], [6, 31]);
    assert.equal(storageLast.end, "2028-01-20");
    const credit = s.rows.find((r) => r.fee === "migration-credit")!;
    assert.equal(credit.amount, "-50000.01");
    assert.equal(s.months["2027-09"], "920000.00");
    assert.equal(s.rows.at(-1)!.cumulative, figures.total);
    // The table: one group per year with its subtotal, the totals row, the CSV of every payment.
    const t = s.table!;
    assert.deepEqual(t.groups.map((g) => g.key), Object.keys(figures.years));
    const charge = t.columns.findIndex((c) => c.key === "charge");
    for (const g of t.groups) assert.equal(g.subtotal[charge], `$${Number(figures.years[g.key]).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
    assert.equal(t.groups.reduce((n, g) => n + g.rows.length, 0), s.rows.length);
    assert.equal(t.totals[0], "Total");
    assert.equal(s.csv.split("\r\n").length, 1 + s.rows.length);
    assert.equal(s.fileStem, "prorated-clamp-schedule");
  });
});
