/** The net present value of a schedule's payments. */
import type { Day } from "../dates";
import { Decimal, fromMinorUnits, ONE } from "../money";

/**
 * The discount factors are whole numbers scaled by 10^64: far more digits
 * than the minor unit the sum is rounded to, so the result is the exactly
 * rounded value of the sum (see `npvOf`).
 */
const DIGITS = 64;
const SCALE = 10n ** BigInt(DIGITS);
/** The daily discount and its powers are worked out with 80 significant digits, then scaled to integers. */
const WorkDecimal = Decimal.clone({ precision: 80 });

/**
 * By rate (its digits): the daily discount, and each gap between payment
 * days as its factor scaled by 10^64. A caller that computes NPVs again and
 * again (a `ChargeMemo`) keeps one; otherwise each NPV makes its own.
 */
export type Discounts = Map<string, { readonly daily: InstanceType<typeof WorkDecimal>; readonly gaps: Map<number, bigint> }>;

/** (1 + rate)^(-gap / 365), scaled by 10^64 and truncated; each rate's and gap's worked out once per `discounts`. */
function gapFactor(discounts: Discounts, rate: Decimal, gap: number): bigint {
  const key = rate.toString();
  let d = discounts.get(key);
  if (!d) discounts.set(key, (d = { daily: new WorkDecimal(ONE.plus(rate)).ln().div(-365).exp(), gaps: new Map() }));
  let factor = d.gaps.get(gap);
  if (factor === undefined) {
    factor = BigInt(d.daily.pow(gap).times(new WorkDecimal(10).pow(DIGITS)).toFixed(0, Decimal.ROUND_DOWN));
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
 * once per rate with 80 significant digits, each day's discount is the one
 * before it times a whole power of it (each power worked out once per rate
 * and `discounts`),
 * as whole numbers scaled by 10^64 and truncated, and each day's sum is
 * multiplied by its discount exactly. Rates are never negative (DS216), so
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
  const negative = sum < 0n;
  const units = ((negative ? -sum : sum) * 2n + SCALE) / (2n * SCALE);
  return fromMinorUnits(negative ? -units : units, minor);
}
