/**
 * A deal's commitments as rows of the FinOps FOCUS 1.3 Contract Commitment
 * dataset (docs/exports.md gives the mapping and why each column holds what
 * it does). One row per charge of the schedule view (core/schedule): its
 * period is the commitment period, its rounded, signed charge the cost; the
 * contract period is the term in force. FOCUS periods are half-open, so each
 * end is the day after the last day covered, at 00:00 UTC. Pure: strings in
 * FOCUS's formats (ISO 8601 date-times with `Z`, plain decimals), null for
 * an absent value; the CSV is the schedule view's writer.
 */
import type { Analysis } from "./analyze";
import { formatDay, LAST_DAY, type Day } from "./dates";
import type { Interval } from "./model/types";
import { plain } from "./money";
import { csvText } from "./schedule/csv";
import { dealSchedule } from "./schedule/rows";

/** The columns of the Contract Commitment dataset (FOCUS 1.3), in the specification's order. */
const FOCUS_COLUMNS = [
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
] as const;

/** Dealspec's own columns, after FOCUS's (custom columns take the `x_` prefix). */
const FOCUS_CUSTOM_COLUMNS = ["x_DealspecFeeId", "x_DealspecPeriod", "x_DealspecPaymentDate", "x_DealspecBasis"] as const;

export type FocusColumn = (typeof FOCUS_COLUMNS)[number] | (typeof FOCUS_CUSTOM_COLUMNS)[number];
export type FocusRow = Readonly<Record<FocusColumn, string | null>>;

/** FOCUS's Date/Time format: `2026-05-01T00:00:00Z` (a day starts at 00:00 UTC). */
function focusDateTime(d: Day): string {
  return `${formatDay(d)}T00:00:00Z`;
}

/** The half-open end of a period whose last day is `last`: the next day at 00:00, or for 9999-12-31 that day's 24:00 (ISO 8601's end of a day), never a five-digit year. */
function focusEnd(last: Day): string {
  return last < LAST_DAY ? focusDateTime(last + 1) : `${formatDay(last)}T24:00:00Z`;
}

const TYPE: Readonly<Record<Interval, string>> = { month: "Monthly", quarter: "Quarterly", year: "Annual", once: "One-Time" };

/**
 * The rows of a deal's commitments, in paid order (the schedule view's), or
 * undefined when the deal has no schedule. The costs sum to the deal's total.
 */
export function focusRows(a: Analysis): FocusRow[] | undefined {
  const s = dealSchedule(a);
  const m = a.model;
  const f = a.figures;
  if (!s || !m || !f) return undefined;
  const deal = m.id ?? "deal";
  const fees = new Map(f.feeModels.map((fee) => [fee.id, fee]));
  const contractStart = focusDateTime(f.term.start);
  const contractEnd = focusEnd(f.term.last);
  return s.rows.map((r) => {
    const fee = fees.get(r.fee)!;
    const covers = r.days === r.fullDays ? `${r.days} ${r.days === 1 ? "day" : "days"}` : `${r.days} of ${r.fullDays} days, prorated`;
    const what = fee.every === "once" ? "one-time" : `period ${r.period}`;
    return {
      BillingCurrency: s.currency,
      ContractCommitmentCategory: "Spend",
      ContractCommitmentCost: plain(r.amount, r.minor),
      ContractCommitmentDescription: `${deal} ${fee.label ? `${r.fee} (${fee.label})` : r.fee}, ${what}: ${formatDay(r.start)} to ${formatDay(r.end)} (${covers}), paid ${formatDay(r.paid)}`,
      ContractCommitmentId: `${deal}/${r.fee}/${r.period}`,
      ContractCommitmentPeriodEnd: focusEnd(r.end),
      ContractCommitmentPeriodStart: focusDateTime(r.start),
      ContractCommitmentQuantity: null,
      ContractCommitmentType: `${TYPE[fee.every]} ${fee.credit ? "Credit" : "Fee"}`,
      ContractCommitmentUnit: null,
      ContractId: deal,
      ContractPeriodEnd: contractEnd,
      ContractPeriodStart: contractStart,
      x_DealspecFeeId: r.fee,
      x_DealspecPeriod: String(r.period),
      x_DealspecPaymentDate: focusDateTime(r.paid),
      x_DealspecBasis: fee.basis,
    };
  });
}

/** The rows as CSV (RFC 4180): the column ids, then one record per row; null is an empty field. */
export function focusCsv(rows: readonly FocusRow[]): string {
  const columns: FocusColumn[] = [...FOCUS_COLUMNS, ...FOCUS_CUSTOM_COLUMNS];
  return csvText([columns, ...rows.map((r) => columns.map((c) => r[c] ?? ""))]);
}
