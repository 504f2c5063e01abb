/**
 * The sums of a schedule, fee by fee: each fee's charges are summed once
 * (its total, periods, first and last payment day, and what it pays in each
 * calendar month, in integer minor units), and the deal's months are the sum
 * of its fees' months. A `MonthLedger` keeps a deal's month sums between
 * evaluations and updates them by difference (the months of the fees that
 * came and went), so that an evaluation whose fees were mostly summed before
 * (an editor's, through a `ChargeMemo`) costs what its changed fees cost.
 * All of these are sums of charges rounded to the minor unit: exact, so the
 * order of the additions cannot change them.
 */
import { toYmd, type Day } from "../dates";
import { Decimal, minorUnitsOf, ZERO } from "../money";
import { MAX_CHARGE } from "./charges";
import type { Charge } from "./figures";

/** One fee's charges summed. */
export interface FeeSums {
  readonly total: Decimal;
  /** The total in minor units. */
  readonly units: bigint;
  readonly periods: number;
  /** The first and last payment days (Infinity and -Infinity without charges). */
  readonly first: Day;
  readonly last: Day;
  /** Month index (year x 12 + month - 1) to what the fee pays in it, in minor units. */
  readonly months: ReadonlyMap<number, bigint>;
  /** The first charge of 10^24 or more (DS331), if any. */
  readonly beyond?: Charge;
}

/** What summing needs beyond the charges: amounts in minor units, days as month indices (each cached by the caller). */
export interface SumContext {
  readonly minorOf: (amount: Decimal) => bigint;
  readonly monthOf: (day: Day) => number;
}

/** A day's month index, each day converted once per cache. */
export function monthIndexer(cache: Map<Day, number> = new Map()): (day: Day) => number {
  return (day) => {
    let m = cache.get(day);
    if (m === undefined) {
      const { year, month } = toYmd(day);
      cache.set(day, (m = year * 12 + month - 1));
    }
    return m;
  };
}

/** Sums `charges[from..to)`, one fee's. */
export function sumCharges(charges: readonly Charge[], from: number, to: number, ctx: SumContext): FeeSums {
  let total = ZERO;
  // A fee's full periods at one escalation step share one Decimal: a run of them is added as amount x count.
  let runAmount: Decimal | undefined;
  let runCount = 0;
  const addRun = () => {
    if (runAmount) total = total.plus(runCount === 1 ? runAmount : runAmount.times(runCount));
  };
  let first = Infinity;
  let last = -Infinity;
  let beyond: Charge | undefined;
  const months = new Map<number, bigint>();
  let lastAmount: Decimal | undefined;
  let lastUnits = 0n;
  let lastPaid: Day | undefined;
  let lastMonth = 0;
  let units = 0n;
  for (let i = from; i < to; i++) {
    const c = charges[i]!;
    if (c.amount === runAmount) runCount++;
    else {
      addRun();
      runAmount = c.amount;
      runCount = 1;
      // The exponent of |amount| >= 10^24 is 24 or more (no Decimal made per charge).
      if (!beyond && c.amount.e >= MAX_CHARGE.e) beyond = c;
    }
    if (c.paid < first) first = c.paid;
    if (c.paid > last) last = c.paid;
    if (c.amount !== lastAmount) {
      lastAmount = c.amount;
      lastUnits = ctx.minorOf(c.amount);
    }
    if (c.paid !== lastPaid) {
      lastPaid = c.paid;
      lastMonth = ctx.monthOf(c.paid);
    }
    months.set(lastMonth, (months.get(lastMonth) ?? 0n) + lastUnits);
    units += lastUnits;
  }
  addRun();
  const sums: { -readonly [K in keyof FeeSums]: FeeSums[K] } = { total, units, periods: to - from, first, last, months };
  if (beyond) sums.beyond = beyond;
  return sums;
}

/**
 * A deal's month sums over a set of fee sums, kept and updated by
 * difference: `update` takes the fee sums of an evaluation and adds the
 * months of those it did not hold, subtracts those of the fees gone. A month
 * is held while at least one fee pays in it (a month whose payments sum to
 * zero is still a month with payments). Each month's Decimal is made again
 * only when its sum changed.
 */
export class MonthLedger {
  private members = new Map<FeeSums, number>();
  private readonly units = new Map<number, bigint>();
  private readonly payers = new Map<number, number>();
  private readonly amounts = new Map<number, Decimal>();

  constructor(private readonly minor: number) {}

  /** Brings the ledger to `current` (a fee may appear more than once): the months, then the years, ascending. */
  update(current: readonly FeeSums[]): { months: Map<number, Decimal>; years: Map<number, Decimal> } {
    const next = new Map<FeeSums, number>();
    for (const s of current) next.set(s, (next.get(s) ?? 0) + 1);
    for (const [s, held] of this.members) {
      const wanted = next.get(s) ?? 0;
      if (wanted < held) this.apply(s, wanted - held);
    }
    for (const [s, wanted] of next) {
      const held = this.members.get(s) ?? 0;
      if (wanted > held) this.apply(s, wanted - held);
    }
    this.members = next;
    const scale = new Decimal(10).pow(this.minor);
    const months = new Map<number, Decimal>();
    const yearUnits = new Map<number, bigint>();
    for (const m of [...this.units.keys()].sort((a, b) => a - b)) {
      const u = this.units.get(m)!;
      let amount = this.amounts.get(m);
      if (!amount) this.amounts.set(m, (amount = new Decimal(u.toString()).div(scale)));
      months.set(m, amount);
      const y = Math.floor(m / 12);
      yearUnits.set(y, (yearUnits.get(y) ?? 0n) + u);
    }
    const years = new Map<number, Decimal>();
    for (const [y, u] of yearUnits) years.set(y, new Decimal(u.toString()).div(scale));
    return { months, years };
  }

  private apply(s: FeeSums, times: number): void {
    const k = BigInt(times);
    for (const [m, v] of s.months) {
      this.amounts.delete(m);
      const payers = (this.payers.get(m) ?? 0) + times;
      if (payers === 0) {
        this.payers.delete(m);
        this.units.delete(m);
        continue;
      }
      this.payers.set(m, payers);
      this.units.set(m, (this.units.get(m) ?? 0n) + v * k);
    }
  }
}

/** An amount in minor units as a Decimal. */
export function fromMinorUnits(units: bigint, minor: number): Decimal {
  return new Decimal(units.toString()).div(new Decimal(10).pow(minor));
}

/** What the schedule pays on each day, from minor units (the NPV discounts each day's sum). */
export function dayAmounts(schedule: readonly Charge[], minor: number): Map<Day, Decimal> {
  const minorOf = minorUnitsOf(minor);
  const units = new Map<Day, bigint>();
  for (const c of schedule) units.set(c.paid, (units.get(c.paid) ?? 0n) + minorOf(c.amount));
  const scale = new Decimal(10).pow(minor);
  return new Map([...units].map(([day, u]) => [day, new Decimal(u.toString()).div(scale)]));
}
