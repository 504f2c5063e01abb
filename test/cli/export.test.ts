/**
 * `dealspec export`: the built CLI as a process.
 * - xlsx: the workbook is read back with read-excel-file (not the library that
 *   writes it); every Schedule row is compared with `dealspec schedule
 *   --format json`, every Summary figure with `totals --json`; LibreOffice
 *   recalculates the workbook headless and the By Year, By Month and Summary
 *   formulas must give the figures' sums, shown in the currency's format.
 * - focus: the CSV is read with csv-parse; every FOCUS 1.3 Contract
 *   Commitment column is present, periods end exclusive, costs sum to the total.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";
import { Decimal } from "../../server/src/core";
import { SAMPLES } from "../support/paths";
import { dealspec, tempDir } from "./support";

type Cell = string | number | boolean | Date | null;
type Sheets = Map<string, Cell[][]>;

/** Every sheet, numbers as the text stored in the file (exact), dates as dates. */
async function readWorkbook(file: string): Promise<Sheets> {
  const sheets = await readXlsxFile(file, { parseNumber: (s: string) => s } as never);
  return new Map(sheets.map((s) => [s.sheet, s.data as unknown as Cell[][]]));
}

const day = (c: Cell) => (c instanceof Date ? c.toISOString().slice(0, 10) : `not a date: ${String(c)}`);
const dec = (c: Cell) => new Decimal(String(c));

function exportXlsx(file: string, dir = tempDir(), env: Record<string, string> = {}): string {
  const r = dealspec(["export", path.join(SAMPLES, file), "--format", "xlsx", "-o", path.join(dir, "out.xlsx")], dir, env);
  assert.equal(r.code, 0, r.stderr);
  return path.join(dir, "out.xlsx");
}

function json<T>(args: string[], cwd = SAMPLES): T {
  const r = dealspec(args, cwd);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

interface TotalsJson {
  total: string;
  years: Record<string, string>;
  run_rate: string;
  peak_month: string | null;
  npv: string | null;
  per_gpu_hour: string | null;
  per_mw_month: string | null;
  by_basis: Record<string, string>;
  fees: Record<string, { total: string }>;
  exit_exposure: string[];
  options?: Record<string, { value: string | null }>;
  scenarios?: Record<string, { total: string } | null>;
  term: { start: string; end: string; days: number };
}
interface ScheduleJson {
  total: string;
  rows: { paid: string; fee: string; period: number; start: string; end: string; days: number; full_days: number; escalations: number; amount: string; cumulative: string; escalation_factor: string; reprice_factor: string; unit_price: string | null; quantity_days: string | null }[];
}

/** The Summary's rows by section (the row after an empty one names it), keyed by column A. */
function summarySections(rows: Cell[][]): Map<string, Map<string, Cell[]>> {
  const out = new Map<string, Map<string, Cell[]>>([["", new Map()]]);
  let current = out.get("")!;
  let afterBlank = false;
  for (const r of rows) {
    if (r.every((c) => c === null)) {
      afterBlank = true;
      continue;
    }
    if (afterBlank) {
      current = new Map();
      out.set(String(r[0]), current);
      afterBlank = false;
      continue;
    }
    current.set(String(r[0]), r);
  }
  return out;
}

const SAMPLE_DEALS = readdirSync(SAMPLES).filter((f) => f.endsWith(".deal.yaml"));

describe("dealspec export --format xlsx", () => {
  for (const file of SAMPLE_DEALS) {
    it(`${file}: every Schedule row is a row of dealspec schedule, every Summary figure one of totals --json`, async () => {
      const sheets = await readWorkbook(exportXlsx(file));
      assert.deepEqual([...sheets.keys()], ["Summary", "Schedule", "By Year", "By Month"]);
      const schedule = json<ScheduleJson>(["schedule", file, "--format", "json"]);
      const [head, ...rows] = sheets.get("Schedule")!;
      assert.deepEqual(head!.slice(0, 17), ["Paid", "Fee", "Label", "Period", "Start", "End", "Days", "Full days", "Proration", "Amount", "Per", "Quantity-days", "Escalations", "Escalation factor", "Reprice factor", "Charge", "Cumulative"]);
      assert.equal(rows.length, schedule.rows.length, "one row per charge");
      rows.forEach((r, i) => {
        const s = schedule.rows[i]!;
        const where = `${file} row ${i + 2}`;
        assert.equal(day(r[0]!), s.paid, where);
        assert.equal(r[1], s.fee, where);
        assert.equal(Number(r[3]), s.period, where);
        assert.equal(day(r[4]!), s.start, where);
        assert.equal(day(r[5]!), s.end, where);
        assert.equal(Number(r[6]), s.days, where);
        assert.equal(Number(r[7]), s.full_days, where);
        assert.equal(Number(r[8]), s.days / s.full_days, where);
        if (s.unit_price !== null) assert.ok(dec(r[9]!).eq(s.unit_price), where);
        if (s.quantity_days !== null) assert.ok(dec(r[11]!).eq(s.quantity_days), where);
        assert.equal(Number(r[12]), s.escalations, where);
        assert.equal(Number(r[13]), Number(s.escalation_factor), where);
        assert.equal(Number(r[14]), Number(s.reprice_factor), where);
        assert.ok(dec(r[15]!).eq(s.amount), `${where}: charge ${String(r[15])} = ${s.amount}`);
        assert.ok(dec(r[16]!).eq(s.cumulative), `${where}: cumulative`);
      });

      const t = json<TotalsJson>(["totals", "--json", file]);
      const sections = summarySections(sheets.get("Summary")!);
      const figures = sections.get("Figures")!;
      const money = (row: Cell[] | undefined, expected: string | null, what: string) => {
        assert.ok(row, `${file}: ${what} has a row`);
        if (expected === null) assert.equal(row[1], null, `${file}: ${what} is empty`);
        else assert.ok(dec(row[1]!).eq(expected), `${file}: ${what} ${String(row[1])} = ${expected}`);
      };
      money(figures.get("Total"), t.total, "total");
      money(figures.get("Run rate (a year)"), t.run_rate, "run rate");
      money(figures.get("Peak month"), t.peak_month, "peak month");
      money(figures.get("NPV"), t.npv, "NPV");
      money(figures.get("Per GPU-hour"), t.per_gpu_hour, "per GPU-hour");
      money(figures.get("Per MW-month"), t.per_mw_month, "per MW-month");
      assert.equal(figures.get("Total from the Schedule sheet")![1], null, "a formula, without a cached result");
      for (const [basis, v] of Object.entries(t.by_basis)) money(sections.get("By basis")!.get(basis), v, `basis ${basis}`);
      const fees = [...sections.get("Fees")!.values()].slice(1);
      assert.equal(fees.length, Object.keys(t.fees).length);
      for (const [id, fee] of Object.entries(t.fees)) money(fees.find((r) => String(r[0]) === id || String(r[0]).startsWith(`${id} (`)), fee.total, `fee ${id}`);
      const exits = [...(sections.get("Exit exposures")?.values() ?? [])];
      assert.equal(exits.length, t.exit_exposure.length);
      t.exit_exposure.forEach((v, i) => money(exits[i], v, `exit exposure ${i + 1}`));
      for (const [id, o] of Object.entries(t.options ?? {})) money(sections.get("Options")!.get(id), o.value, `option ${id}`);
      for (const [id, s] of Object.entries(t.scenarios ?? {})) {
        money([...sections.get("Scenarios")!.values()].find((r) => String(r[0]) === id || String(r[0]).startsWith(`${id} (`)), s?.total ?? null, `scenario ${id}`);
      }
      const general = sections.get("")!;
      assert.equal(day(general.get("Term start")![1]!), t.term.start);
      assert.equal(day(general.get("Term end (last day)")![1]!), t.term.end);
      assert.match(String(sections.get("Precision")!.keys().next().value), /at most 15 significant digits/);
    });
  }

  it("flags amounts beyond a double's 15 significant digits on the Summary and keeps them exactly as text beside", async () => {
    const deal = `dealspec: 1\ndeal: huge\ncurrency: USD\nparties: {buyer: A, provider: B}\nterm: {start: 2026-01-01, months: 3}\nfees:\n  - id: big\n    amount: "123,456,789,012,345.67"\n    every: month\n`;
    const dir = tempDir({ "huge.deal.yaml": deal });
    const r = dealspec(["export", "huge.deal.yaml", "--format", "xlsx"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote huge\.xlsx \(\d+ amounts with more than 15 significant digits/);
    const sheets = await readWorkbook(path.join(dir, "huge.xlsx"));
    const sections = summarySections(sheets.get("Summary")!);
    const total = sections.get("Figures")!.get("Total")!;
    assert.equal(total[2], "370370367037037.01", "the exact total as text");
    assert.notEqual(String(total[1]), "370370367037037.01", "the number cell is the nearest double, which is not it");
    assert.match(String(sections.get("Precision")!.keys().next().value), /more than 15 significant digits/);
    const [head, first] = sheets.get("Schedule")!;
    assert.equal(head![17], "Charge (exact)");
    assert.equal(first![17], "123456789012345.67");
  });

  const soffice = spawnSync("soffice", ["--version"], { encoding: "utf8" });
  const noOffice = soffice.status === 0 ? false : "LibreOffice (soffice) is not installed here: `npm run setup` installs Debian's libreoffice-calc, and CI runs this test";
  it("recalculated by LibreOffice headless, the formulas give the figures' sums, in the currency's format", { skip: noOffice }, () => {
    for (const file of ["colossus-1.deal.yaml", "escalator.deal.yaml", "yen-no-minor-units.deal.yaml", "credits-and-one-time-fees.deal.yaml"]) {
      const dir = tempDir();
      const xlsx = exportXlsx(file, dir);
      // A profile of its own, so that the test neither reads nor changes the user's; every sheet to CSV as shown (token 9) after loading.
      const r = spawnSync(
        "soffice",
        [`-env:UserInstallation=file://${path.join(dir, "profile")}`, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", path.join(dir, "csv"), xlsx],
        { encoding: "utf8", timeout: 180_000 },
      );
      assert.equal(r.status, 0, r.stderr);
      const sheet = (name: string) => parse(readFileSync(path.join(dir, "csv", `out-${name}.csv`), "utf8"), { relax_column_count: true }) as string[][];
      const t = json<TotalsJson>(["totals", "--json", file]);
      const currency = (json<{ currency: string }>(["totals", "--json", file]).currency);
      const minor = t.total.includes(".") ? t.total.split(".")[1]!.length : 0;
      const marker = ({ USD: "$", EUR: "€", GBP: "£", JPY: "¥" } as Record<string, string>)[currency]!;
      // As the currency shows: marker, groups, exactly the minor unit's decimals.
      const shown = (v: string) => {
        const neg = v.startsWith("-");
        const [int, frac] = (neg ? v.slice(1) : v).split(".");
        return `${neg ? "-" : ""}${marker}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${minor > 0 ? `.${frac}` : ""}`;
      };
      const [yearHead, ...years] = sheet("By Year");
      const totalCol = yearHead!.indexOf("Total");
      const yearRows = years.filter((row) => row[0] !== "Total");
      assert.deepEqual(yearRows.map((row) => row[0]), Object.keys(t.years), file);
      for (const row of yearRows) assert.equal(row[totalCol], shown(t.years[row[0]!]!), `${file} ${row[0]}`);
      const yearTotals = years.find((row) => row[0] === "Total")!;
      assert.equal(yearTotals[totalCol], shown(t.total), `${file}: By Year's total`);
      for (const [id, fee] of Object.entries(t.fees)) assert.equal(yearTotals[yearHead!.indexOf(id)], shown(fee.total), `${file}: By Year's ${id}`);

      const byMonth = json<{ rows: { period: string; total: string }[] }>(["schedule", file, "--format", "json", "--by", "month"]);
      const [monthHead, ...months] = sheet("By Month");
      const monthRows = months.filter((row) => row[0] !== "Total");
      assert.deepEqual(monthRows.map((row) => row[0]), byMonth.rows.map((m) => m.period), file);
      monthRows.forEach((row, i) => assert.equal(row[monthHead!.indexOf("Total")], shown(byMonth.rows[i]!.total), `${file} ${row[0]}`));
      assert.equal(months.find((row) => row[0] === "Total")![monthHead!.indexOf("Total")], shown(t.total));

      const summary = sheet("Summary");
      assert.equal(summary.find((row) => row[0] === "Total from the Schedule sheet")![1], shown(t.total), `${file}: the Summary's formula`);
      assert.equal(summary.find((row) => row[0] === "Total")![1], shown(t.total));
    }
  });

  it("exports what a deal with errors can compute, says it is partial, and exits 1", async () => {
    const deal = `dealspec: 1\ndeal: part\ncurrency: USD\nparties: {buyer: A, provider: B}\nterm: {start: 2026-01-01, months: 2}\nfees:\n  - id: ok\n    amount: $10\n    every: month\n  - id: broken\n    amount: ten dollars\n    every: month\n`;
    const dir = tempDir({ "part.deal.yaml": deal });
    const r = dealspec(["export", "part.deal.yaml", "--format", "xlsx"], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the export leaves out what could not be read \(partial: fee `broken` excluded\)/);
    const sections = summarySections((await readWorkbook(path.join(dir, "part.xlsx"))).get("Summary")!);
    assert.equal(sections.get("")!.get("Complete")![1], "no");
    assert.match(String(sections.get("")!.get("Complete")![3]), /leave out fee `broken`/);
    assert.ok(dec(sections.get("Figures")!.get("Total")![1]!).eq(20));
    const focus = dealspec(["export", "part.deal.yaml", "--format", "focus"], dir);
    assert.equal(focus.code, 1);
    assert.equal((parse(focus.stdout, { columns: true }) as unknown[]).length, 2);
  });

  it("says what it needs: a format, one deal file (not a portfolio)", () => {
    const none = dealspec(["export", "colossus-1.deal.yaml"], SAMPLES);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /name a format: --format xlsx or --format focus/);
    const bad = dealspec(["export", "colossus-1.deal.yaml", "--format", "ods"], SAMPLES);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown format `ods`/);
    const portfolio = dealspec(["export", "anthropic-compute.portfolio.yaml", "--format", "xlsx"], SAMPLES);
    assert.equal(portfolio.code, 2);
    assert.match(portfolio.stderr, /is a portfolio file; exports are per deal/);
  });
});

/** FOCUS 1.3, Contract Commitment dataset: its columns (all of them mandatory in the dataset). */
const FOCUS_REQUIRED = [
  "BillingCurrency",
  "ContractCommitmentCategory",
  "ContractCommitmentCost",
  "ContractCommitmentDescription",
  "ContractCommitmentId",
  "ContractCommitmentPeriodEnd",
  "ContractCommitmentPeriodStart",
  "ContractCommitmentQuantity",
  "ContractCommitmentType",
  "ContractCommitmentUnit",
  "ContractId",
  "ContractPeriodEnd",
  "ContractPeriodStart",
];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T00:00:00Z$/;
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe("dealspec export --format focus", () => {
  for (const file of SAMPLE_DEALS) {
    it(`${file}: FOCUS Contract Commitment rows, one per charge, costs summing to the total`, () => {
      const r = dealspec(["export", file, "--format", "focus"], SAMPLES);
      assert.equal(r.code, 0, r.stderr);
      const records = parse(r.stdout, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
      const header = (parse(r.stdout, { to_line: 1 }) as string[][])[0]!;
      for (const c of FOCUS_REQUIRED) assert.ok(header.includes(c), `${file}: column ${c}`);
      assert.deepEqual(header.slice(0, FOCUS_REQUIRED.length), FOCUS_REQUIRED, "FOCUS columns first, custom ones after");
      for (const c of header.slice(FOCUS_REQUIRED.length)) assert.match(c, /^x_[A-Z][A-Za-z]+$/, "custom columns take the x_ prefix");
      const t = json<TotalsJson & { currency: string }>(["totals", "--json", file]);
      const schedule = json<ScheduleJson>(["schedule", file, "--format", "json"]);
      assert.equal(records.length, schedule.rows.length);
      const sum = records.reduce((s, rec) => s.plus(rec.ContractCommitmentCost!), new Decimal(0));
      assert.ok(sum.eq(t.total), `${file}: costs sum to ${sum.toFixed()} = ${t.total}`);
      assert.equal(new Set(records.map((rec) => rec.ContractCommitmentId)).size, records.length, "ContractCommitmentId is unique");
      records.forEach((rec, i) => {
        const s = schedule.rows[i]!;
        assert.equal(rec.BillingCurrency, t.currency);
        assert.equal(rec.ContractCommitmentCategory, "Spend");
        assert.match(rec.ContractCommitmentCost!, /^-?\d+(\.\d+)?$/, "a plain decimal: no currency symbol, no grouping, no plus sign");
        assert.equal(rec.ContractCommitmentCost, s.amount);
        for (const c of ["ContractCommitmentPeriodStart", "ContractCommitmentPeriodEnd", "ContractPeriodStart", "ContractPeriodEnd"]) assert.match(rec[c]!, DATE_TIME, c);
        assert.equal(rec.ContractCommitmentPeriodStart, `${s.start}T00:00:00Z`);
        assert.equal(rec.ContractCommitmentPeriodEnd, `${nextDay(s.end)}T00:00:00Z`, "the end is exclusive: the day after the last day covered");
        assert.equal(rec.ContractPeriodStart, `${t.term.start}T00:00:00Z`);
        assert.equal(rec.ContractPeriodEnd, `${nextDay(t.term.end)}T00:00:00Z`);
        assert.equal(rec.ContractCommitmentQuantity, "", "null: a spend commitment");
        assert.equal(rec.ContractCommitmentUnit, "", "null with the quantity");
        assert.ok(rec.ContractId && rec.ContractCommitmentType && rec.ContractCommitmentDescription);
        assert.equal(rec.x_DealspecFeeId, s.fee);
      });
    });
  }

  it("writes the CSV to a file with -o, CRLF between records", () => {
    const dir = tempDir();
    const r = dealspec(["export", path.join(SAMPLES, "colossus-1.deal.yaml"), "--format", "focus", "-o", "c.csv"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote 37 FOCUS rows to c\.csv/);
    const text = readFileSync(path.join(dir, "c.csv"), "utf8");
    assert.equal(text.split("\r\n").length, 39);
  });
});
