/** Capacity over time: the power or GPUs in force each day, from `capacity` and its steps. */
import type { Day } from "../dates";
import { ZERO, type Decimal } from "../money";
import type { CapacityModel } from "../model/types";

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
export function sumOver(t: Timeline, a: Day, b: Day): Decimal {
  let sum = ZERO;
  for (let k = 0; k < t.days.length; k++) {
    const from = Math.max(a, t.days[k]!);
    const to = Math.min(b, k + 1 < t.days.length ? t.days[k + 1]! - 1 : b);
    if (to >= from) sum = sum.plus(t.values[k]!.times(to - from + 1));
  }
  return sum;
}

/** The value in force on day `d` (0 before the first). */
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
