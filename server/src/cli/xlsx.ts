/**
 * `dealspec export FILE --format xlsx`: a workbook a finance reviewer can
 * audit (docs/exports.md). Sheets:
 * - Summary: the deal, its figures (the engine's, as `totals --json` gives
 *   them), by basis, fees, exit exposures, options and scenarios; a total
 *   recomputed by a formula over the Schedule sheet beside the engine's.
 * - Schedule: one row per charge, from the schedule view (core/schedule) through
 *   `sheetRows`, the one adapter between the engine's rows and the sheet.
 * - By Year, By Month: SUMIFS formulas over the Schedule sheet, per fee and in
 *   all, so each sum can be traced to its charges.
 *
 * Money is written as numbers with the currency's format and minor unit;
 * dates as dates. A spreadsheet holds numbers as doubles (15 significant
 * digits): an amount with more is flagged on the Summary and kept exactly
 * as text beside it. Formulas are written without cached results and the
 * workbook asks to be recalculated on load, so what a reader sees is what
 * the formulas give. ExcelJS writes the file (zip and XML).
 */
import ExcelJS from "exceljs";
import { figuresJson, formatDay, formatMonthIndex, fromYmd, toYmd, type Analysis, type Day, type Decimal } from "../core";
import { figuresStatus } from "../core/features/display";
import { dealSchedule, type Schedule } from "../core/schedule/rows";

/** One row of the Schedule sheet: one charge. */
export interface SheetRow {
  readonly paid: Day;
  readonly fee: string;
  readonly label: string;
  /** 1-based. */
  readonly period: number;
  readonly start: Day;
  /** The last day covered. */
  readonly end: Day;
  readonly days: number;
  readonly fullDays: number;
  /** The fee's amount per period, or its unit price, before escalation and reprice. */
  readonly amount: Decimal;
  /** `per period`, or the price's unit (`per GPU-hour`). */
  readonly unit: string;
  /** A unit-priced charge's quantity summed over the days covered (MW-days, GPU-days...). */
  readonly quantityDays?: Decimal;
  readonly escalations: number;
  readonly escalationFactor: Decimal;
  readonly repriceFactor: Decimal;
  /** The rounded, signed charge. */
  readonly charge: Decimal;
  readonly cumulative: Decimal;
}

/**
 * The adapter from the schedule view's rows (the rows of `dealspec schedule
 * --format json`) to the sheet's: the only place that knows both shapes.
 */
function sheetRows(a: Analysis, s: Schedule): SheetRow[] {
  const fees = new Map((a.figures?.feeModels ?? []).map((f) => [f.id, f]));
  return s.rows.map((r) => {
    const fee = fees.get(r.fee);
    const row: { -readonly [K in keyof SheetRow]: SheetRow[K] } = {
      paid: r.paid,
      fee: r.fee,
      label: r.label ?? "",
      period: r.period,
      start: r.start,
      end: r.end,
      days: r.days,
      fullDays: r.fullDays,
      amount: r.units ? r.units.price : fee!.amount,
      unit: r.units ? `per ${r.units.unit}` : fee?.every === "once" ? "once" : `per ${fee?.every ?? "period"}`,
      escalations: r.escalations,
      escalationFactor: r.escalationFactor,
      repriceFactor: r.repriceFactor,
      charge: r.amount,
      cumulative: r.cumulative,
    };
    if (r.units) row.quantityDays = r.units.quantityDays;
    return row;
  });
}

/** More significant digits than a double keeps (Excel shows 15). */
export function beyondDouble(v: Decimal): boolean {
  return v.sd(false) > 15;
}

const SYMBOLS: Readonly<Record<string, string>> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥" };

/** A number format showing the currency and exactly `decimals` decimals: `"$"#,##0.00`, `"CHF "#,##0.00`, `"¥"#,##0`. */
function moneyFormat(currency: string, decimals: number): string {
  const marker = SYMBOLS[currency] ?? `${currency} `;
  return `"${marker}"#,##0${decimals > 0 ? `.${"0".repeat(decimals)}` : ""}`;
}

const DATE_FORMAT = "yyyy-mm-dd";

function utcDate(d: Day): Date {
  const { year, month, day } = toYmd(d);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function num(v: Decimal): number {
  return Number(v.toFixed());
}

/** Column letters: 1 -> A, 27 -> AA. */
function columnLetter(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Where the Schedule sheet keeps what the sums read. */
const COL = { paid: "A", fee: "B", charge: "P" } as const;

export interface Workbook {
  readonly buffer: Buffer;
  /** Amounts written that have more than 15 significant digits (kept as text beside them). */
  readonly beyondDouble: number;
}

/** The workbook of a deal, or undefined when it has no schedule. */
export async function dealWorkbook(a: Analysis, file: string, created: Date): Promise<Workbook | undefined> {
  const s = dealSchedule(a);
  const m = a.model;
  const f = a.figures;
  if (!s || !m || !f) return undefined;
  const wb = new ExcelJS.Workbook();
  wb.creator = "Dealspec";
  wb.created = created;
  wb.modified = created;
  wb.calcProperties.fullCalcOnLoad = true;
  const fmt = moneyFormat(f.currency, f.minor);
  const rows = sheetRows(a, s);
  const last = rows.length + 1;
  const range = (col: string) => `Schedule!$${col}$2:$${col}$${last}`;
  let flagged = 0;

  const summary = wb.addWorksheet("Summary");
  const schedule = wb.addWorksheet("Schedule", { views: [{ state: "frozen", ySplit: 1 }] });
  const byYear = wb.addWorksheet("By Year", { views: [{ state: "frozen", ySplit: 1, xSplit: 1 }] });
  const byMonth = wb.addWorksheet("By Month", { views: [{ state: "frozen", ySplit: 1, xSplit: 1 }] });

  // Schedule: one row per charge.
  const scheduleFlagged = rows.some((r) => beyondDouble(r.charge) || beyondDouble(r.cumulative));
  const head = ["Paid", "Fee", "Label", "Period", "Start", "End", "Days", "Full days", "Proration", "Amount", "Per", "Quantity-days", "Escalations", "Escalation factor", "Reprice factor", "Charge", "Cumulative"];
  if (scheduleFlagged) head.push("Charge (exact)", "Cumulative (exact)");
  schedule.addRow(head).font = { bold: true };
  for (const r of rows) {
    const row = schedule.addRow([
      utcDate(r.paid),
      r.fee,
      r.label,
      r.period,
      utcDate(r.start),
      utcDate(r.end),
      r.days,
      r.fullDays,
      r.days / r.fullDays,
      num(r.amount),
      r.unit,
      r.quantityDays === undefined ? null : num(r.quantityDays),
      r.escalations,
      num(r.escalationFactor),
      num(r.repriceFactor),
      num(r.charge),
      num(r.cumulative),
      ...(scheduleFlagged ? [beyondDouble(r.charge) ? r.charge.toFixed(f.minor) : null, beyondDouble(r.cumulative) ? r.cumulative.toFixed(f.minor) : null] : []),
    ]);
    if (beyondDouble(r.charge)) flagged++;
    for (const c of [1, 5, 6]) row.getCell(c).numFmt = DATE_FORMAT;
    row.getCell(9).numFmt = "0.0000";
    row.getCell(10).numFmt = moneyFormat(f.currency, Math.max(f.minor, r.amount.decimalPlaces()));
    row.getCell(14).numFmt = "0.000000";
    row.getCell(15).numFmt = "0.000000";
    row.getCell(16).numFmt = fmt;
    row.getCell(17).numFmt = fmt;
  }
  schedule.autoFilter = { from: "A1", to: `${columnLetter(head.length)}1` };
  const widths = [11, 14, 28, 7, 11, 11, 6, 9, 10, 18, 14, 14, 11, 16, 14, 20, 22, 22, 22];
  widths.slice(0, head.length).forEach((w, i) => (schedule.getColumn(i + 1).width = w));

  // By Year and By Month: one column per fee, then the total, each a SUMIFS over the Schedule sheet.
  const feeIds = s.keys;
  const sums = (sheet: ExcelJS.Worksheet, keys: readonly { label: Date | number; from: string; to: string; numFmt?: string }[], title: string) => {
    sheet.addRow([title, ...feeIds, "Total"]).font = { bold: true };
    keys.forEach((k, i) => {
      const r = i + 2;
      const dates = `${range(COL.paid)},">="&${k.from.replace(/#/g, String(r))},${range(COL.paid)},"<"&${k.to.replace(/#/g, String(r))}`;
      const row = sheet.addRow([k.label, ...feeIds.map(() => null), null]);
      if (k.numFmt) row.getCell(1).numFmt = k.numFmt;
      feeIds.forEach((_, j) => {
        const col = columnLetter(j + 2);
        row.getCell(j + 2).value = { formula: `SUMIFS(${range(COL.charge)},${range(COL.fee)},${col}$1,${dates})` };
        row.getCell(j + 2).numFmt = fmt;
      });
      const total = row.getCell(feeIds.length + 2);
      total.value = { formula: `SUMIFS(${range(COL.charge)},${dates})` };
      total.numFmt = fmt;
      total.font = { bold: true };
    });
    const end = keys.length + 1;
    const totals = sheet.addRow(["Total", ...feeIds.map(() => null), null]);
    totals.font = { bold: true };
    for (let j = 0; j <= feeIds.length; j++) {
      const col = columnLetter(j + 2);
      totals.getCell(j + 2).value = { formula: end >= 2 ? `SUM(${col}2:${col}${end})` : "0" };
      totals.getCell(j + 2).numFmt = fmt;
    }
    sheet.pageSetup = { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
    sheet.getColumn(1).width = 12;
    for (let j = 0; j <= feeIds.length; j++) sheet.getColumn(j + 2).width = 22;
  };
  sums(
    byYear,
    [...f.years.keys()].map((y) => ({ label: y, from: "DATE($A#,1,1)", to: "DATE($A#+1,1,1)" })),
    "Year",
  );
  sums(
    byMonth,
    [...f.months.keys()].map((mi) => ({ label: utcDate(fromMonthIndex(mi)), from: "$A#", to: "DATE(YEAR($A#),MONTH($A#)+1,1)", numFmt: "yyyy-mm" })),
    "Month",
  );

  // Summary: the engine's figures, as totals --json gives them.
  const json = figuresJson(a);
  const status = figuresStatus(a);
  summary.pageSetup = { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  schedule.pageSetup = { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  summary.getColumn(1).width = 50;
  summary.getColumn(2).width = 24;
  summary.getColumn(3).width = 26;
  summary.getColumn(4).width = 60;
  const title = summary.addRow([`Dealspec export: ${m.id ?? file}`]);
  title.font = { bold: true, size: 14 };
  const pair = (label: string, value: ExcelJS.CellValue, numFmt?: string, note?: string) => {
    const row = summary.addRow([label, value, null, note ?? null]);
    if (numFmt) row.getCell(2).numFmt = numFmt;
    return row;
  };
  const moneyRow = (label: string, v: Decimal | undefined, note?: string) => {
    if (v === undefined) return pair(label, null, undefined, note ?? "does not apply");
    const row = pair(label, num(v), fmt, note);
    if (beyondDouble(v)) {
      flagged++;
      row.getCell(3).value = v.toFixed(f.minor);
    }
    return row;
  };
  const section = (name: string) => {
    summary.addRow([]);
    summary.addRow([name]).font = { bold: true };
  };
  pair("Deal", m.id ?? null);
  if (m.title) pair("Title", m.title);
  pair("File", file);
  pair("Currency", f.currency, undefined, `money as numbers with ${f.minor} decimals (ISO 4217 minor unit)`);
  for (const [role, name] of Object.entries(m.parties)) pair(`Party: ${role}`, name);
  pair("Term start", utcDate(f.term.start), DATE_FORMAT);
  pair("Term end (last day)", utcDate(f.term.last), DATE_FORMAT, f.term.last === m.term?.last ? undefined : "extended by the exercised options");
  pair("Days", f.term.days);
  pair("Complete", status.complete ? "yes" : "no", undefined, status.complete ? undefined : status.detail);

  section("Figures");
  summary.addRow(["Figure", "Value", "Exact (text)", "Note"]).font = { italic: true };
  moneyRow("Total", f.total, "the sum of every rounded charge");
  const check = summary.addRow(["Total from the Schedule sheet", { formula: `SUM(${range(COL.charge)})` }, null, "a formula over the Schedule sheet's charges: equals Total"]);
  check.getCell(2).numFmt = fmt;
  moneyRow("Run rate (a year)", f.runRate.amount);
  moneyRow("Peak month", f.peakMonth?.amount, f.peakMonth ? `paid in ${formatMonthIndex(f.peakMonth.month)}` : undefined);
  moneyRow("NPV", f.npv?.amount, f.npv ? `as of the term's start at ${f.npv.rate.times(100).toString()}% a year` : "no discount_rate");
  moneyRow("Per GPU-hour", f.perGpuHour?.amount, f.perGpuHour ? undefined : "no GPUs in capacity");
  moneyRow("Per MW-month", f.perMwMonth?.amount, f.perMwMonth ? undefined : "no power in capacity");
  if (m.commitment) {
    moneyRow("Commitment minimum", m.commitment.minimum);
    moneyRow("Shortfall", f.shortfall, f.shortfall ? "the minimum exceeds the total" : "none: the total meets the minimum");
  }

  section("By basis");
  for (const [basis, v] of f.byBasis) moneyRow(basis, v);

  section("Fees");
  summary.addRow(["Fee", "Total", "Exact (text)", "Periods, first and last payment"]).font = { italic: true };
  f.feeModels.forEach((fee, i) => {
    const ff = f.fees[i]!;
    if (ff.dropped) return;
    moneyRow(fee.label ? `${fee.id} (${fee.label})` : fee.id, ff.total, `${ff.periods} ${ff.periods === 1 ? "payment" : "payments"}${ff.first === undefined ? "" : `, ${formatDay(ff.first)} to ${formatDay(ff.last!)}`}; basis ${fee.basis}`);
  });

  if (f.exits.length > 0) {
    section("Exit exposures");
    f.exits.forEach((e, i) => {
      const clause = m.termination[e.clause]!;
      moneyRow(`Clause ${i + 1} (${clause.byText}, ${clause.notice.text})`, e.exposure, `notice given ${formatDay(e.noticeDay)}, window to ${formatDay(e.windowEnd - 1)}${e.cutAtTermEnd ? " (cut at the term's end)" : ""}`);
    });
  }

  if (m.options.length > 0) {
    section("Options");
    summary.addRow(["Option", "Value", "Exact (text)", "Deadline and terms"]).font = { italic: true };
    m.options.forEach((o, i) => {
      const of = f.options[i];
      const note = `${of ? `exercise by ${formatDay(of.step.deadline)}; ` : ""}${o.byText}, ${o.notice.text}' notice, extends ${o.extend.text}; ${of?.exercised ? "exercised" : "not exercised"}`;
      moneyRow(o.id, of?.value, note);
    });
  }

  if (json.scenarios && Object.keys(json.scenarios).length > 0) {
    section("Scenarios");
    summary.addRow(["Scenario", "Total", "Exact (text)", "Difference from the base, NPV"]).font = { italic: true };
    for (const r of a.scenarios) {
      const sf = r.figures;
      const sj = json.scenarios[r.id];
      const note = sj ? `total ${sj.delta.total === null ? "n/a" : `${sj.delta.total.startsWith("-") ? "" : "+"}${sj.delta.total}`}; NPV ${sj.npv ?? "n/a"}` : "errors: no figures";
      moneyRow(r.label ? `${r.id} (${r.label})` : r.id, sf?.total, note);
    }
  }

  section("Precision");
  summary.addRow([
    flagged === 0
      ? "Every amount has at most 15 significant digits: the numbers are exact."
      : `${flagged} ${flagged === 1 ? "amount has" : "amounts have"} more than 15 significant digits, more than a spreadsheet number (a double) keeps: the exact value is beside each as text (column C here, the "(exact)" columns on the Schedule sheet).`,
  ]);

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, beyondDouble: flagged };
}

function fromMonthIndex(index: number): Day {
  const year = Math.floor(index / 12);
  return fromYmd(year, index - year * 12 + 1, 1);
}
