/** The net present value of a schedule's payments. */
import type { Day } from "../dates";
import { Decimal, divideRounded, fromMinorUnits, ONE } from "../money";

/**
 * The discount factors are whole numbers scaled by 10^64: far more digits
 * than the minor unit the sum is rounded to, so the result is the exactly
 * rounded value of the sum (see `npvOf`).
 */
const SCALE = 10n ** 64n;
/** The daily discount and its powers are worked out scaled by 10^80, then cut to 10^64. */
const WORK = 10n ** 80n;
const CUT = WORK / SCALE;

/**
 * By rate (its digits): the daily discount scaled by 10^80, and each gap
 * between payment days as its factor scaled by 10^64. A caller that computes
 * NPVs again and again (a `ChargeMemo`) keeps one; otherwise each NPV makes
 * its own.
 */
export type Discounts = Map<string, { readonly daily: bigint; readonly gaps: Map<number, bigint> }>;

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
function dailyDiscount(rate: Decimal): bigint {
  const [num, den] = rate.toFraction().map((x) => BigInt(x.toFixed(0)));
  const c = (WORK * den!) / (den! + num!);
  let y = BigInt(Math.round(Math.pow(ONE.div(ONE.plus(rate)).toNumber(), 1 / 365) * 1e15)) * (WORK / 10n ** 15n);
  for (let i = 0; i < 16; i++) {
    const next = (364n * y + (c * WORK) / powScaled(y, 364)) / 365n;
    const step = next - y;
    y = next;
    if (step <= 1n && step >= -1n) break;
  }
  return y;
}

/** (1 + rate)^(-gap / 365), scaled by 10^64 and truncated; each rate's and gap's worked out once per `discounts`. */
function gapFactor(discounts: Discounts, rate: Decimal, gap: number): bigint {
  const key = rate.toString();
  let d = discounts.get(key);
  if (!d) discounts.set(key, (d = { daily: dailyDiscount(rate), gaps: new Map() }));
  let factor = d.gaps.get(gap);
  if (factor === undefined) {
    // A gap back in time (a payment before the start) is 1 / the discount of the gap forward.
    factor = (gap >= 0 ? powScaled(d.daily, gap) : (WORK * WORK) / powScaled(d.daily, -gap)) / CUT;
    d.gaps.set(gap, factor);
  }
  return factor;
}

/**
 * NPV as of `start` of what is paid each day (in minor units, signed): each
 * day's sum discounted by (1 + rate)^(days / 365), summed, rounded once at
 * the end, half away from zero.
 *
 * Sums of rounded charges are exact, so discounting each day's sum is
 * discounting each charge. The arithmetic is in integers (see
 * bench/RESULTS.md): the daily discount (1 + rate)^(-1/365) is worked out
 * once per rate to 80 decimal places, each day's discount is the one
 * before it times a whole power of it (each power worked out once per rate
 * and `discounts`), as whole numbers scaled by 10^64 and truncated, and each
 * day's sum is multiplied by its discount exactly. Rates are never negative (DS216), so
 * every discount is at most 1: each truncation loses less than 10^-64 and no
 * later multiplication enlarges it, so over the at most 36,525 days of a
 * 100-year term a discount is within 4 x 10^-60 of its value, and the sum of
 * at most 500,000 charges below 10^24 each is within 10^-25 of a minor unit
 * of its exact value: it rounds to the same minor units unless that value
 * lies closer than that to a half unit.
 */
export function npvOf(paidOn: ReadonlyMap<Day, bigint>, start: Day, rate: Decimal, minor: number, discounts: Discounts = new Map()): Decimal {
  let factor = SCALE;
  let at = 0;
  let sum = 0n;
  for (const day of [...paidOn.keys()].sort((a, b) => a - b)) {
    const days = day - start;
    if (days !== at) {
      factor = (factor * gapFactor(discounts, rate, days - at)) / SCALE;
      at = days;
    }
    sum += paidOn.get(day)! * factor;
  }
  return fromMinorUnits(divideRounded(sum, SCALE), minor);
}
