/**
 * CSV text (RFC 4180) of the schedule view, and the one CSV writer of the
 * core (the cash-flow chart's CSVs use it too). Money is in plain decimal
 * notation with the currency's minor-unit digits (`plain`), never a float;
 * other numbers are exact decimals.
 *
 * Writing RFC 4180 is a quoting rule (a cell holding a comma, a double quote,
 * CR or LF is quoted, its quotes doubled; CRLF between records), which
 * `csvText` is; a CSV library would add a dependency to the pure core for
 * the same ten lines, and parsing, where libraries earn their keep, is not
 * needed here.
 */
import { formatDay } from "../dates";
import { plain, type Decimal } from "../money";
import type { BucketSum, Schedule, ScheduleRow } from "./rows";

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV: CRLF line ends, cells quoted only when they must be, no line end after the last row. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n");
}

/** Money exactly: at least the minor unit's digits, more when the value has them (a unit price of $0.015). */
function exactPlain(v: Decimal, minor: number): string {
  return v.decimalPlaces() > minor ? v.toFixed() : v.toFixed(minor);
}

/**
 * A row's fields as the JSON and the CSV write them (snake_case, the columns
 * of `dealspec schedule --format csv`): money as plain decimals, factors and
 * quantities as exact decimals, `null` where a field does not apply (the
 * unit fields of a fee priced by `amount`). Portfolio rows add `deal`,
 * `currency` and `converted`.
 */
export interface ScheduleRowJson {
  /** A portfolio's rows: the deal's id. */
  readonly deal?: string;
  readonly paid: string;
  readonly fee: string;
  readonly period: number;
  readonly start: string;
  /** The last day the charge covers. */
  readonly end: string;
  readonly days: number;
  readonly full_days: number;
  readonly escalations: number;
  /** The charge, in the deal's currency. */
  readonly amount: string;
  /** The sum paid through this row, in the schedule's currency. */
  readonly cumulative: string;
  /** A unit-priced fee's unit (`MW-month`), quantity in force (when constant over the days covered), quantity-days and unit price; null otherwise. */
  readonly unit: string | null;
  readonly quantity: string | null;
  readonly quantity_days: string | null;
  readonly unit_price: string | null;
  readonly escalation_factor: string;
  readonly reprice_factor: string;
  /** A portfolio's rows: the deal's currency, and the charge converted to the portfolio's. */
  readonly currency?: string;
  readonly converted?: string;
}

/** The columns of a deal's rows, in order; a portfolio's put `deal` first and add `currency` and `converted`. */
const ROW_COLUMNS = ["paid", "fee", "period", "start", "end", "days", "full_days", "escalations", "amount", "cumulative", "unit", "quantity", "quantity_days", "unit_price", "escalation_factor", "reprice_factor"] as const;

export function rowJson(s: Schedule, r: ScheduleRow): ScheduleRowJson {
  const u = r.units;
  const out: ScheduleRowJson = {
    ...(r.deal === undefined ? {} : { deal: r.deal }),
    paid: formatDay(r.paid),
    fee: r.fee,
    period: r.period,
    start: formatDay(r.start),
    end: formatDay(r.end),
    days: r.days,
    full_days: r.fullDays,
    escalations: r.escalations,
    amount: plain(r.amount, r.minor),
    cumulative: plain(r.cumulative, s.minor),
    unit: u?.unit ?? null,
    quantity: u?.quantity?.toFixed() ?? null,
    quantity_days: u ? u.quantityDays.toFixed() : null,
    unit_price: u ? exactPlain(u.price, r.minor) : null,
    escalation_factor: r.escalationFactor.toFixed(),
    reprice_factor: r.repriceFactor.toFixed(),
    ...(s.kind === "portfolio" ? { currency: r.currency, converted: plain(r.converted, s.minor) } : {}),
  };
  return out;
}

/** The header of the rows' CSV. */
function rowCsvHeader(s: Schedule): string[] {
  return s.kind === "portfolio" ? ["deal", ...ROW_COLUMNS, "currency", "converted"] : [...ROW_COLUMNS];
}

function cell(v: string | number | null | undefined): string {
  return v === null || v === undefined ? "" : String(v);
}

/** One CSV record per payment: the header, then each row's fields in `rowCsvHeader` order. */
export function scheduleCsv(s: Schedule): string {
  const header = rowCsvHeader(s);
  return csvText([header, ...s.rows.map((r) => {
    const j = rowJson(s, r) as unknown as Record<string, string | number | null | undefined>;
    return header.map((k) => cell(j[k]));
  })]);
}

/** The JSON of one bucket: its period, payments, one sum per key (fee or deal), total and running total. */
export interface BucketJson {
  readonly period: string;
  readonly payments: number;
  readonly fees: Record<string, string>;
  readonly total: string;
  readonly cumulative: string;
}

export function bucketJson(s: Schedule, b: BucketSum): BucketJson {
  return {
    period: b.period,
    payments: b.payments,
    fees: Object.fromEntries([...b.byKey].map(([k, v]) => [k, plain(v, s.minor)])),
    total: plain(b.total, s.minor),
    cumulative: plain(b.cumulative, s.minor),
  };
}

/** The buckets' CSV: the period (its column named after the bucket), `payments`, one column per key, `total`, `cumulative`. */
export function bucketCsv(s: Schedule, buckets: readonly BucketSum[], by: string): string {
  return csvText([
    [by, "payments", ...s.keys, "total", "cumulative"],
    ...buckets.map((b) => [b.period, String(b.payments), ...s.keys.map((k) => plain(b.byKey.get(k)!, s.minor)), plain(b.total, s.minor), plain(b.cumulative, s.minor)]),
  ]);
}

/** A file name stem from an id: letters, digits, `-` and `_` kept. */
export function stemOf(id: string | undefined, fallback: string, what = "cashflow"): string {
  const clean = (id ?? "").replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return `${clean || fallback}-${what}`;
}
