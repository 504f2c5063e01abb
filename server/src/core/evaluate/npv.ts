/** The net present value of a schedule's payments. */
import type { Day } from "../dates";
import { Decimal, divideRounded, fromMinorUnits, ONE } from "../money";
import type { Charge } from "./figures";

/**
 * Discount factors are whole numbers scaled by 10^64: far more digits than
 * the minor unit the sum is rounded to, so the result is the exactly rounded
 * value of the sum (see `npvOf`).
 */
const SCALE = 10n ** 64n;
/** A payment's discount is the product of two factors: its sum is scaled by 10^128. */
const SCALE2 = SCALE * SCALE;
/** The factors are worked out scaled by 10^80, then cut to 10^64. */
const WORK = 10n ** 80n;
const CUT = WORK / SCALE;

/**
 * One rate's discount factors, scaled by 10^64, each worked out once: a
 * payment `d` days after the start is discounted by `years[y] x days[r]`
 * (d = 365 y + r, 0 <= r < 365), whatever else the schedule pays, so a part
 * of a schedule (one fee's charges) is discounted the same in every
 * evaluation that has it. `before[k]` is the factor of y = -k (a payment
 * before the start).
 */
export interface Discount {
  /** (1 + rate)^(-r / 365) for r = 0..364. */
  readonly days: readonly bigint[];
  /** (1 + rate)^-y for y = 0, 1, ... (as far as asked for). */
  readonly years: bigint[];
  /** (1 + rate)^k for k = 0, 1, ... (as far as asked for). */
  readonly before: bigint[];
  /** By days after the start: the product of its year's and its day's factors (scaled by 10^128), as paid so far. */
  readonly at: Map<number, bigint>;
  /** The last of `years` and of `before` at 10^80. */
  yearsWork: bigint;
  beforeWork: bigint;
  /** What they are multiplied by: 1 / (1 + rate) at 10^80, and the rate as the fraction num / den (1 + rate = (den + num) / den). */
  readonly yearly: bigint;
  readonly num: bigint;
  readonly den: bigint;
}

/**
 * By rate (its digits): its discount factors. A caller that computes NPVs
 * again and again (a `ChargeMemo`) keeps one; otherwise each NPV makes its own.
 */
export type Discounts = Map<string, Discount>;

/** x^n for x scaled by 10^80 (n >= 0), by squaring, each product truncated to 10^80. */
function powScaled(x: bigint, n: number): bigint {
  let result = WORK;
  let base = x;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = (result * base) / WORK;
    if (e > 1) base = (base * base) / WORK;
  }
  return result;
}

/**
 * (1 + rate)^(-1/365) scaled by 10^80: the 365th root of 1 / (1 + rate) by
 * Newton's method in integers, from the estimate in doubles (each step
 * squares the error: five or six steps reach the last digit). Exact
 * arithmetic on the rate's fraction; a few units of 10^-80 off at most.
 */
function dailyDiscount(rate: Decimal, num: bigint, den: bigint): bigint {
  const c = (WORK * den) / (den + num);
  let y = BigInt(Math.round(Math.pow(ONE.div(ONE.plus(rate)).toNumber(), 1 / 365) * 1e15)) * (WORK / 10n ** 15n);
  for (let i = 0; i < 16; i++) {
    const next = (364n * y + (c * WORK) / powScaled(y, 364)) / 365n;
    const step = next - y;
    y = next;
    if (step <= 1n && step >= -1n) break;
  }
  return y;
}

/** The rate's factors, from `discounts` when worked out before. */
function discountOf(discounts: Discounts, rate: Decimal): Discount {
  const key = rate.toString();
  let d = discounts.get(key);
  if (!d) {
    const [num, den] = rate.toFraction().map((x) => BigInt(x.toFixed(0))) as [bigint, bigint];
    const daily = dailyDiscount(rate, num, den);
    const days: bigint[] = [];
    // Each day's factor from the one before (364 products, each truncated at 10^-80).
    for (let r = 0, f = WORK; r < 365; r++, f = (f * daily) / WORK) days.push(f / CUT);
    d = { days, years: [SCALE], before: [SCALE], yearsWork: WORK, beforeWork: WORK, at: new Map(), yearly: (WORK * den) / (den + num), num, den };
    discounts.set(key, d);
  }
  return d;
}

/**
 * `years[y]` (y >= 0) or `before[-y]`, extended as far as asked: each from the
 * one before times 1 / (1 + rate) (or 1 + rate), from the rate's exact
 * fraction, truncated at 10^-80.
 */
function yearFactor(d: Discount, y: number): bigint {
  if (y >= 0) {
    while (d.years.length <= y) d.years.push((d.yearsWork = (d.yearsWork * d.yearly) / WORK) / CUT);
    return d.years[y]!;
  }
  while (d.before.length <= -y) d.before.push((d.beforeWork = (d.beforeWork * (d.den + d.num)) / d.den) / CUT);
  return d.before[-y]!;
}

/** The discount of a payment `days` after the start, scaled by 10^128: year y's factor times day r's (d = 365 y + r). */
function factorAt(d: Discount, days: number): bigint {
  let f = d.at.get(days);
  if (f === undefined) {
    const y = Math.floor(days / 365);
    d.at.set(days, (f = yearFactor(d, y) * d.days[days - 365 * y]!));
  }
  return f;
}

/**
 * What `charges[from..to)` pay, in minor units, each discounted to `start`
 * at `rate`, summed, scaled by 10^128: a part of an NPV. Parts add up
 * exactly (they are whole numbers), so the NPV of a schedule is the sum of
 * its fees' parts, each worked out once (a memo keeps them).
 */
export function discountedUnits(
  charges: readonly Charge[],
  from: number,
  to: number,
  start: Day,
  rate: Decimal,
  /** Shared by every part of an NPV (each rate's factors take a root and 365 products to make). */
  discounts: Discounts,
): bigint {
  const d = discountOf(discounts, rate);
  let sum = 0n;
  for (let i = from; i < to; i++) {
    const c = charges[i]!;
    sum += c.minorUnits * factorAt(d, c.paid - start);
  }
  return sum;
}

/** The NPV from the sum of its parts (`discountedUnits`), rounded once, half away from zero. */
export function npvFromParts(sum: bigint, minor: number): Decimal {
  return fromMinorUnits(divideRounded(sum, SCALE2), minor);
}

/**
 * NPV as of `start` of what is paid each day (in minor units, signed): each
 * day's sum discounted by (1 + rate)^(days / 365), summed, rounded once at
 * the end, half away from zero.
 *
 * Sums of rounded charges are exact, so discounting each day's sum is
 * discounting each charge. The arithmetic is in integers (see
 * bench/RESULTS.md): the daily discount (1 + rate)^(-1/365) is worked out
 * once per rate to 80 decimal places, and from it the discount of each day
 * of a year; the discount of each whole year is worked out from the rate's
 * exact fraction. A payment d = 365 y + r days after the start is discounted
 * by the product of year y's and day r's, each a whole number scaled by
 * 10^64 and truncated, and the product is multiplied by the payment exactly.
 * Rates are never negative (DS216), so for payments from the start on every
 * factor is at most 1: each is less than 10^-64 below its value (plus the
 * truncations at 10^-80, far less), their product within 3 x 10^-64, and
 * the sum of at most 500,000 charges below 10^24 each (below 10^27 minor
 * units) is within 10^-30 of a minor unit of its exact value: it rounds to
 * the same minor units unless that value lies closer than that to a half
 * unit.
 */
export function npvOf(paidOn: ReadonlyMap<Day, bigint>, start: Day, rate: Decimal, minor: number, discounts: Discounts = new Map()): Decimal {
  const d = discountOf(discounts, rate);
  let sum = 0n;
  for (const [day, units] of paidOn) sum += units * factorAt(d, day - start);
  return npvFromParts(sum, minor);
}
