/**
 * The schedule view: the one list of payments behind a deal's (or a
 * portfolio's) figures, as rows a person reads, and their sums per calendar
 * month, quarter or year. `dealspec schedule` (every format), the editor's
 * schedule table (`dealspec/schedule`) and the cash-flow CSV all read these
 * rows; the CSV text is `csv.ts`. Nothing is recomputed: each row is one of
 * the engine's charges (`Figures.schedule`), with the factors the engine
 * multiplied to reach it.
 *
 * A deal's rows are in its currency. A portfolio's rows are every counted
 * deal's charges, each in its deal's currency (`amount`) and converted to the
 * portfolio's (`converted`: amount x rate, rounded); its bucket sums convert
 * each deal's sum in the bucket once and add them up ("convert, round, then
 * sum", so the years are the portfolio's years and the total its total).
 */
import type { Analysis } from "../analyze";
import { toYmd, type Day } from "../dates";
import type { Charge, Figures } from "../evaluate";
import type { DealModel, FeeModel } from "../model/types";
import { Decimal, ONE, ZERO } from "../money";
import type { PortfolioAnalysis } from "../portfolio/analyze";
import { convert } from "../portfolio/figures";
import type { PriceUnit } from "../values";
import { feeQuantityTimeline, runsOver, runsTotal } from "../features/units";
import { figuresStatus, portfolioFiguresStatus, type FiguresStatus } from "../features/display";

/** What a unit-priced charge counts. */
export interface RowUnits {
  readonly unit: PriceUnit;
  /** The price of one unit as written (before escalation and reprice). */
  readonly price: Decimal;
  /** The quantity in force, in the price's unit, when it is the same on every day the charge covers. */
  readonly quantity?: Decimal;
  /** The quantity summed over the days covered (`Charge.units`: MW-days, kW-days or GPU-days). */
  readonly quantityDays: Decimal;
}

/** One payment: one charge of the engine's schedule. */
export interface ScheduleRow {
  /** In a portfolio's schedule: the id of the deal the charge belongs to. */
  readonly deal?: string;
  readonly fee: string;
  readonly label?: string;
  /** 1-based, anchored on the fee's `from`. */
  readonly period: number;
  readonly start: Day;
  /** The last day the charge covers (the period's end, or `until` when that cuts it short). */
  readonly end: Day;
  /** Days covered, and the full period's days: fewer covered than full is a prorated charge. */
  readonly days: number;
  readonly fullDays: number;
  /** Present for a unit-priced fee. */
  readonly units?: RowUnits;
  /** n in (1 + rate)^n. */
  readonly escalations: number;
  /** (1 + rate)^n: 1 without escalation. */
  readonly escalationFactor: Decimal;
  /** The product of the reprices of the exercised options in force: 1 when none. */
  readonly repriceFactor: Decimal;
  /** The charge, rounded and signed, in `currency`. */
  readonly amount: Decimal;
  /** The deal's currency, and its minor-unit digits. */
  readonly currency: string;
  readonly minor: number;
  /** The charge in the schedule's currency: `amount` for a deal, amount x rate rounded in a portfolio. */
  readonly converted: Decimal;
  readonly paid: Day;
  /** The sum of `converted` from the first row through this one. */
  readonly cumulative: Decimal;
}

/** The rows of one deal or portfolio, and what their sums need. */
export interface Schedule {
  readonly kind: "deal" | "portfolio";
  /** The deal's or portfolio's id. */
  readonly id: string | null;
  readonly title: string | null;
  readonly currency: string;
  readonly minor: number;
  /** In paid order (ties: deal order, then fee order, then period). */
  readonly rows: readonly ScheduleRow[];
  /** The figures' total (a portfolio's: the sum of its converted deal totals). */
  readonly total: Decimal;
  /** The columns of the bucket sums, in file order: fee ids of a deal, deal ids of a portfolio. */
  readonly keys: readonly string[];
  /** Each key's total, as the figures give it (a fee's total; a deal's converted total). */
  readonly keyTotals: ReadonlyMap<string, Decimal>;
  /** A portfolio's rate for each deal id (one unit of the deal's currency in the portfolio's); empty for a deal. */
  readonly rates: ReadonlyMap<string, Decimal>;
  /** True when some row is in another currency than the schedule's, or converted at a rate other than 1. */
  readonly converts: boolean;
  readonly status: FiguresStatus;
  /** The first and last day of the term (a deal's; a portfolio's earliest start and latest last day). */
  readonly from: Day;
  readonly until: Day;
}

/** (1 + rate)^n for each n, computed once per fee. */
function escalationFactors(fee: FeeModel): (n: number) => Decimal {
  const cache: Decimal[] = [ONE];
  const base = fee.escalate ? ONE.plus(fee.escalate.rate) : ONE;
  return (n) => cache[n] ?? (cache[n] = base.pow(n));
}

interface Part {
  readonly deal?: string;
  readonly model: DealModel;
  readonly figures: Figures;
  readonly rate: Decimal;
}

/** The rows of the parts' charges, in paid order, converted at each part's rate to `minor` digits. */
function rowsOf(parts: readonly Part[], minor: number): ScheduleRow[] {
  const all: { part: number; charge: Charge; fee: FeeModel; factor: (n: number) => Decimal; quantities: ReturnType<typeof feeQuantityTimeline> }[] = [];
  parts.forEach((p, part) => {
    const feeInfo = p.figures.feeModels.map((fee) => ({
      fee,
      factor: escalationFactors(fee),
      quantities: p.model.term ? feeQuantityTimeline(fee, p.model.capacity, p.model.term) : undefined,
    }));
    for (const charge of p.figures.schedule) all.push({ part, charge, ...feeInfo[charge.fee]! });
  });
  all.sort((x, y) => x.charge.paid - y.charge.paid || x.part - y.part || x.charge.fee - y.charge.fee || x.charge.period - y.charge.period);
  let running = ZERO;
  return all.map(({ part, charge: c, fee, factor, quantities }) => {
    const p = parts[part]!;
    const converted = p.deal === undefined ? c.amount : convert(c.amount, p.rate, minor);
    running = running.plus(converted);
    const row: { -readonly [K in keyof ScheduleRow]: ScheduleRow[K] } = {
      fee: fee.id,
      period: c.period + 1,
      start: c.start,
      end: c.coverEnd,
      days: c.coveredDays,
      fullDays: c.fullDays,
      escalations: c.escalations,
      escalationFactor: factor(c.escalations),
      repriceFactor: c.reprice ?? ONE,
      amount: c.amount,
      currency: p.figures.currency,
      minor: p.figures.minor,
      converted,
      paid: c.paid,
      cumulative: running,
    };
    if (p.deal !== undefined) row.deal = p.deal;
    if (fee.label !== undefined) row.label = fee.label;
    if (fee.price) {
      const quantityDays = c.units ?? ZERO;
      // The quantity is shown when one value holds on every day covered (the runs describe; `units` is the engine's).
      const runs = runsOver(quantities, c.start, c.coverEnd);
      const constant = runs.length === 1 && runsTotal(runs).eq(quantityDays) ? runs[0]!.value : undefined;
      row.units = { unit: fee.price.unit, price: fee.amount, quantityDays, ...(constant === undefined ? {} : { quantity: constant }) };
    }
    return row;
  });
}

/** A deal's schedule, or undefined when it has none (no figures, or no fee could be evaluated). */
export function dealSchedule(a: Analysis): Schedule | undefined {
  const m = a.model;
  const f = a.figures;
  const status = figuresStatus(a);
  if (!m || !f || status.kind === "none") return undefined;
  return {
    kind: "deal",
    id: m.id ?? null,
    title: m.title ?? null,
    currency: f.currency,
    minor: f.minor,
    rows: rowsOf([{ model: m, figures: f, rate: ONE }], f.minor),
    total: f.total,
    keys: m.fees.map((fee) => fee.id),
    keyTotals: new Map(m.fees.map((fee, i) => [fee.id, f.fees[i]?.total ?? ZERO])),
    rates: new Map(),
    converts: false,
    status,
    from: f.term.start,
    until: f.term.last,
  };
}

/** A portfolio's schedule: every counted deal's charges (as the portfolio counts them: a picked scenario's), or undefined without figures. */
export function portfolioSchedule(pa: PortfolioAnalysis): Schedule | undefined {
  const f = pa.figures;
  const status = portfolioFiguresStatus(pa);
  if (!f || status.kind === "none") return undefined;
  const parts = f.deals.map((d) => ({ deal: d.id, model: d.model, figures: d.figures, rate: d.rate }));
  return {
    kind: "portfolio",
    id: pa.model?.id ?? null,
    title: pa.model?.title ?? null,
    currency: f.currency,
    minor: f.minor,
    rows: rowsOf(parts, f.minor),
    total: f.total,
    keys: f.deals.map((d) => d.id),
    keyTotals: new Map(f.deals.map((d) => [d.id, d.total])),
    rates: new Map(f.deals.map((d) => [d.id, d.rate])),
    converts: f.deals.some((d) => d.currency !== f.currency || !d.rate.eq(ONE)),
    status,
    from: Math.min(...f.deals.map((d) => d.figures.term.start)),
    until: Math.max(...f.deals.map((d) => d.figures.term.last)),
  };
}

export const BUCKETS = ["month", "quarter", "year"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** `2026-05`, `2026-Q2` or `2026`. */
function bucketOf(day: Day, by: Bucket): string {
  const { year, month } = toYmd(day);
  if (by === "year") return String(year);
  if (by === "quarter") return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** The payments of one calendar month, quarter or year. */
export interface BucketSum {
  /** `2026-05`, `2026-Q2` or `2026`. */
  readonly period: string;
  readonly payments: number;
  /** Each key of the schedule (every one, zero when it pays nothing in the bucket), in the schedule's currency. */
  readonly byKey: ReadonlyMap<string, Decimal>;
  readonly total: Decimal;
  /** The sum of the totals from the first bucket through this one. */
  readonly cumulative: Decimal;
  /** Index into the schedule's rows of the bucket's first row, and one past its last (the rows are in paid order, so a bucket's rows are contiguous). */
  readonly first: number;
  readonly end: number;
}

/**
 * The rows summed per calendar month, quarter or year, in order; buckets
 * without payments are left out, as in the figures' years. Per key, a
 * portfolio converts the deal's sum in the bucket once (the figures' rule).
 */
export function scheduleBuckets(s: Schedule, by: Bucket): BucketSum[] {
  const out: BucketSum[] = [];
  let running = ZERO;
  let i = 0;
  while (i < s.rows.length) {
    const period = bucketOf(s.rows[i]!.paid, by);
    let j = i;
    const sums = new Map<string, Decimal>(s.keys.map((k) => [k, ZERO]));
    while (j < s.rows.length && bucketOf(s.rows[j]!.paid, by) === period) {
      const r = s.rows[j]!;
      const key = r.deal ?? r.fee;
      sums.set(key, (sums.get(key) ?? ZERO).plus(r.amount));
      j++;
    }
    const byKey = new Map([...sums].map(([k, v]) => [k, s.kind === "portfolio" ? convert(v, s.rates.get(k) ?? ONE, s.minor) : v]));
    const total = [...byKey.values()].reduce((a, v) => a.plus(v), ZERO);
    running = running.plus(total);
    out.push({ period, payments: j - i, byKey, total, cumulative: running, first: i, end: j });
    i = j;
  }
  return out;
}
