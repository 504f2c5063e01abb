/** Exit exposures and exit curves, exactly: one accrual sweep over the schedule for every notice day a clause's curve needs. */
import { fromYmd, toYmd, type Day } from "../dates";
import { addDuration } from "../extension";
import { Decimal, roundMinor } from "../money";
import type { ClauseModel } from "../model/types";
import type { Charge, CurvePoint, ExitFigures, ExposurePart } from "./figures";

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
export function exitsOf(clauses: readonly ClauseModel[], schedule: readonly Charge[], last: Day, minor: number, partsBudget: number): { exits: ExitFigures[]; curves: CurvePoint[][] } | { overBudget: number } {
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
