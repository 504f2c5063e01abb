/** Exit exposures and exit curves, exactly: one accrual sweep over the schedule for every notice day a clause's curve needs. */
import { fromYmd, toYmd, type Day } from "../dates";
import { addDuration } from "../extension";
import { Decimal, divideRounded, fromMinorUnits, roundMinor } from "../money";
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
 * Each Acc is kept as one integer, scaled by D, the least common multiple of
 * the days covered by the charges of the schedule: Acc(x) x D in minor units.
 * The exposure is then one exact fraction, rounded once: no rounding before
 * the last, and each point of an exit curve costs a subtraction and a
 * division, not a pass over the schedule.
 */
interface Accruals {
  /** Acc(x) x `denominator`, in minor units, for each day asked for. */
  readonly scaled: Map<Day, bigint>;
  readonly denominator: bigint;
}

/**
 * The accruals of the last evaluations, kept by a `ChargeMemo` for the next
 * ones (scenarios, options' values, an editor's next version): Acc is a sum
 * over runs of charges (each fee's), so an evaluation whose runs are mostly
 * those of a kept one, at the same days and over the same D, takes its
 * accruals and sweeps only the runs that came and went. Most recently used
 * last; at most `KEPT_ACCRUALS`.
 */
export type AccrualMemo = KeptAccruals[];

interface KeptAccruals {
  /** The minor unit and the days asked for (sorted, without repeats). */
  readonly key: string;
  readonly denominator: bigint;
  readonly scaled: Map<Day, bigint>;
  readonly schedule: readonly Charge[];
  readonly runs: readonly (readonly [number, number])[];
}

const KEPT_ACCRUALS = 4;

/** The days covered by the charges that occur (1 to 366), each once. */
function coveredDays(charges: readonly Charge[]): number[] {
  const into: number[] = [];
  const seen: boolean[] = [];
  for (const c of charges) {
    const k = c.coveredDays;
    if (!seen[k]) {
      seen[k] = true;
      into.push(k);
    }
  }
  return into;
}

/** The least common multiple of whole numbers (1 for none). */
function lcmOf(values: Iterable<number>): bigint {
  let lcm = 1n;
  for (const v of values) {
    const d = BigInt(v);
    lcm = (lcm / gcd(lcm, d)) * d;
  }
  return lcm;
}

/** Charges that start on the same day and cover the same days: they also end on the same day, so a sweep adds and removes them as one. */
interface Bucket {
  readonly start: Day;
  readonly coverEnd: Day;
  readonly coveredDays: number;
  /** The sum of their amounts, in minor units. */
  units: bigint;
}

/** Above any number of days a charge covers (a period is at most a year; a term at most 100 years). */
const BUCKET_KEY = 1 << 17;

/** `charges` gathered into buckets (the same start and days covered), in order of first appearance. */
function bucketsOf(charges: readonly Charge[]): Bucket[] {
  const at = new Map<number, Bucket>();
  const out: Bucket[] = [];
  for (const c of charges) {
    const key = c.start * BUCKET_KEY + c.coveredDays;
    const b = at.get(key);
    if (b) b.units += c.minorUnits;
    else {
      const made: Bucket = { start: c.start, coverEnd: c.coverEnd, coveredDays: c.coveredDays, units: c.minorUnits };
      at.set(key, made);
      out.push(made);
    }
  }
  return out;
}

/**
 * Acc(x) x `denominator` at each of `xs` (ascending) over `charges`, from one
 * sweep over their buckets (the sums of A and of A x start are the same summed
 * bucket by bucket); every charge's days covered (`covered`, when the caller
 * has them) divides `denominator`.
 */
function sweep(charges: readonly Charge[], xs: readonly Day[], denominator: bigint, covered = coveredDays(charges)): bigint[] {
  const buckets = bucketsOf(charges);
  const n = buckets.length;
  const share: bigint[] = [];
  for (const c of covered) share[c] = denominator / BigInt(c);
  const byStart = orderBy(buckets, (b) => b.start);
  const byEnd = orderBy(buckets, (b) => b.coverEnd);
  // By days covered (an array is faster than a map here).
  const sumA: bigint[] = [];
  const sumAS: bigint[] = [];
  for (const c of covered) {
    sumA[c] = 0n;
    sumAS[c] = 0n;
  }
  let whole = 0n;
  let p = 0;
  let q = 0;
  const out: bigint[] = [];
  for (const x of xs) {
    for (; p < n && buckets[byStart[p]!]!.start < x; p++) {
      const b = buckets[byStart[p]!]!;
      const k = b.coveredDays;
      sumA[k]! += b.units;
      sumAS[k]! += b.units * BigInt(b.start);
    }
    for (; q < n && buckets[byEnd[q]!]!.coverEnd < x; q++) {
      const b = buckets[byEnd[q]!]!;
      const k = b.coveredDays;
      sumA[k]! -= b.units;
      sumAS[k]! -= b.units * BigInt(b.start);
      whole += b.units;
    }
    const bx = BigInt(x);
    let acc = whole * denominator;
    for (const k of covered) {
      const a = sumA[k]!;
      if (a !== 0n || sumAS[k] !== 0n) acc += (bx * a - sumAS[k]!) * share[k]!;
    }
    out.push(acc);
  }
  return out;
}

/**
 * The runs of `schedule` that `kept` does not have (added) and those of
 * `kept` that `schedule` does not have (removed), each as its charges. A run
 * is the same when it has the same first and last charge objects and length
 * (a memo's kept charges never change; a fee cut or extended shares its
 * first charges, not its last).
 */
function runsChanged(kept: KeptAccruals, schedule: readonly Charge[], runs: readonly (readonly [number, number])[]): { added: Charge[]; removed: Charge[] } {
  const pool = new Map<Charge, (readonly [number, number])[]>();
  for (const r of kept.runs) {
    if (r[0] === r[1]) continue;
    const first = kept.schedule[r[0]]!;
    const list = pool.get(first);
    if (list) list.push(r);
    else pool.set(first, [r]);
  }
  const added: Charge[] = [];
  for (const [lo, hi] of runs) {
    if (lo === hi) continue;
    const list = pool.get(schedule[lo]!);
    const j = list ? list.findIndex(([a, b]) => b - a === hi - lo && kept.schedule[b - 1] === schedule[hi - 1]) : -1;
    if (j >= 0) list!.splice(j, 1);
    else for (let k = lo; k < hi; k++) added.push(schedule[k]!);
  }
  const removed: Charge[] = [];
  for (const list of pool.values()) for (const [lo, hi] of list) for (let k = lo; k < hi; k++) removed.push(kept.schedule[k]!);
  return { added, removed };
}

/**
 * Acc at each of `days`: from one sweep over the schedule, or, with a memo
 * that kept the accruals of an evaluation at the same days whose runs are
 * mostly the same, from those minus the runs gone plus the runs come (the
 * same integers: Acc is a sum over charges).
 */
function accrualsAt(
  schedule: readonly Charge[],
  minor: number,
  days: readonly Day[],
  runs: readonly (readonly [number, number])[],
  memo?: AccrualMemo,
): Accruals {
  const xs = [...new Set(days)].sort((a, b) => a - b);
  // The least common multiple D of the days covered by the schedule's charges.
  const covered = coveredDays(schedule);
  const denominator = lcmOf(covered);
  const key = `${minor}|${xs.join(",")}`;
  let values: bigint[];
  let base: KeptAccruals | undefined;
  let best = schedule.length / 2;
  let change: { added: Charge[]; removed: Charge[] } | undefined;
  for (const kept of memo ?? []) {
    if (kept.key !== key || kept.denominator !== denominator) continue;
    const c = runsChanged(kept, schedule, runs);
    if (c.added.length + c.removed.length < best) [best, base, change] = [c.added.length + c.removed.length, kept, c];
  }
  if (base && change) {
    const added = sweep(change.added, xs, denominator);
    const removed = sweep(change.removed, xs, denominator);
    values = xs.map((x, i) => base.scaled.get(x)! - removed[i]! + added[i]!);
    memo!.splice(memo!.indexOf(base), 1);
    memo!.push(base);
  } else {
    values = sweep(schedule, xs, denominator, covered);
  }
  const scaled = new Map<Day, bigint>();
  xs.forEach((x, i) => scaled.set(x, values[i]!));
  if (memo) {
    memo.push({ key, denominator, scaled, schedule, runs });
    if (memo.length > KEPT_ACCRUALS) memo.shift();
  }
  return { scaled, denominator };
}

/**
 * The indices of the schedule in ascending order of a day of each item (a charge, a bucket), and
 * by index on the same day: a counting sort over the days (a term spans at
 * most 100 years of days), one pass to count and one to place.
 */
function orderBy<T>(schedule: readonly T[], day: (c: T) => Day): Uint32Array {
  const n = schedule.length;
  const out = new Uint32Array(n);
  if (n === 0) return out;
  const days = new Int32Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = day(schedule[i]!);
    days[i] = d;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  // at[d - lo]: where the charges of day d start in `out`.
  const at = new Uint32Array(hi - lo + 2);
  for (let i = 0; i < n; i++) at[days[i]! - lo + 1]!++;
  for (let j = 1; j < at.length; j++) at[j]! += at[j - 1]!;
  for (let i = 0; i < n; i++) out[at[days[i]! - lo]!++] = i;
  return out;
}

const NEGATIVE_ZERO = new Decimal(-0);

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** A clause's fee as an exact fraction: numerator / 10^places. */
interface ExactFee {
  readonly numerator: bigint;
  readonly scale: bigint;
}

function exactFee(fee: Decimal): ExactFee {
  const places = fee.decimalPlaces();
  return { numerator: BigInt(fee.times(new Decimal(10).pow(places)).toFixed(0)), scale: 10n ** BigInt(places) };
}

/**
 * fee + counted / denominator (counted in minor units), the one exact fraction
 * rounded half away from zero to the minor unit, in integers: no division
 * before the rounding.
 */
function roundedExposure(fee: ExactFee, counted: bigint, denominator: bigint, minor: number): Decimal {
  // In minor units: fee x 10^minor + counted / D = (F x 10^minor x D + counted x 10^places) / (10^places x D).
  const whole = fee.scale * denominator;
  const numerator = fee.numerator * 10n ** BigInt(minor) * denominator + counted * fee.scale;
  const units = divideRounded(numerator, whole);
  // A negative amount that rounds to nothing stays a negative zero, as Decimal rounding leaves it.
  return numerator < 0n && units === 0n ? NEGATIVE_ZERO : fromMinorUnits(units, minor);
}

/** fee + Acc(b) - Acc(a), from the accruals at the window's two ends. */
function exposureBetween(accruals: Accruals, from: Day, to: Day, fee: ExactFee, minor: number): Decimal {
  return roundedExposure(fee, accruals.scaled.get(to)! - accruals.scaled.get(from)!, accruals.denominator, minor);
}

/**
 * fee + the sum of A x days inside / C over a window's charges (given by C):
 * the same number `exposureBetween` gives for the window from the accruals at
 * its two ends.
 */
function exposureOf(byCovered: ReadonlyMap<number, bigint>, fee: Decimal, minor: number): Decimal {
  const denominator = lcmOf(byCovered.keys());
  let numerator = 0n;
  for (const [k, v] of byCovered) numerator += v * (denominator / BigInt(k));
  return roundedExposure(exactFee(fee), numerator, denominator, minor);
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

/**
 * What a run of one fee's charges counts in each clause's notice window (how
 * many charges, and by days covered the sum of A x days inside in minor
 * units), by its first charge and the clause's position (checked against the
 * window, the run's length and its last charge): kept by a `ChargeMemo`,
 * whose charges are the same objects while a fee is unchanged. A fee cut or
 * extended starts with the same charge objects (the memo reuses its first
 * periods), so the last charge tells the runs apart: a run whose last charge
 * is one the memo reused is, up to it, the run it was reused from.
 */
export type WindowMemo = WeakMap<Charge, (WindowCount | undefined)[]>;

interface WindowCount {
  readonly on: Day;
  readonly windowEnd: Day;
  /** The run's length. */
  readonly length: number;
  /** The run's last charge. */
  readonly last: Charge;
  count: number;
  readonly byCovered: Map<number, bigint>;
}

/**
 * Each clause's exit exposure, its parts (the charges its window overlaps,
 * for hovers) and its exit curve. The exposures (what expectations and
 * diagnostics read) are computed here, from a sweep at the first windows'
 * days only; the parts and the curves when first read (each a plain
 * property from then on), since only a hover, the cash-flow view or the JSON
 * output reads them. The budget of parts is checked here, by counting.
 */
export function exitsOf(
  clauses: readonly ClauseModel[],
  schedule: readonly Charge[],
  last: Day,
  minor: number,
  partsBudget: number,
  given: {
    /** A memo's window counts. */
    readonly kept?: WindowMemo;
    /** The schedule's runs, when the caller knows them (each fee's charges). */
    readonly runs?: readonly (readonly [number, number])[];
    /** A memo's accruals of earlier evaluations (the exit curves). */
    readonly accruals?: AccrualMemo;
  } = {},
): { exits: ExitFigures[]; curves: () => CurvePoint[][] } | { overBudget: number } {
  const { kept } = given;
  const exits: ExitFigures[] = [];
  // The schedule as runs of charges in date order (a fee's periods follow one another): [from, to) indices.
  const runs = given.runs ?? runsOf(schedule);
  // Each clause's first window: notice on `not_before` (or, past the last day, no exposure to count).
  const windows = clauses.map((clause) => {
    const on = clause.noticeDay <= last ? clause.noticeDay : undefined;
    return { on, first: { on: on ?? clause.noticeDay, ...windowOf(clause, on ?? clause.noticeDay, last) } };
  });
  // By clause: how many charges its window counts, and by days covered C the sum of A x days inside, in minor units.
  const counts = clauses.map(() => 0);
  const sums = clauses.map(() => new Map<number, bigint>());
  for (const [lo, hi] of runs) {
    if (lo === hi) continue;
    // A run (one fee's charges) the memo kept is the same charges: what it counts in each clause's window, as before.
    let byClause = kept?.get(schedule[lo]!);
    for (let i = 0; i < clauses.length; i++) {
      const { on, first } = windows[i]!;
      // The run's first charge that ends on or after the window's first day, then those that start before its end.
      const a = firstEndingFrom(schedule, lo, hi, first.on);
      if (a >= hi || schedule[a]!.start >= first.windowEnd) continue;
      let counted = byClause?.[i];
      if (!counted || counted.on !== first.on || counted.windowEnd !== first.windowEnd || counted.length !== hi - lo || counted.last !== schedule[hi - 1]) {
        counted = { on: first.on, windowEnd: first.windowEnd, length: hi - lo, last: schedule[hi - 1]!, count: 0, byCovered: new Map() };
        // Days inside by charge amount (an object most of a fee's charges share, with its minor units) and days covered, then summed exactly.
        const daysBy = new Map<Decimal, { readonly units: bigint; readonly byDays: Map<number, number> }>();
        for (let k = a; k < hi && schedule[k]!.start < first.windowEnd; k++) {
          counted.count++;
          const c = schedule[k]!;
          const inside = Math.min(c.coverEnd, first.windowEnd - 1) - Math.max(c.start, first.on) + 1;
          let by = daysBy.get(c.amount);
          if (!by) daysBy.set(c.amount, (by = { units: c.minorUnits, byDays: new Map() }));
          const byDays = by.byDays;
          byDays.set(c.coveredDays, (byDays.get(c.coveredDays) ?? 0) + inside);
        }
        for (const { units, byDays } of daysBy.values()) {
          for (const [covered, inside] of byDays) counted.byCovered.set(covered, (counted.byCovered.get(covered) ?? 0n) + units * BigInt(inside));
        }
        if (kept) {
          if (!byClause) kept.set(schedule[lo]!, (byClause = []));
          byClause[i] = counted;
        }
      }
      counts[i]! += counted.count;
      if (on === undefined) continue;
      const sum = sums[i]!;
      for (const [covered, v] of counted.byCovered) sum.set(covered, (sum.get(covered) ?? 0n) + v);
    }
  }
  // The budget of parts, counted clause by clause in order: the first clause that passes it is reported.
  let left = partsBudget;
  for (let i = 0; i < clauses.length; i++) {
    left -= counts[i]!;
    if (left < 0) return { overBudget: i };
  }
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i]!;
    const { on, first } = windows[i]!;
    const byCovered = sums[i]!;
    const exposure = on !== undefined ? exposureOf(byCovered, clause.fee, minor) : roundMinor(clause.fee, minor);
    const exit: ExitFigures = { clause: i, noticeDay: first.on, windowEnd: first.windowEnd, cutAtTermEnd: first.cut, fee: clause.fee, parts: [], exposure };
    lazy(exit, "parts", () => {
      // Run by run (in schedule order), from the run's first charge in the window.
      const parts: ExposurePart[] = [];
      for (const [lo, hi] of runs) {
        for (let k = firstEndingFrom(schedule, lo, hi, first.on); k < hi && schedule[k]!.start < first.windowEnd; k++) {
          const { inside, counted } = countedPart(schedule[k]!, first.on, first.windowEnd);
          parts.push({ charge: k, daysInside: inside, counted });
        }
      }
      return parts;
    });
    exits.push(exit);
  }
  const curves = () => {
    const windows = clauses.map((c) => curveDays(c, last).map((d) => ({ on: d, ...windowOf(c, d, last) })));
    const all = accrualsAt(
      schedule,
      minor,
      windows.flatMap((w) => w.flatMap((x) => [x.on, x.windowEnd])),
      runs,
      given.accruals,
    );
    return clauses.map((clause, i) => {
      const fee = exactFee(clause.fee);
      return windows[i]!.map((w) => ({ on: w.on, exposure: exposureBetween(all, w.on, w.windowEnd, fee, minor) }));
    });
  };
  return { exits, curves };
}

/** The first charge of the run `schedule[lo..hi)` (in date order) that ends on or after `day`; `hi` when none does. */
function firstEndingFrom(schedule: readonly Charge[], lo: number, hi: number, day: Day): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (schedule[mid]!.coverEnd < day) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** The schedule as runs of charges in date order, [from, to) indices: a fee's periods follow one another. */
function runsOf(schedule: readonly Charge[]): [number, number][] {
  const runs: [number, number][] = [];
  for (let k = 0; k < schedule.length; ) {
    let end = k + 1;
    while (end < schedule.length && schedule[end]!.fee === schedule[k]!.fee && schedule[end]!.start >= schedule[end - 1]!.start && schedule[end]!.coverEnd >= schedule[end - 1]!.coverEnd) end++;
    runs.push([k, end]);
    k = end;
  }
  return runs;
}

/** Defines `key` of `target` as computed when first read, then kept as a plain property (enumerable, as if assigned). */
export function lazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}
