/**
 * The arithmetic of the language. One per-period schedule is built from the
 * fees; every figure is derived from it, so that any figure can be explained
 * by the charges it sums.
 */
import { addMonths, daysInMonth, formatDay, fromYmd, toYmd, type Day } from "./dates";
import { diagnostic, type Diagnostic } from "./diagnostics";
import { addDuration, optionTimeline, type OptionStep } from "./extension";
import { Decimal, ONE, roundMinor, ZERO } from "./money";
import { INTERVAL_MONTHS, MAX_TERM_YEARS, type Basis, type CapacityModel, type ClauseModel, type DealModel, type FeeModel, type TermModel } from "./model/types";
import { isGpuUnit } from "./values";

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
  /**
   * amount x (1 + rate)^n x reprice, before proration and rounding; for a
   * unit-priced fee, the price of one unit so escalated and repriced.
   */
  readonly escalated: Decimal;
  /** The product of the reprices of the exercised options before this period (absent when 1). */
  readonly reprice?: Decimal;
  /** A unit-priced fee's quantity summed over the days covered (unit-days: MW, kW or GPU days). */
  readonly units?: Decimal;
  /** The rounded, signed charge. */
  readonly amount: Decimal;
  readonly paid: Day;
}

export interface FeeFigures {
  /** True when a scenario's exit dropped the fee (it starts after the deal's new last day). */
  readonly dropped?: boolean;
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
  /** A unit-priced fee's quantity on the last day, in its price's unit. */
  readonly quantity?: Decimal;
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

/** One point of a clause's exit curve: the exposure for notice given on `on`. */
export interface CurvePoint {
  readonly on: Day;
  readonly exposure: Decimal;
}

export interface OptionFigures {
  readonly step: OptionStep;
  readonly exercised: boolean;
  /** Total with the option exercised minus total without it; undefined when a side cannot be computed. */
  readonly value?: Decimal;
}

/** How an evaluation departs from the deal as written: what a scenario or an option's value asks. */
export interface EvaluateOptions {
  /** Which options are exercised, by position in `DealModel.options` (default: as the file says). */
  readonly exercised?: readonly boolean[];
  /** Notice given under a clause (its position in `DealModel.termination`) on a day: the deal ends with its window. */
  readonly exit?: { readonly on: Day; readonly clause: number };
  /** Compute each option's value (default true; the evaluations that compute them do not). */
  readonly optionValues?: boolean;
  /** The schedule and its sums only: no exit exposures or curves (for option values). */
  readonly totalsOnly?: boolean;
}

export interface Figures {
  readonly currency: string;
  readonly minor: number;
  /** The term in force: extended by exercised options, cut by a scenario's exit. */
  readonly term: TermModel;
  readonly schedule: readonly Charge[];
  /**
   * The fees as evaluated: `DealModel.fees` in order (each one's `until`
   * moved by exercised options or an exit), then a scenario exit's
   * `termination-fee`. Aligned with `fees`.
   */
  readonly feeModels: readonly FeeModel[];
  /** Aligned with `feeModels` (and so, for its first entries, with `DealModel.fees`). */
  readonly fees: readonly FeeFigures[];
  readonly total: Decimal;
  /** Calendar year to the sum paid in it, ascending; years without payments absent. */
  readonly years: ReadonlyMap<number, Decimal>;
  /** Month index (year x 12 + month - 1) to the sum paid in it, ascending. */
  readonly months: ReadonlyMap<number, Decimal>;
  readonly peakMonth?: { readonly month: number; readonly amount: Decimal };
  readonly runRate: { readonly amount: Decimal; readonly parts: readonly RunRatePart[] };
  /** Aligned with `DealModel.termination` (empty after a scenario's exit). */
  readonly exits: readonly ExitFigures[];
  /** Aligned with `exits`: each clause's exposure for notice on `not_before` and on the first of every later month. */
  readonly exitCurves: readonly (readonly CurvePoint[])[];
  /** Aligned with `DealModel.options`. */
  readonly options: readonly OptionFigures[];
  readonly perGpuHour?: { readonly amount: Decimal; readonly gpuHours: Decimal };
  readonly perMwMonth?: { readonly amount: Decimal; readonly megawatts: Decimal };
  readonly npv?: { readonly amount: Decimal; readonly rate: Decimal };
  readonly byBasis: ReadonlyArray<readonly [Basis, Decimal]>;
  readonly shortfall?: Decimal;
}

export type Evaluation = { readonly figures?: Figures; readonly diagnostics: readonly Diagnostic[] };

/**
 * A quantity that changes over time: `values[k]` holds from `days[k]` until
 * the day before `days[k + 1]` (the last one goes on); 0 before `days[0]`.
 */
export interface Timeline {
  readonly days: readonly Day[];
  readonly values: readonly Decimal[];
}

/** The capacity of one kind in force each day: `capacity`'s value from the term's start, then each step that sets it. */
export function capacityTimeline(capacity: CapacityModel | undefined, start: Day, kind: "megawatts" | "gpus"): Timeline | undefined {
  if (!capacity) return undefined;
  const days: Day[] = [];
  const values: Decimal[] = [];
  const base = capacity[kind];
  if (base !== undefined) {
    days.push(start);
    values.push(base);
  }
  for (const step of capacity.steps) {
    const v = step[kind];
    if (v === undefined) continue;
    if (days.length > 0 && days[days.length - 1] === step.from) values[values.length - 1] = v;
    else {
      days.push(step.from);
      values.push(v);
    }
  }
  return days.length === 0 ? undefined : { days, values };
}

/** The sum of a timeline's values over the days a..b, inclusive. */
function sumOver(t: Timeline, a: Day, b: Day): Decimal {
  let sum = ZERO;
  for (let k = 0; k < t.days.length; k++) {
    const from = Math.max(a, t.days[k]!);
    const to = Math.min(b, k + 1 < t.days.length ? t.days[k + 1]! - 1 : b);
    if (to >= from) sum = sum.plus(t.values[k]!.times(to - from + 1));
  }
  return sum;
}

export function valueOn(t: Timeline, d: Day): Decimal {
  let v = ZERO;
  for (let k = 0; k < t.days.length && t.days[k]! <= d; k++) v = t.values[k]!;
  return v;
}

/** The largest value a timeline has in force on a day of [a, b] (0 where it has none yet). */
export function maxOver(t: Timeline, a: Day, b: Day): Decimal {
  let max = ZERO;
  for (let k = 0; k < t.days.length; k++) {
    const from = Math.max(a, t.days[k]!);
    const to = Math.min(b, k + 1 < t.days.length ? t.days[k + 1]! - 1 : b);
    if (to >= from && t.values[k]!.gt(max)) max = t.values[k]!;
  }
  return max;
}

/** The cumulative reprice factors of the exercised options: `factors[k]` applies to periods starting after `afters[k - 1]`. */
interface Reprices {
  readonly afters: readonly Day[];
  readonly factors: readonly Decimal[];
}

/** What scheduling a fee needs beyond the fee. */
interface ScheduleContext {
  readonly minor: number;
  readonly reprices: Reprices;
  readonly power?: Timeline;
  readonly gpus?: Timeline;
  readonly powers: Map<string, Growth>;
}

/** A unit-priced fee's quantity, in its price's unit, summed over the days a..b. */
function unitsOver(fee: FeeModel, ctx: ScheduleContext): ((a: Day, b: Day) => Decimal) | undefined {
  const price = fee.price;
  if (!price) return undefined;
  const q = price.quantity;
  if (q !== undefined) return (a, b) => q.times(b - a + 1);
  const t = isGpuUnit(price.unit) ? ctx.gpus : ctx.power;
  if (!t) return () => ZERO;
  return price.unit === "kW-month" ? (a, b) => sumOver(t, a, b).times(1000) : (a, b) => sumOver(t, a, b);
}

function scheduleFee(fee: FeeModel, feeIndex: number, ctx: ScheduleContext, out: Charge[], budget: { left: number }): boolean {
  const { minor, reprices, powers } = ctx;
  const sign = fee.credit ? -1 : 1;
  if (fee.every === "once") {
    if (--budget.left < 0) return false;
    let level = 0;
    while (level < reprices.afters.length && reprices.afters[level]! < fee.from) level++;
    const factor = reprices.factors[level]!;
    const escalated = level === 0 ? fee.amount : fee.amount.times(factor);
    const amount = roundMinor(escalated, minor);
    const charge: { -readonly [K in keyof Charge]: Charge[K] } = {
      fee: feeIndex,
      period: 0,
      start: fee.from,
      end: fee.from,
      coverEnd: fee.from,
      fullDays: 1,
      coveredDays: 1,
      escalations: 0,
      escalated,
      amount: sign < 0 ? amount.neg() : amount,
      paid: fee.from,
    };
    if (level > 0) charge.reprice = factor;
    out.push(charge);
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
  // amount x (1 + rate)^n x reprice, by reprice level and n.
  const factors: Decimal[][] = [];
  const escalatedBy = (level: number, n: number): Decimal => {
    const row = factors[level] ?? (factors[level] = []);
    let f = row[n];
    if (f === undefined) {
      f = growth && n > 0 ? fee.amount.times(growthPower(growth, n)) : fee.amount;
      if (level > 0) f = f.times(reprices.factors[level]!);
      row[n] = f;
    }
    return f;
  };
  const units = unitsOver(fee, ctx);
  const perHour = fee.price?.unit === "GPU-hour";
  // The signed, rounded charge of a full period by reprice level and n (most periods are full).
  const fullCharges: Decimal[][] = [];
  const fromMonths = monthsFrom(fee.from);
  let n = 0;
  let level = 0;
  let nextEscalation = escStep > 0 ? fromMonths(escStep) : Infinity;
  let start = fee.from;
  for (let k = 0; start <= fee.until; k++) {
    if (--budget.left < 0) return false;
    const next = fromMonths((k + 1) * step);
    while (nextEscalation <= start) {
      n++;
      nextEscalation = fromMonths((n + 1) * escStep);
    }
    while (level < reprices.afters.length && reprices.afters[level]! < start) level++;
    const end = next - 1;
    const coverEnd = end <= fee.until ? end : fee.until;
    const fullDays = end - start + 1;
    const coveredDays = coverEnd - start + 1;
    const escalated = escalatedBy(level, n);
    let amount: Decimal;
    let quantity: Decimal | undefined;
    if (units) {
      // price x M x (quantity-days) / days in the period, or price x 24 x (GPU-days): multiplied out exactly, divided last.
      quantity = units(start, coverEnd);
      amount = signed(roundMinor(perHour ? escalated.times(24).times(quantity) : escalated.times(step).times(quantity).div(fullDays), minor), sign);
    } else if (coveredDays === fullDays) {
      const row = fullCharges[level] ?? (fullCharges[level] = []);
      amount = row[n] ?? (row[n] = signed(roundMinor(escalated, minor), sign));
    } else {
      amount = signed(roundMinor(escalated.times(coveredDays).div(fullDays), minor), sign);
    }
    const charge: { -readonly [K in keyof Charge]: Charge[K] } = {
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
    };
    if (level > 0) charge.reprice = reprices.factors[level]!;
    if (quantity !== undefined) charge.units = quantity;
    out.push(charge);
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
 * Exit windows, exactly. A charge of amount A covering C days counts
 * A x (days inside the window) / C; summed over a window [a, b) that is
 * Acc(b) - Acc(a), where Acc(x) is what the schedule has accrued before day x:
 * the charges that end before x, whole, plus for each charge that straddles x
 * (starts before x, ends on or after it) A x (x - start) / C. Grouped by C,
 * the straddlers contribute (x x sum(A) - sum(A x start)) / C, so one sweep
 * over the charges in date order gives Acc at every day a window needs, with
 * integer arithmetic in minor units (charges are rounded to the minor unit).
 * The exposure is then one exact fraction, rounded once: no rounding before
 * the last, and each point of an exit curve costs a few operations, not a
 * pass over the schedule.
 */
interface Accrual {
  /** The charges that end before the day, whole, in minor units. */
  readonly whole: bigint;
  /** By days covered C: x x sum(A) - sum(A x start) over the charges straddling the day, in minor units. */
  readonly straddling: ReadonlyMap<number, bigint>;
}

/** Acc at each of `days`, from one sweep over the schedule. */
function accrualsAt(schedule: readonly Charge[], minor: number, days: readonly Day[]): Map<Day, Accrual> {
  const n = schedule.length;
  const scale = new Decimal(10).pow(minor);
  // Most charges of a fee share one Decimal: convert each object once.
  const units = new Map<Decimal, bigint>();
  const minorOf = (c: Charge) => {
    let v = units.get(c.amount);
    if (v === undefined) units.set(c.amount, (v = BigInt(c.amount.times(scale).toFixed(0))));
    return v;
  };
  const byStart = orderBy(schedule, (c) => c.start);
  const byEnd = orderBy(schedule, (c) => c.coverEnd);
  // By days covered (1 to 366; an array is faster than a map here).
  const sumA: bigint[] = [];
  const sumAS: bigint[] = [];
  let whole = 0n;
  let p = 0;
  let q = 0;
  const out = new Map<Day, Accrual>();
  for (const x of [...new Set(days)].sort((a, b) => a - b)) {
    for (; p < n && schedule[byStart[p]!]!.start < x; p++) {
      const c = schedule[byStart[p]!]!;
      const a = minorOf(c);
      const k = c.coveredDays;
      sumA[k] = (sumA[k] ?? 0n) + a;
      sumAS[k] = (sumAS[k] ?? 0n) + a * BigInt(c.start);
    }
    for (; q < n && schedule[byEnd[q]!]!.coverEnd < x; q++) {
      const c = schedule[byEnd[q]!]!;
      const a = minorOf(c);
      const k = c.coveredDays;
      sumA[k]! -= a;
      sumAS[k]! -= a * BigInt(c.start);
      whole += a;
    }
    const straddling = new Map<number, bigint>();
    const bx = BigInt(x);
    sumA.forEach((a, covered) => {
      const v = bx * a - sumAS[covered]!;
      if (v !== 0n) straddling.set(covered, v);
    });
    out.set(x, { whole, straddling });
  }
  return out;
}

/** The indices of the schedule in ascending order of a day of each charge: one numeric sort of packed keys, no comparator. */
function orderBy(schedule: readonly Charge[], day: (c: Charge) => Day): Uint32Array {
  const n = schedule.length;
  const keys = new Float64Array(n);
  // (day + 2^22) x 2^20 + index: positive and exact in a double for every day from year 1 to 9999 (-719,162 to
  // 2,932,896) and fewer than 2^20 charges (MAX_CHARGES is 500,000).
  for (let i = 0; i < n; i++) keys[i] = (day(schedule[i]!) + 4194304) * 1048576 + i;
  keys.sort();
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = keys[i]! % 1048576;
  return out;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** fee + Acc(b) - Acc(a), the one exact fraction rounded half away from zero to the minor unit. */
function exposureBetween(from: Accrual, to: Accrual, fee: Decimal, minor: number): Decimal {
  let denominator = 1n;
  const keys = new Set([...from.straddling.keys(), ...to.straddling.keys()]);
  for (const k of keys) {
    const d = BigInt(k);
    denominator = (denominator / gcd(denominator, d)) * d;
  }
  let numerator = (to.whole - from.whole) * denominator;
  for (const k of keys) numerator += ((to.straddling.get(k) ?? 0n) - (from.straddling.get(k) ?? 0n)) * (denominator / BigInt(k));
  // The division is exact to 60 digits, far more than a tie at the minor unit needs to be told apart.
  const counted = new Decimal(numerator.toString()).div(new Decimal(denominator.toString()).times(new Decimal(10).pow(minor)));
  return roundMinor(fee.plus(counted), minor);
}

/** A charge counted in part: its amount x days inside [from, windowEnd) / days it covers (for explanations). */
function countedPart(c: Charge, from: Day, windowEnd: Day): { inside: number; counted: Decimal } {
  const inside = Math.min(c.coverEnd, windowEnd - 1) - Math.max(c.start, from) + 1;
  return { inside, counted: inside === c.coveredDays ? c.amount : c.amount.times(inside).div(c.coveredDays) };
}

/** The exclusive end of the notice window for notice on `day`, cut at the day after the term's last day. */
function windowOf(clause: ClauseModel, day: Day, last: Day): { windowEnd: Day; cut: boolean } {
  const end = addDuration(day, clause.notice);
  return end > last + 1 ? { windowEnd: last + 1, cut: true } : { windowEnd: end, cut: false };
}

/** The days notice may be given on for a clause's curve: `not_before`, then the first of each later month up to the last day. */
function curveDays(clause: ClauseModel, last: Day): Day[] {
  const out: Day[] = [];
  const { year, month } = toYmd(clause.noticeDay);
  for (let d = clause.noticeDay, m = year * 12 + month; d <= last; m++) {
    out.push(d);
    const y = Math.floor(m / 12);
    d = fromYmd(y, m - y * 12 + 1, 1);
  }
  return out;
}

/** Each clause's exit exposure, its parts (the charges its window overlaps, for hovers) and its exit curve. */
function exitsOf(clauses: readonly ClauseModel[], schedule: readonly Charge[], last: Day, minor: number, partsBudget: number): { exits: ExitFigures[]; curves: CurvePoint[][] } | { overBudget: number } {
  const windows = clauses.map((c) => curveDays(c, last).map((d) => ({ on: d, ...windowOf(c, d, last) })));
  const accruals = accrualsAt(
    schedule,
    minor,
    windows.flatMap((w) => w.flatMap((x) => [x.on, x.windowEnd])),
  );
  const exits: ExitFigures[] = [];
  const curves: CurvePoint[][] = [];
  let left = partsBudget;
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i]!;
    const points = windows[i]!.map((w) => ({ on: w.on, exposure: exposureBetween(accruals.get(w.on)!, accruals.get(w.windowEnd)!, clause.fee, minor) }));
    const first = windows[i]![0] ?? { on: clause.noticeDay, ...windowOf(clause, clause.noticeDay, last) };
    const parts: ExposurePart[] = [];
    for (let k = 0; k < schedule.length; k++) {
      const c = schedule[k]!;
      if (c.coverEnd < first.on || c.start >= first.windowEnd) continue;
      if (--left < 0) return { overBudget: i };
      const { inside, counted } = countedPart(c, first.on, first.windowEnd);
      parts.push({ charge: k, daysInside: inside, counted });
    }
    const exposure = points[0]?.exposure ?? roundMinor(clause.fee, minor);
    exits.push({ clause: i, noticeDay: first.on, windowEnd: first.windowEnd, cutAtTermEnd: first.cut, fee: clause.fee, parts, exposure });
    curves.push(points);
  }
  return { exits, curves };
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

/** The fee a scenario's exit charges: the clause's `fee`, once, on the deal's new last day. */
function terminationFee(clause: ClauseModel, index: number, day: Day): FeeModel {
  const fee: { -readonly [K in keyof FeeModel]: FeeModel[K] } = {
    basis: clause.basis,
    index,
    id: "termination-fee",
    label: "Termination fee",
    idSpan: clause.keySpan,
    itemSpan: clause.itemSpan,
    amount: clause.fee,
    amountSpan: clause.keySpan,
    every: "once",
    from: day,
    until: day,
    fromExplicit: true,
    untilExplicit: false,
    credit: false,
    paid: "in_advance",
  };
  if (clause.source !== undefined) fee.source = clause.source;
  return fee;
}

/**
 * Computes the schedule and every figure of a deal whose currency and term
 * are known: as written, or with the options and exit an evaluation asks for.
 */
export function evaluate(model: DealModel, opts: EvaluateOptions = {}): Evaluation {
  const diagnostics: Diagnostic[] = [];
  const { currency, minor } = model;
  const written = model.term;
  if (!written || !currency) return { diagnostics };

  // Options in file order move the last day; an exit then cuts the deal at its notice window's end.
  const exercised = opts.exercised ?? model.options.map((o) => o.exercised);
  const timeline = optionTimeline(written.last, model.options, exercised);
  const afters: Day[] = [];
  const factors: Decimal[] = [ONE];
  timeline.steps.forEach((step, i) => {
    if (step.lastAfter === undefined) return;
    const r = model.options[i]!.reprice;
    if (!r.isZero()) {
      afters.push(step.lastBefore);
      factors.push(factors[factors.length - 1]!.times(ONE.plus(r)));
    }
  });
  // Extensions are bounded like the term itself, so that a schedule (and an exit curve) stays small.
  if (timeline.last !== written.last && addMonths(written.start, MAX_TERM_YEARS * 12) <= timeline.last) {
    const o = model.options.find((_, i) => exercised[i]) ?? model.options[0]!;
    diagnostics.push(diagnostic("DS311", o.idSpan, `With the exercised options the term runs to ${formatDay(timeline.last)}, longer than ${MAX_TERM_YEARS} years, the most Dealspec schedules.`));
    return { diagnostics };
  }
  let last = timeline.last;
  const exitClause = opts.exit ? model.termination[opts.exit.clause] : undefined;
  if (opts.exit && exitClause) last = Math.min(addDuration(opts.exit.on, exitClause.notice) - 1, last);
  const term: TermModel = last === written.last ? written : { ...written, last, days: last - written.start + 1 };

  const feeModels: FeeModel[] = [];
  const dropped: boolean[] = [];
  for (const fee of model.fees) {
    let f = fee;
    // A fee whose window ended on the last day runs on through each exercised extension (they follow one another).
    if (fee.every !== "once" && fee.until === written.last && timeline.last !== written.last) f = { ...fee, until: timeline.last };
    const gone = exitClause !== undefined && f.from > last;
    if (!gone && f.until > last) f = { ...f, until: last };
    feeModels.push(f);
    dropped.push(gone);
  }
  if (exitClause?.hasFee) {
    feeModels.push(terminationFee(exitClause, model.fees.length, last));
    dropped.push(false);
  }

  const schedule: Charge[] = [];
  const budget = { left: MAX_CHARGES };
  const ctx: ScheduleContext = {
    minor,
    reprices: { afters, factors },
    power: capacityTimeline(model.capacity, written.start, "megawatts"),
    gpus: capacityTimeline(model.capacity, written.start, "gpus"),
    powers: new Map<string, Growth>(),
  };
  for (let i = 0; i < feeModels.length; i++) {
    if (dropped[i]) continue;
    if (!scheduleFee(feeModels[i]!, i, ctx, schedule, budget)) {
      diagnostics.push(
        diagnostic("DS311", feeModels[i]!.idSpan, `This deal schedules more than ${MAX_CHARGES.toLocaleString("en-US")} charges, more than Dealspec computes; split it into several deals.`),
      );
      return { diagnostics };
    }
  }

  const feeTotals = feeModels.map(() => ({ total: ZERO, periods: 0, first: Infinity, last: -Infinity, charges: [] as number[] }));
  const years = new Map<number, Decimal>();
  const months = new Map<number, Decimal>();
  let total = ZERO;
  const basisTotals = new Map<Basis, Decimal>();
  for (const fee of feeModels) if (!basisTotals.has(fee.basis)) basisTotals.set(fee.basis, ZERO);

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
    const basis = feeModels[i]!.basis;
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
    const fee = feeModels[c.fee]!;
    if (fee.every === "once" || c.start > term.last || c.end < term.last || fee.until < term.last) continue;
    const periodMonths = INTERVAL_MONTHS[fee.every];
    const sign = fee.credit ? -1 : 1;
    let yearly: Decimal;
    let quantity: Decimal | undefined;
    if (fee.price) {
      quantity = unitsOver(fee, ctx)!(term.last, term.last);
      yearly = c.escalated.times(quantity).times(fee.price.unit === "GPU-hour" ? 8760 : 12).times(sign);
    } else {
      yearly = c.escalated.times(12).div(periodMonths).times(sign);
    }
    const part: { -readonly [K in keyof RunRatePart]: RunRatePart[K] } = { fee: c.fee, escalated: c.escalated, periodMonths, yearly };
    if (quantity !== undefined) part.quantity = quantity;
    parts.push(part);
    runRate = runRate.plus(yearly);
  }

  const fees = feeTotals.map((f, i) => {
    // Not `{ ...(cond ? { first, last } : {}) }`: V8 builds literals with a spread slowly.
    const out: { -readonly [K in keyof FeeFigures]: FeeFigures[K] } = { total: f.total, periods: f.periods, charges: f.charges };
    if (f.periods > 0) {
      out.first = f.first;
      out.last = f.last;
    }
    if (dropped[i]) out.dropped = true;
    return out;
  });

  // Each clause counts the charges in its window: bound the total, as the schedule is bounded.
  const exits: ExitFigures[] = [];
  const exitCurves: CurvePoint[][] = [];
  if (!opts.exit && !opts.totalsOnly && model.termination.length > 0) {
    const computed = exitsOf(model.termination, schedule, term.last, minor, MAX_EXPOSURE_PARTS);
    if ("overBudget" in computed) {
      diagnostics.push(
        diagnostic("DS311", model.termination[computed.overBudget]!.keySpan, `The exit exposures of this deal count more than ${MAX_EXPOSURE_PARTS.toLocaleString("en-US")} charges in all, more than Dealspec computes; use fewer termination clauses or split the deal.`),
      );
      return { diagnostics };
    }
    exits.push(...computed.exits);
    exitCurves.push(...computed.curves);
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
    years: sortedYears,
    months: sortedMonths,
    runRate: { amount: roundMinor(runRate, minor), parts },
    exits,
    exitCurves,
    options: timeline.steps.map((step, i) => ({ step, exercised: exercised[i] === true })),
    byBasis: [...basisTotals.entries()],
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
  // An option's value: the total with it exercised minus the total without it, the others as this evaluation has them.
  if (opts.optionValues !== false && model.options.length > 0) {
    const valid = model.feesRead && model.excluded.length === 0;
    figures.options = figures.options.map((o, i) => {
      if (!valid) return o;
      const other = evaluate(model, { exercised: exercised.map((e, j) => (j === i ? !e : e)), ...(opts.exit ? { exit: opts.exit } : {}), optionValues: false, totalsOnly: true }).figures;
      if (!other) return o;
      return { ...o, value: o.exercised ? total.minus(other.total) : other.total.minus(total) };
    });
  }
  return { figures, diagnostics };
}
