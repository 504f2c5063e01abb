/**
 * The editor's schedule table ("Dealspec: Show Schedule", `dealspec/schedule`):
 * the schedule view's rows (server/src/core/schedule/rows.ts) as display
 * strings grouped by calendar year, each year with its subtotal row, and a
 * totals row; with the rows' exact fields and the CSV text
 * (`dealspec schedule --format csv`'s). The page only places these strings.
 */
import type { Analysis } from "../analyze";
import { formatDay } from "../dates";
import { Decimal, formatMoney, formatMoneyExact, plain } from "../money";
import type { PortfolioAnalysis } from "../portfolio/analyze";
import { rowJson, scheduleCsv, stemOf, type ScheduleRowJson } from "../schedule/csv";
import { dealSchedule, portfolioSchedule, scheduleBuckets, type Schedule, type ScheduleRow } from "../schedule/rows";
import { figuresStatus, portfolioFiguresStatus, type FiguresStatus } from "./display";
import { formatQuantity, quantityDayUnit, quantityText } from "./units";

/*
 * ScheduleView is the answer of `dealspec/schedule`: the protocol module
 * (protocol/src) re-exports these types for the client and the webview page.
 */
export interface ScheduleColumnView {
  /** `paid`, `deal`, `fee`, `period`, `covers`, `days`, `quantity`, `unit_price`, `escalation`, `reprice`, `charge`, `converted`, `cumulative`. */
  readonly key: string;
  readonly label: string;
  readonly align: "left" | "right";
  /** What the column holds, for the header's tooltip. */
  readonly title: string;
}

export interface ScheduleGroupView {
  /** The calendar year of the payments: `2026`. */
  readonly key: string;
  /** One string per column. */
  readonly rows: readonly (readonly string[])[];
  /** The year's sum: its label, payments, sum and running total in their columns. */
  readonly subtotal: readonly string[];
}

export interface ScheduleTableView {
  readonly columns: readonly ScheduleColumnView[];
  readonly groups: readonly ScheduleGroupView[];
  readonly totals: readonly string[];
  /** Payments in the table, and in the schedule (the table stops at `MAX_SCHEDULE_TABLE_ROWS`; the subtotals, totals and CSV hold every one). */
  readonly shown: number;
  readonly count: number;
}

export interface ScheduleView {
  readonly kind: "deal" | "portfolio";
  /** The deal's (or portfolio's) id. */
  readonly deal: string | null;
  readonly title: string | null;
  readonly currency: string | null;
  /** Null when there is no schedule (`table` is null too and `summary` says why). */
  readonly total: string | null;
  /** As in the figures JSON: false when errors left fees (of a portfolio: deals) out, listed in `excluded`. */
  readonly complete: boolean;
  readonly excluded: readonly string[];
  /** When not complete: `incomplete: fee \`lease\` excluded`, and a sentence to show with the table. */
  readonly status?: string;
  readonly statusDetail?: string;
  /** `Total $45,000,000,000.00 in 37 payments, 2026-05-01 to 2029-05-31`, or why there is no schedule. */
  readonly summary: string;
  /** Notes to show with the table (portfolio conversions, a table cut short). */
  readonly notes: readonly string[];
  /** The payments listed in `table`, in paid order (the rows of `dealspec schedule --format json`). */
  readonly rows: readonly ScheduleRowJson[];
  /** `YYYY-MM` (and `YYYY`) to the sum paid in that month (year). */
  readonly months: Readonly<Record<string, string>>;
  readonly years: Readonly<Record<string, string>>;
  readonly table: ScheduleTableView | null;
  /** Every payment as CSV (RFC 4180, CRLF, no line end after the last record); empty without a schedule. */
  readonly csv: string;
  /** `colossus-1-schedule`: a file name for the CSV. */
  readonly fileStem: string;
}

/** Most payments listed in the editor's table (the rows' exact fields follow it); the CSV and the sums hold every payment. */
export const MAX_SCHEDULE_TABLE_ROWS = 5000;

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

/** A factor as a cell: empty when 1, else `×1.0609` (up to 8 decimals; more are rounded and marked `≈`). */
function factorCell(f: Decimal): string {
  if (f.eq(1)) return "";
  return f.decimalPlaces() > 8 ? `≈×${f.toDecimalPlaces(8, Decimal.ROUND_HALF_UP).toFixed()}` : `×${f.toFixed()}`;
}

function columnsOf(s: Schedule): ScheduleColumnView[] {
  const any = (p: (r: ScheduleRow) => boolean) => s.rows.some(p);
  const c = (key: string, label: string, align: "left" | "right", title: string): ScheduleColumnView => ({ key, label, align, title });
  return [
    ...(s.kind === "portfolio" ? [c("deal", "Deal", "left", "The deal the payment belongs to")] : []),
    c("paid", "Paid", "left", "The day the charge is paid"),
    c("fee", "Fee", "left", "The fee's id"),
    c("period", "Period", "right", "The fee's period number, from its `from` date"),
    c("covers", "Covers", "left", "The days the charge covers"),
    c("days", "Days", "right", "Days covered; covered/full when the period is prorated"),
    ...(any((r) => r.units !== undefined)
      ? [c("quantity", "Quantity", "right", "A unit-priced charge's quantity in force, or its quantity-days when the quantity changes within the period"), c("unit_price", "Unit price", "right", "The price of one unit, as written")]
      : []),
    ...(any((r) => r.escalations > 0) ? [c("escalation", "Escalation", "right", "(1 + rate)^n: the escalation steps applied")] : []),
    ...(any((r) => !r.repriceFactor.eq(1)) ? [c("reprice", "Reprice", "right", "The reprice of the exercised options in force")] : []),
    c("charge", "Charge", "right", s.kind === "portfolio" ? "The charge, rounded, in the deal's currency" : "The charge, rounded to the currency's minor unit"),
    ...(s.converts ? [c("converted", `Charge (${s.currency})`, "right", `The charge converted at the portfolio's rate, rounded, in ${s.currency}`)] : []),
    c("cumulative", "Running total", "right", `The sum paid through this payment, in ${s.currency}`),
  ];
}

function cellsOf(s: Schedule, columns: readonly ScheduleColumnView[], r: ScheduleRow): string[] {
  return columns.map(({ key }) => {
    switch (key) {
      case "deal":
        return r.deal ?? "";
      case "paid":
        return formatDay(r.paid);
      case "fee":
        return r.fee;
      case "period":
        return `#${r.period}`;
      case "covers":
        return r.start === r.end ? formatDay(r.start) : `${formatDay(r.start)} – ${formatDay(r.end)}`;
      case "days":
        return r.days === r.fullDays ? String(r.days) : `${r.days}/${r.fullDays}`;
      case "quantity": {
        const u = r.units;
        if (!u) return "";
        return u.quantity !== undefined ? quantityText(u.quantity, u.unit) : `${formatQuantity(u.quantityDays)} ${quantityDayUnit(u.unit)}`;
      }
      case "unit_price":
        return r.units ? `${formatMoneyExact(r.units.price, r.currency)} per ${r.units.unit}` : "";
      case "escalation":
        return factorCell(r.escalationFactor);
      case "reprice":
        return factorCell(r.repriceFactor);
      case "charge":
        return formatMoney(r.amount, r.currency);
      case "converted":
        return formatMoney(r.converted, s.currency);
      case "cumulative":
        return formatMoney(r.cumulative, s.currency);
      default:
        return "";
    }
  });
}

/** A sum row: the label in the first column, the payments in the second, the sum in the charge (or converted) column, the running total in the last. */
function sumRow(s: Schedule, columns: readonly ScheduleColumnView[], label: string, payments: number, sum: Decimal, running: Decimal | undefined): string[] {
  const sumColumn = s.converts ? "converted" : "charge";
  return columns.map(({ key }, i) => {
    if (i === 0) return label;
    if (i === 1) return plural(payments, "payment");
    if (key === sumColumn) return formatMoney(sum, s.currency);
    if (key === "cumulative" && running !== undefined) return formatMoney(running, s.currency);
    return "";
  });
}

function tableOf(s: Schedule, partial: boolean): ScheduleTableView {
  const columns = columnsOf(s);
  let shown = 0;
  const groups = scheduleBuckets(s, "year").map((b) => {
    const take = Math.max(0, Math.min(b.end - b.first, MAX_SCHEDULE_TABLE_ROWS - shown));
    shown += take;
    const rows = s.rows.slice(b.first, b.first + take).map((r) => cellsOf(s, columns, r));
    return { key: b.period, rows, subtotal: sumRow(s, columns, `${b.period} subtotal`, b.payments, b.total, b.cumulative) };
  });
  return { columns, groups, totals: sumRow(s, columns, partial ? "Total (partial)" : "Total", s.rows.length, s.total, undefined), shown, count: s.rows.length };
}

function viewOf(s: Schedule | undefined, kind: "deal" | "portfolio", id: string | null, status: FiguresStatus): ScheduleView {
  const said = status.label === undefined ? {} : { status: status.label, statusDetail: status.detail! };
  const head = { kind, deal: id, complete: status.complete, excluded: status.excluded, ...said };
  if (!s) {
    return { ...head, title: null, currency: null, total: null, summary: `No schedule. ${status.detail!}`, notes: [], rows: [], months: {}, years: {}, table: null, csv: "", fileStem: stemOf(id ?? undefined, kind, "schedule") };
  }
  const partial = status.kind === "partial";
  const total = `${formatMoney(s.total, s.currency)}${partial ? " (partial)" : ""}`;
  const summary =
    s.kind === "deal"
      ? `Total ${total} in ${plural(s.rows.length, "payment")}, ${formatDay(s.from)} to ${formatDay(s.until)}.`
      : `Total ${total} over ${plural(s.keys.length, "deal")} in ${s.currency}: ${plural(s.rows.length, "payment")}, ${formatDay(s.from)} to ${formatDay(s.until)}.`;
  const table = tableOf(s, partial);
  const notes = [
    ...(s.converts
      ? [`Charges in another currency are converted one by one at the portfolio's rates (Charge (${s.currency})); the subtotals and the total convert each deal's sum once, as the portfolio's figures do, so they can differ from the converted charges' sum by a minor unit per deal.`]
      : []),
    ...(table.shown < table.count ? [`The table lists the first ${plural(table.shown, "payment")} of ${table.count.toLocaleString("en-US")}; the subtotals, the total and the CSV hold every one.`] : []),
  ];
  const yearly = scheduleBuckets(s, "year");
  return {
    ...head,
    title: s.title,
    currency: s.currency,
    total: plain(s.total, s.minor),
    summary,
    notes,
    rows: s.rows.slice(0, table.shown).map((r) => rowJson(s, r)),
    months: Object.fromEntries(scheduleBuckets(s, "month").map((b) => [b.period, plain(b.total, s.minor)])),
    years: Object.fromEntries(yearly.map((b) => [b.period, plain(b.total, s.minor)])),
    table,
    csv: scheduleCsv(s),
    fileStem: stemOf(id ?? undefined, kind, "schedule"),
  };
}

/** A deal's schedule table: every charge in paid order, grouped by year, with the rows' exact fields and the CSV. */
export function scheduleOf(a: Analysis): ScheduleView {
  return viewOf(dealSchedule(a), "deal", a.model?.id ?? null, figuresStatus(a));
}

/** A portfolio's: every counted deal's charges (as the portfolio counts them), with the deal's id in the first column. */
export function portfolioScheduleOf(pa: PortfolioAnalysis): ScheduleView {
  return viewOf(portfolioSchedule(pa), "portfolio", pa.model?.id ?? null, portfolioFiguresStatus(pa));
}
