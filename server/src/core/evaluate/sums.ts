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
import { fromMinorUnits, type Decimal } from "../money";
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
  /** The first charge of 10^24 or more (DS331), if any. */
  readonly beyond?: Charge;
}

/**
 * What a fee pays in each month it pays in, in minor units, by month index
 * (year x 12 + month - 1), ascending: two aligned lists (a fee's payment days
 * never go back, so its months come in order).
 */
export interface FeeMonths {
  readonly index: readonly number[];
  readonly units: readonly bigint[];
}

/** A fee's sums with what it pays in each month: what a ledger adds up. */
export interface KeptSums extends FeeSums {
  readonly months: FeeMonths;
}

/** What summing needs beyond the charges: the minor unit, and days as month indices (cached by the caller). */
export interface SumContext {
  readonly minor: number;
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

/** The sums of a fee's first charges, kept from another evaluation: where summing the rest starts. */
export interface SumStart {
  readonly units: bigint;
  readonly periods: number;
  readonly first: Day;
  readonly last: Day;
  readonly beyond?: Charge;
}

/**
 * A fee's sums as `sumCharges` leaves them. The total as a Decimal and what
 * the fee pays in each month are worked out when first read (unless the
 * months were summed with the rest): a deal's total (an option's value) needs
 * only the units, and only a ledger reads the months, from the charges as
 * they then are (a memo's kept charges, which never change).
 */
class Sums implements KeptSums {
  #total: Decimal | undefined;
  /** The months, or how to sum them (from the fee's charges, when first read). */
  #months: FeeMonths | (() => FeeMonths);

  constructor(
    readonly units: bigint,
    readonly periods: number,
    readonly first: Day,
    readonly last: Day,
    readonly beyond: Charge | undefined,
    private readonly minor: number,
    months: FeeMonths | (() => FeeMonths),
  ) {
    this.#months = months;
  }

  // A sum of charges rounded to the minor unit, exactly (and never -0, as a sum of Decimals from zero is not).
  get total(): Decimal {
    return (this.#total ??= fromMinorUnits(this.units, this.minor));
  }

  get months(): FeeMonths {
    if (typeof this.#months === "function") this.#months = this.#months();
    return this.#months;
  }
}

/** What `sumCharges` adds to beyond the fee's sums, and where it starts. */
export interface SumOptions {
  /** What the fee pays in each month is added here. */
  readonly months?: Map<number, bigint>;
  /** The sums keep what the fee pays in each month, summed now (else when first read). */
  readonly feeMonths?: boolean;
  /**
   * The sums of the fee's charges before `from`: summing goes on from them.
   * They are `charges[from - start.periods..from)`, or, when given, the
   * first of `whole()`.
   */
  readonly start?: SumStart;
  /** Every charge of the fee (when `charges` holds only those after `start`): what its months are summed from. */
  readonly whole?: () => readonly Charge[];
}

/** Sums `charges[from..to)`, one fee's charges (see `SumOptions` for what else it does). */
export function sumCharges(charges: readonly Charge[], from: number, to: number, ctx: SumContext, opts: SumOptions = {}): KeptSums {
  const { months, start } = opts;
  const own: { index: number[]; units: bigint[] } | undefined = opts.feeMonths ? { index: [], units: [] } : undefined;
  let first = start?.first ?? Infinity;
  let last = start?.last ?? -Infinity;
  let beyond = start?.beyond;
  let lastPaid: Day | undefined;
  let lastMonth = 0;
  let units = start?.units ?? 0n;
  for (let i = from; i < to; i++) {
    const c = charges[i]!;
    if (c.paid < first) first = c.paid;
    if (c.paid > last) last = c.paid;
    // The exponent of |amount| >= 10^24 is 24 or more (no Decimal made per charge).
    if (!beyond && c.amount.e >= MAX_CHARGE.e) beyond = c;
    const a = c.minorUnits;
    if (months || own) {
      if (c.paid !== lastPaid) {
        lastPaid = c.paid;
        lastMonth = ctx.monthOf(c.paid);
      }
      months?.set(lastMonth, (months.get(lastMonth) ?? 0n) + a);
      if (own) {
        const n = own.index.length;
        if (n > 0 && own.index[n - 1] === lastMonth) own.units[n - 1]! += a;
        else {
          own.index.push(lastMonth);
          own.units.push(a);
        }
      }
    }
    units += a;
  }
  const before = start?.periods ?? 0;
  const periods = to - from + before;
  const whole = opts.whole;
  // Unless summed now, the fee's months are summed from its charges when first read (a memo's kept charges never change).
  const later = own ?? (whole ? () => sumCharges(whole(), 0, periods, ctx, { feeMonths: true }).months : () => sumCharges(charges, from - before, to, ctx, { feeMonths: true }).months);
  return new Sums(units, periods, first, last, beyond, ctx.minor, later);
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
  private members = new Map<KeptSums, number>();
  private readonly units = new Map<number, bigint>();
  private readonly payers = new Map<number, number>();
  private readonly amounts = new Map<number, Decimal>();

  constructor(readonly minor: number) {}

  /** How many of `current`'s fee sums this ledger holds: how close it is to an evaluation of them. */
  overlap(current: readonly KeptSums[]): number {
    let n = 0;
    for (const s of current) if (this.members.has(s)) n++;
    return n;
  }

  /** A ledger with this one's sums, to be updated apart from it (a scenario's months from the base's). */
  copy(): MonthLedger {
    const out = new MonthLedger(this.minor);
    out.members = new Map(this.members);
    for (const [m, v] of this.units) out.units.set(m, v);
    for (const [m, v] of this.payers) out.payers.set(m, v);
    for (const [m, v] of this.amounts) out.amounts.set(m, v);
    return out;
  }

  /** Brings the ledger to `current` (a fee may appear more than once): the months, then the years, ascending. */
  update(current: readonly KeptSums[]): { months: Map<number, Decimal>; years: Map<number, Decimal> } {
    const next = new Map<KeptSums, number>();
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
    return monthsAndYears(this.units, this.minor, this.amounts);
  }

  private apply(s: KeptSums, times: number): void {
    const k = BigInt(times);
    const { index, units } = s.months;
    for (let i = 0; i < index.length; i++) {
      const m = index[i]!;
      const v = units[i]!;
      this.amounts.delete(m);
      const payers = (this.payers.get(m) ?? 0) + times;
      if (payers === 0) {
        this.payers.delete(m);
        this.units.delete(m);
        continue;
      }
      this.payers.set(m, payers);
      const held = this.units.get(m) ?? 0n;
      this.units.set(m, times === 1 ? held + v : times === -1 ? held - v : held + v * k);
    }
  }
}

/**
 * Month sums in minor units as the figures have them: each month's Decimal
 * (taken from `amounts` when kept there, kept there when made), ascending,
 * and each year's.
 */
export function monthsAndYears(units: ReadonlyMap<number, bigint>, minor: number, amounts?: Map<number, Decimal>): { months: Map<number, Decimal>; years: Map<number, Decimal> } {
  const months = new Map<number, Decimal>();
  const yearUnits = new Map<number, bigint>();
  for (const m of [...units.keys()].sort((a, b) => a - b)) {
    const u = units.get(m)!;
    let amount = amounts?.get(m);
    if (!amount) {
      amount = fromMinorUnits(u, minor);
      amounts?.set(m, amount);
    }
    months.set(m, amount);
    const y = Math.floor(m / 12);
    yearUnits.set(y, (yearUnits.get(y) ?? 0n) + u);
  }
  const years = new Map<number, Decimal>();
  for (const [y, u] of yearUnits) years.set(y, fromMinorUnits(u, minor));
  return { months, years };
}
