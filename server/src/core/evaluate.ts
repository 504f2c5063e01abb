/**
 * The arithmetic of the language. One per-period schedule is built from the
 * fees; every figure is derived from it, so that any figure can be explained
 * by the charges it sums.
 */
import { daysInMonth, fromYmd, toYmd, type Day } from "./dates";
import { diagnostic, type Diagnostic } from "./diagnostics";
import { Decimal, ONE, roundMinor, ZERO } from "./money";
import { INTERVAL_MONTHS, type Basis, type ClauseModel, type DealModel, type FeeModel, type TermModel } from "./model";

/** Most charges one deal may schedule, so that analysis stays bounded. */
export const MAX_CHARGES = 500_000;
/** Most charges all exit exposures of one deal may count together (clauses x charges in their windows). */
export const MAX_EXPOSURE_PARTS = 1_000_000;

/** One period's charge of one fee. */
export interface Charge {
  /** Index into `DealModel.fees`. */
  readonly fee: number;
  /** 0-based period number, anchored on the fee's `from`. */
  readonly period: number;
  readonly start: Day;
  /** Last day of the full period. */
  readonly end: Day;
  /** Last day the charge covers: the period's end, or `until` when that cuts it short. */
  readonly coverEnd: Day;
  readonly fullDays: number;
  readonly coveredDays: number;
  /** Escalation steps applied (n in amount x (1 + rate)^n). */
  readonly escalations: number;
  /** amount x (1 + rate)^n, before proration and rounding. */
  readonly escalated: Decimal;
  /** The rounded, signed charge. */
  readonly amount: Decimal;
  readonly paid: Day;
}

export interface FeeFigures {
  readonly total: Decimal;
  readonly periods: number;
  readonly first?: Day;
  readonly last?: Day;
  /** Indices into the schedule of this fee's charges. */
  readonly charges: readonly number[];
}

export interface RunRatePart {
  readonly fee: number;
  readonly escalated: Decimal;
  readonly periodMonths: number;
  /** escalated x 12 / months, signed, unrounded. */
  readonly yearly: Decimal;
}

export interface ExposurePart {
  readonly charge: number;
  readonly daysInside: number;
  /** The charge's signed amount x days inside / days it covers, unrounded. */
  readonly counted: Decimal;
}

export interface ExitFigures {
  readonly clause: number;
  readonly noticeDay: Day;
  /** Exclusive end of the window, cut at the day after the term's end. */
  readonly windowEnd: Day;
  readonly cutAtTermEnd: boolean;
  readonly fee: Decimal;
  readonly parts: readonly ExposurePart[];
  readonly exposure: Decimal;
}

export interface Figures {
  readonly currency: string;
  readonly minor: number;
  readonly term: TermModel;
  readonly schedule: readonly Charge[];
  /** Aligned with `DealModel.fees`. */
  readonly fees: readonly FeeFigures[];
  readonly total: Decimal;
  /** Calendar year to the sum paid in it, ascending; years without payments absent. */
  readonly years: ReadonlyMap<number, Decimal>;
  /** Month index (year x 12 + month - 1) to the sum paid in it, ascending. */
  readonly months: ReadonlyMap<number, Decimal>;
  readonly peakMonth?: { readonly month: number; readonly amount: Decimal };
  readonly runRate: { readonly amount: Decimal; readonly parts: readonly RunRatePart[] };
  /** Aligned with `DealModel.termination`. */
  readonly exits: readonly ExitFigures[];
  readonly perGpuHour?: { readonly amount: Decimal; readonly gpuHours: Decimal };
  readonly perMwMonth?: { readonly amount: Decimal; readonly megawatts: Decimal };
  readonly npv?: { readonly amount: Decimal; readonly rate: Decimal };
  readonly byBasis: ReadonlyArray<readonly [Basis, Decimal]>;
  readonly shortfall?: Decimal;
}

export type Evaluation = { readonly figures?: Figures; readonly diagnostics: readonly Diagnostic[] };

function scheduleFee(fee: FeeModel, feeIndex: number, minor: number, out: Charge[], budget: { left: number }, powers: Map<string, Growth>): boolean {
  const sign = fee.credit ? -1 : 1;
  if (fee.every === "once") {
    if (--budget.left < 0) return false;
    const amount = roundMinor(fee.amount, minor);
    out.push({
      fee: feeIndex,
      period: 0,
      start: fee.from,
      end: fee.from,
      coverEnd: fee.from,
      fullDays: 1,
      coveredDays: 1,
      escalations: 0,
      escalated: fee.amount,
      amount: sign < 0 ? amount.neg() : amount,
      paid: fee.from,
    });
    return true;
  }
  const step = INTERVAL_MONTHS[fee.every];
  const escStep = fee.escalate?.months ?? 0;
  // (1 + rate)^n is the same for every fee with the same rate: computed once per evaluation.
  let growth: Growth | undefined;
  if (fee.escalate) {
    const key = fee.escalate.rate.toString();
    growth = powers.get(key);
    if (growth === undefined) powers.set(key, (growth = { base: ONE.plus(fee.escalate.rate), powers: [ONE], exactUpTo: 0 }));
  }
  const factors: Decimal[] = [];
  const escalatedBy = (n: number): Decimal => {
    let f = factors[n];
    if (f === undefined) {
      if (growth && n > 0) {
        f = fee.amount.times(growthPower(growth, n));
      } else {
        f = fee.amount;
      }
      factors[n] = f;
    }
    return f;
  };
  // The signed, rounded charge of a full period with n escalations (most periods are full).
  const fullCharges: Decimal[] = [];
  const fromMonths = monthsFrom(fee.from);
  let n = 0;
  let nextEscalation = escStep > 0 ? fromMonths(escStep) : Infinity;
  let start = fee.from;
  for (let k = 0; start <= fee.until; k++) {
    if (--budget.left < 0) return false;
    const next = fromMonths((k + 1) * step);
    while (nextEscalation <= start) {
      n++;
      nextEscalation = fromMonths((n + 1) * escStep);
    }
    const end = next - 1;
    const coverEnd = end <= fee.until ? end : fee.until;
    const fullDays = end - start + 1;
    const coveredDays = coverEnd - start + 1;
    const escalated = escalatedBy(n);
    let amount: Decimal;
    if (coveredDays === fullDays) {
      amount = fullCharges[n] ?? (fullCharges[n] = signed(roundMinor(escalated, minor), sign));
    } else {
      amount = signed(roundMinor(escalated.times(coveredDays).div(fullDays), minor), sign);
    }
    out.push({
      fee: feeIndex,
      period: k,
      start,
      end,
      coverEnd,
      fullDays,
      coveredDays,
      escalations: n,
      escalated,
      amount,
      paid: fee.paid === "in_arrears" ? coverEnd : start,
    });
    start = next;
  }
  return true;
}

/** The powers of one escalation's 1 + rate. */
interface Growth {
  readonly base: Decimal;
  readonly powers: Decimal[];
  /** powers[0..exactUpTo] were computed exactly, each from the one before. */
  exactUpTo: number;
}

/**
 * (1 + rate)^n, the same value as `base.pow(n)`, more cheaply. While the two
 * factors have at most 60 significant digits between them (the engine's
 * precision), the product of the previous power and the base is exact, and
 * so is `pow` (nothing to round); that covers most escalations (1.03^n up to
 * n = 29, 1.0025^n up to n = 14). Past that, `pow` as before.
 */
function growthPower(g: Growth, n: number): Decimal {
  const known = g.powers[n];
  if (known !== undefined) return known;
  while (g.exactUpTo < n) {
    const last = g.powers[g.exactUpTo]!;
    if (last.sd() + g.base.sd() > Decimal.precision) break;
    g.powers[++g.exactUpTo] = last.times(g.base);
  }
  return g.powers[n] ?? (g.powers[n] = g.base.pow(n));
}

function signed(rounded: Decimal, sign: number): Decimal {
  return sign < 0 ? rounded.neg() : rounded;
}

/**
 * `n => addMonths(d, n)` with `d`'s calendar date worked out once: a fee's
 * periods are all counted from its `from`, so a loop over them need not
 * convert `from` again for every period.
 */
function monthsFrom(d: Day): (n: number) => Day {
  const { year, month, day } = toYmd(d);
  const base = year * 12 + (month - 1);
  return (n) => {
    const index = base + n;
    const y = Math.floor(index / 12);
    const m = index - y * 12 + 1;
    return fromYmd(y, m, Math.min(day, daysInMonth(y, m)));
  };
}

function monthIndex(d: Day): number {
  const { year, month } = toYmd(d);
  return year * 12 + month - 1;
}

/**
 * The first and last day each charge covers, in flat arrays: every clause
 * scans the whole schedule for the charges its window overlaps, and reading
 * two numbers per charge from these is much faster than from the charge
 * objects (which are spread over the heap) on deals with many charges.
 */
interface Coverage {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
}

function coverageOf(schedule: readonly Charge[]): Coverage {
  const starts = new Float64Array(schedule.length);
  const ends = new Float64Array(schedule.length);
  schedule.forEach((c, i) => {
    starts[i] = c.start;
    ends[i] = c.coverEnd;
  });
  return { starts, ends };
}

function exitFigures(clause: ClauseModel, index: number, schedule: readonly Charge[], coverage: Coverage, term: TermModel, minor: number): ExitFigures {
  const cut = clause.windowEnd > term.last + 1;
  const windowEnd = cut ? term.last + 1 : clause.windowEnd;
  const from = clause.noticeDay;
  const parts: ExposurePart[] = [];
  let sum = clause.fee;
  const { starts, ends } = coverage;
  for (let i = 0; i < schedule.length; i++) {
    if (ends[i]! < from || starts[i]! >= windowEnd) continue;
    const c = schedule[i]!;
    const inside = Math.min(c.coverEnd, windowEnd - 1) - Math.max(c.start, from) + 1;
    if (inside <= 0) continue;
    const counted = inside === c.coveredDays ? c.amount : c.amount.times(inside).div(c.coveredDays);
    parts.push({ charge: i, daysInside: inside, counted });
    sum = sum.plus(counted);
  }
  return { clause: index, noticeDay: from, windowEnd, cutAtTermEnd: cut, fee: clause.fee, parts, exposure: roundMinor(sum, minor) };
}

/**
 * Working precision of the NPV sum: far more digits than the cents it is
 * rounded to, so the result is the exactly rounded value of the sum.
 */
const NpvDecimal = Decimal.clone({ precision: 50 });
type NpvDecimal = InstanceType<typeof NpvDecimal>;

/**
 * NPV as of `start`: each rounded, signed charge discounted by
 * (1 + rate)^(days / 365), summed, rounded once at the end.
 *
 * Performance (see bench/RESULTS.md): a `pow` with a fractional exponent is
 * exp(y ln x) in decimal.js, about 0.2 ms each, once per payment day; on a
 * large deal this was most of the analysis. Instead, the daily discount
 * (1 + rate)^(-1/365) is computed once and each day's discount is the
 * previous one times a whole power of it; and it takes the sums paid per day
 * (sums of rounded charges are exact), so there is one multiplication per
 * day, not a division per charge. The sum is also more accurate: on a 20,000-line deal
 * it is within 1e-34 of the exact value, where the former per-charge sum at
 * 40 digits was within 1e-26; both round to the same cents (a difference
 * would need the exact value within 1e-26 of a half cent).
 */
function npvOf(paidOn: ReadonlyMap<Day, Decimal>, start: Day, rate: Decimal, minor: number): Decimal {
  // The discount per day, 1 / (1 + rate)^(1/365): multiplying by it is cheaper than dividing.
  const daily = new NpvDecimal(ONE.plus(rate)).ln().div(-365).exp();
  const steps = new Map<number, NpvDecimal>();
  let factor = new NpvDecimal(1);
  let at = 0;
  let sum = new NpvDecimal(0);
  for (const day of [...paidOn.keys()].sort((a, b) => a - b)) {
    const days = day - start;
    if (days !== at) {
      const gap = days - at;
      let step = steps.get(gap);
      if (step === undefined) {
        step = daily.pow(gap);
        steps.set(gap, step);
      }
      factor = factor.times(step);
      at = days;
    }
    sum = sum.plus(new NpvDecimal(paidOn.get(day)!).times(factor));
  }
  return roundMinor(new Decimal(sum), minor);
}

/** Computes the schedule and every figure of a deal whose currency and term are known. */
export function evaluate(model: DealModel): Evaluation {
  const diagnostics: Diagnostic[] = [];
  const { term, currency, minor } = model;
  if (!term || !currency) return { diagnostics };

  const schedule: Charge[] = [];
  const budget = { left: MAX_CHARGES };
  const powers = new Map<string, Growth>();
  for (let i = 0; i < model.fees.length; i++) {
    if (!scheduleFee(model.fees[i]!, i, minor, schedule, budget, powers)) {
      diagnostics.push(
        diagnostic("DS311", model.fees[i]!.idSpan, `This deal schedules more than ${MAX_CHARGES.toLocaleString("en-US")} charges, more than Dealspec computes; split it into several deals.`),
      );
      return { diagnostics };
    }
  }

  const feeTotals = model.fees.map(() => ({ total: ZERO, periods: 0, first: Infinity, last: -Infinity, charges: [] as number[] }));
  const years = new Map<number, Decimal>();
  const months = new Map<number, Decimal>();
  let total = ZERO;
  const basisTotals = new Map<Basis, Decimal>();
  for (const fee of model.fees) if (!basisTotals.has(fee.basis)) basisTotals.set(fee.basis, ZERO);

  // Each charge is added to its fee's total and to the sum paid on its day;
  // the months, years, bases and grand total are then summed from those (and
  // the NPV discounts each day's sum). All of these are sums of rounded
  // charges, exact at 60 digits (below 1e55), so the order of the additions
  // cannot change them; this does one Decimal addition per charge where five
  // were done before (see bench/RESULTS.md).
  const paidOn = new Map<Day, Decimal>();
  // A fee's full periods at one escalation step share one Decimal: a run of
  // them is added to the fee's total as amount x count.
  let run: { fee: number; amount: Decimal; count: number } | undefined;
  const addRun = () => {
    if (run) feeTotals[run.fee]!.total = feeTotals[run.fee]!.total.plus(run.count === 1 ? run.amount : run.amount.times(run.count));
  };
  schedule.forEach((c, i) => {
    const f = feeTotals[c.fee]!;
    if (run && run.fee === c.fee && run.amount === c.amount) run.count++;
    else {
      addRun();
      run = { fee: c.fee, amount: c.amount, count: 1 };
    }
    f.periods++;
    f.charges.push(i);
    if (c.paid < f.first) f.first = c.paid;
    if (c.paid > f.last) f.last = c.paid;
    const sum = paidOn.get(c.paid);
    paidOn.set(c.paid, (sum ?? ZERO).plus(c.amount));
  });
  addRun();
  for (const [day, sum] of paidOn) {
    const m = monthIndex(day);
    months.set(m, (months.get(m) ?? ZERO).plus(sum));
  }
  for (const [m, sum] of months) {
    const y = Math.floor(m / 12);
    years.set(y, (years.get(y) ?? ZERO).plus(sum));
  }
  feeTotals.forEach((f, i) => {
    if (f.periods === 0) return;
    total = total.plus(f.total);
    const basis = model.fees[i]!.basis;
    basisTotals.set(basis, basisTotals.get(basis)!.plus(f.total));
  });

  const sortedYears = new Map([...years.entries()].sort((a, b) => a[0] - b[0]));
  const sortedMonths = new Map([...months.entries()].sort((a, b) => a[0] - b[0]));
  let peakMonth: Figures["peakMonth"];
  for (const [month, amount] of sortedMonths) if (!peakMonth || amount.gt(peakMonth.amount)) peakMonth = { month, amount };

  // Run rate: the recurring fees in force on the term's last day.
  const parts: RunRatePart[] = [];
  let runRate = ZERO;
  for (const c of schedule) {
    const fee = model.fees[c.fee]!;
    if (fee.every === "once" || c.start > term.last || c.end < term.last || fee.until < term.last) continue;
    const periodMonths = INTERVAL_MONTHS[fee.every];
    const yearly = c.escalated.times(12).div(periodMonths).times(fee.credit ? -1 : 1);
    parts.push({ fee: c.fee, escalated: c.escalated, periodMonths, yearly });
    runRate = runRate.plus(yearly);
  }

  // Each clause counts the charges in its window: bound the total, as the schedule is bounded.
  const coverage = model.termination.length > 0 ? coverageOf(schedule) : undefined;
  const exits: ExitFigures[] = [];
  let partsLeft = MAX_EXPOSURE_PARTS;
  for (let i = 0; i < model.termination.length; i++) {
    const clause = model.termination[i]!;
    const exit = exitFigures(clause, i, schedule, coverage!, term, minor);
    partsLeft -= exit.parts.length;
    if (partsLeft < 0) {
      diagnostics.push(
        diagnostic("DS311", clause.keySpan, `The exit exposures of this deal count more than ${MAX_EXPOSURE_PARTS.toLocaleString("en-US")} charges in all, more than Dealspec computes; use fewer termination clauses or split the deal.`),
      );
      return { diagnostics };
    }
    exits.push(exit);
  }

  const figures: {
    -readonly [K in keyof Figures]: Figures[K];
  } = {
    currency,
    minor,
    term,
    schedule,
    fees: feeTotals.map((f) => {
      // Not `{ ...(cond ? { first, last } : {}) }`: V8 builds literals with a spread slowly.
      const out: { -readonly [K in keyof FeeFigures]: FeeFigures[K] } = { total: f.total, periods: f.periods, charges: f.charges };
      if (f.periods > 0) {
        out.first = f.first;
        out.last = f.last;
      }
      return out;
    }),
    total,
    years: sortedYears,
    months: sortedMonths,
    runRate: { amount: roundMinor(runRate, minor), parts },
    exits,
    byBasis: [...basisTotals.entries()],
  };
  if (peakMonth) figures.peakMonth = peakMonth;
  const gpus = model.capacity?.gpus;
  if (gpus) {
    const gpuHours = gpus.times(term.days).times(24);
    figures.perGpuHour = { amount: roundMinor(total.div(gpuHours), minor), gpuHours };
  }
  const mw = model.capacity?.megawatts;
  if (mw && peakMonth) figures.perMwMonth = { amount: roundMinor(peakMonth.amount.div(mw), minor), megawatts: mw };
  const discount = model.discountRate;
  if (discount) {
    // The NPV is computed when first read, then kept as a plain property. No
    // diagnostic depends on it and few readers need it (the CLI, a hover),
    // while on a small deal it costs as much as the rest of the evaluation;
    // an editor analyzes on every keystroke (see bench/RESULTS.md).
    Object.defineProperty(figures, "npv", {
      enumerable: true,
      configurable: true,
      get() {
        const npv = { amount: npvOf(paidOn, term.start, discount.rate, minor), rate: discount.rate };
        Object.defineProperty(figures, "npv", { value: npv, enumerable: true, configurable: true, writable: true });
        return npv;
      },
    });
  }
  if (model.commitment) {
    const gap = model.commitment.minimum.minus(total);
    if (gap.gt(0)) {
      figures.shortfall = gap;
    }
  }
  return { figures, diagnostics };
}
