/**
 * The arithmetic of the language. One per-period schedule is built from the
 * fees (evaluate/scheduled.ts, with each fee's charges from
 * evaluate/charges.ts on the capacity of evaluate/timeline.ts, summed in
 * evaluate/sums.ts); every figure is derived from it here, the exit exposures and curves in
 * evaluate/exits.ts and the NPV in evaluate/npv.ts, so that any figure can be
 * explained by the charges it sums. The figures' types: evaluate/figures.ts.
 */
import { diagnostic, type Diagnostic } from "./diagnostics";
import { Decimal, fromMinorUnits, roundMinor, ZERO } from "./money";
import { INTERVAL_MONTHS, type Basis, type DealModel } from "./model/types";
import { unitsOver } from "./evaluate/charges";
import { exitsOf, lazy } from "./evaluate/exits";
import type { ChargeMemo } from "./evaluate/memo";
import type { CurvePoint, EvaluateOptions, Evaluation, ExitFigures, FeeFigures, Figures, OptionFigures, RunRatePart } from "./evaluate/figures";
import { discountedUnits, npvFromParts } from "./evaluate/npv";
import { scheduleDeal, totalOf } from "./evaluate/scheduled";
import { maxOver, sumOver } from "./evaluate/timeline";

/** The figures `evaluate` computes: their types are in evaluate/figures.ts. */
export type * from "./evaluate/figures";

export { MAX_CHARGES, TERMINATION_FEE_ID } from "./evaluate/scheduled";
/** Most charges all exit exposures of one deal may count together (clauses x charges in their windows). */
const MAX_EXPOSURE_PARTS = 1_000_000;

/**
 * Computes the schedule and every figure of a deal whose currency and term
 * are known: as written, or with the options and exit an evaluation asks for.
 * A `memo` (evaluate/memo.ts) reuses the charges of fees scheduled before.
 */
export function evaluate(model: DealModel, opts: EvaluateOptions = {}, memo?: ChargeMemo): Evaluation {
  const diagnostics: Diagnostic[] = [];
  const scheduled = scheduleDeal(model, opts, diagnostics, memo);
  if (!scheduled) return { diagnostics };
  const { currency, minor, exercised, timeline, term, feeModels, dropped, ctx, schedule, ranges, sums } = scheduled;

  // The months are the sum of the fees' months, in minor units (with a memo, updated by difference from the
  // evaluation before); the years, bases and grand total are summed from the months and the fees' totals.
  const { months, years } = scheduled.months();
  let totalUnits = 0n;
  const basisUnits = new Map<Basis, bigint>();
  for (const fee of feeModels) if (!basisUnits.has(fee.basis)) basisUnits.set(fee.basis, 0n);
  const fees: FeeFigures[] = [];
  feeModels.forEach((fee, i) => {
    const [from, to] = ranges[i]!;
    const charges = { from, to };
    const s = sums[i];
    if (!s || s.periods === 0) {
      const out: { -readonly [K in keyof FeeFigures]: FeeFigures[K] } = { total: ZERO, periods: 0, charges };
      if (dropped[i]) out.dropped = true;
      fees.push(out);
      return;
    }
    totalUnits += s.units;
    basisUnits.set(fee.basis, basisUnits.get(fee.basis)! + s.units);
    fees.push({ total: s.total, periods: s.periods, charges, first: s.first, last: s.last });
  });
  const total = fromMinorUnits(totalUnits, minor);

  let peakMonth: Figures["peakMonth"];
  for (const [month, amount] of months) if (!peakMonth || amount.gt(peakMonth.amount)) peakMonth = { month, amount };

  // Run rate: the recurring fees in force on the term's last day.
  const parts: RunRatePart[] = [];
  let runRate = ZERO;
  feeModels.forEach((fee, i) => {
    if (fee.every === "once" || fee.until < term.last) return;
    const [from, to] = ranges[i]!;
    // A fee's periods follow one another: those in force on the last day are at the end of its charges.
    let k = to;
    while (k > from && schedule[k - 1]!.end >= term.last) k--;
    for (; k < to; k++) {
      const c = schedule[k]!;
      if (c.start > term.last) continue;
      const periodMonths = INTERVAL_MONTHS[fee.every];
      const sign = fee.credit ? -1 : 1;
      let yearly: Decimal;
      let quantity: Decimal | undefined;
      if (fee.price) {
        quantity = unitsOver(fee, ctx)!(term.last, term.last);
        yearly = c.escalated.times(quantity).times(fee.price.unit === "GPU-hour" ? 8760 : 12);
      } else {
        // Dividing by 1 (a monthly fee) leaves the product as it is.
        yearly = periodMonths === 1 ? c.escalated.times(12) : c.escalated.times(12).div(periodMonths);
      }
      if (sign < 0) yearly = yearly.neg();
      const part: { -readonly [K in keyof RunRatePart]: RunRatePart[K] } = { fee: i, escalated: c.escalated, periodMonths, yearly };
      if (quantity !== undefined) part.quantity = quantity;
      parts.push(part);
      runRate = runRate.plus(yearly);
    }
  });

  // Each clause counts the charges in its window: bound the total, as the schedule is bounded.
  const exits: ExitFigures[] = [];
  let curves: (() => CurvePoint[][]) | undefined;
  if (!opts.exit && !opts.totalsOnly && model.termination.length > 0) {
    const computed = exitsOf(model.termination, schedule, term.last, minor, MAX_EXPOSURE_PARTS, { ...(memo ? { kept: memo.windows, accruals: memo.accruals } : {}), runs: ranges });
    if ("overBudget" in computed) {
      diagnostics.push(
        diagnostic("DS311", model.termination[computed.overBudget]!.keySpan, `The exit exposures of this deal count more than ${MAX_EXPOSURE_PARTS.toLocaleString("en-US")} charges in all, more than Dealspec computes; use fewer termination clauses or split the deal.`),
      );
      return { diagnostics };
    }
    exits.push(...computed.exits);
    curves = computed.curves;
  }

  const figures: {
    -readonly [K in keyof Figures]: Figures[K];
  } = {
    currency,
    minor,
    term,
    schedule,
    feeModels,
    fees,
    total,
    years,
    months,
    runRate: { amount: roundMinor(runRate, minor), parts },
    exits,
    exitCurves: [],
    options: timeline.steps.map((step, i) => ({ step, exercised: exercised[i] === true })),
    byBasis: [...basisUnits].map(([basis, units]) => [basis, fromMinorUnits(units, minor)] as const),
  };
  if (peakMonth) figures.peakMonth = peakMonth;
  // Unit figures use `capacity` only (a fee's quantity is not capacity).
  if (ctx.gpus) {
    const gpuDays = sumOver(ctx.gpus, term.start, term.last);
    if (gpuDays.gt(0)) {
      const gpuHours = gpuDays.times(24);
      figures.perGpuHour = { amount: roundMinor(total.div(gpuHours), minor), gpuHours };
    }
  }
  if (ctx.power && peakMonth) {
    const mw = maxOver(ctx.power, term.start, term.last);
    if (mw.gt(0)) figures.perMwMonth = { amount: roundMinor(peakMonth.amount.div(mw), minor), megawatts: mw };
  }
  // The exit curves are computed when first read (evaluate/exits.ts): no diagnostic depends on them.
  if (curves) lazy(figures, "exitCurves", curves);
  const discount = model.discountRate;
  if (discount) {
    // The NPV is computed when first read, then kept as a plain property. No
    // diagnostic depends on it and few readers need it (the CLI, a hover),
    // while on a small deal it costs as much as the rest of the evaluation;
    // an editor analyzes on every keystroke (see bench/RESULTS.md).
    // Fee by fee (evaluate/npv.ts): a memo keeps each kept fee's part, so an evaluation that changed few fees works out few.
    // One set of discount factors for every fee's part (the memo's, kept across evaluations, or this NPV's own).
    lazy(figures, "npv", () => {
      const discounts = memo?.discounts ?? new Map();
      const key = `${discount.rate.toString()}@${term.start}`;
      let parts = 0n;
      sums.forEach((s, i) => {
        if (!s) return;
        const [from, to] = ranges[i]!;
        const part = () => discountedUnits(schedule, from, to, term.start, discount.rate, discounts);
        parts += memo ? memo.discounted(s, key, part) : part();
      });
      return { amount: npvFromParts(parts, minor), rate: discount.rate };
    });
  }
  if (model.commitment) {
    const gap = model.commitment.minimum.minus(total);
    if (gap.gt(0)) {
      figures.shortfall = gap;
    }
  }
  // An option's value: the total with it exercised minus the total without it, the others as this evaluation has them.
  // Computed when first read (a second evaluation each; no diagnostic depends on it); absent when that evaluation has no figures.
  if (opts.optionValues !== false && model.options.length > 0 && model.feesRead && model.excluded.length === 0) {
    figures.options = figures.options.map((o, i) => {
      const out: { -readonly [K in keyof OptionFigures]: OptionFigures[K] } = { ...o };
      Object.defineProperty(out, "value", {
        enumerable: true,
        configurable: true,
        get() {
          const other = totalOf(model, { exercised: exercised.map((e, j) => (j === i ? !e : e)), ...(opts.exit ? { exit: opts.exit } : {}) }, memo);
          if (!other) {
            delete out.value;
            return undefined;
          }
          const value = o.exercised ? total.minus(other) : other.minus(total);
          Object.defineProperty(out, "value", { value, enumerable: true, configurable: true, writable: true });
          return value;
        },
      });
      return out;
    });
  }
  return { figures, diagnostics };
}
