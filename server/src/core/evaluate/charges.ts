/**
 * Scheduling one fee: its periods from `from` to `until`, each charge
 * escalated, repriced by exercised options, priced per unit on its quantity,
 * prorated when cut short, rounded, and paid in advance or in arrears.
 */
import { daysInMonth, formatDay, fromYmd, toYmd, type Day } from "../dates";
import { Decimal, ONE, roundMinor, toMinorUnits, ZERO } from "../money";
import { INTERVAL_MONTHS, type FeeModel } from "../model/types";
import { isGpuUnit } from "../values";
import type { Charge } from "./figures";
import { sumOver, type Timeline } from "./timeline";

/** The cumulative reprice factors of the exercised options: `factors[k]` applies to periods starting after `afters[k - 1]`. */
interface Reprices {
  readonly afters: readonly Day[];
  readonly factors: readonly Decimal[];
}

/** One amount's charges by n escalation steps, at one rate, reprice factor, minor unit and sign. */
interface Ladder {
  /** amount x (1 + rate)^n x reprice. */
  readonly escalated: Decimal[];
  /** The same, rounded to the minor unit and signed: a full period's charge. */
  readonly full: Decimal[];
  /** `full` in minor units. */
  readonly fullUnits: bigint[];
}

/**
 * Ladders by amount (the Decimal object a fee shares with its copies: cut,
 * extended, moved in time), then by rate, reprice factor, minor unit and
 * sign. A caller that schedules a deal again and again keeps one (a
 * `ChargeMemo`): an option's extension, a scenario that moves fees, reuse
 * the values worked out before. The values are those computed afresh.
 */
export type Ladders = WeakMap<Decimal, Map<string, Ladder>>;

/** What scheduling a fee needs beyond the fee. */
export interface ScheduleContext {
  readonly minor: number;
  readonly reprices: Reprices;
  readonly power?: Timeline;
  readonly gpus?: Timeline;
  readonly powers: Map<string, Growth>;
  readonly ladders?: Ladders;
}

/** A unit-priced fee's quantity, in its price's unit, summed over the days a..b. */
export function unitsOver(fee: FeeModel, ctx: ScheduleContext): ((a: Day, b: Day) => Decimal) | undefined {
  const price = fee.price;
  if (!price) return undefined;
  const q = price.quantity;
  if (q !== undefined) return (a, b) => q.times(b - a + 1);
  const t = isGpuUnit(price.unit) ? ctx.gpus : ctx.power;
  if (!t) return () => ZERO;
  return price.unit === "kW-month" ? (a, b) => sumOver(t, a, b).times(1000) : (a, b) => sumOver(t, a, b);
}

/**
 * Appends fee `feeIndex`'s charges to `out`, from period `firstPeriod` on
 * (the periods before it are the caller's, as a memo keeps them); false when
 * that would pass the budget of charges.
 */
export function scheduleFee(fee: FeeModel, feeIndex: number, ctx: ScheduleContext, out: Charge[], budget: { left: number }, firstPeriod = 0): boolean {
  const { minor, reprices, powers } = ctx;
  const sign = fee.credit ? -1 : 1;
  if (fee.every === "once") {
    if (--budget.left < 0) return false;
    let level = 0;
    while (level < reprices.afters.length && reprices.afters[level]! < fee.from) level++;
    const factor = reprices.factors[level]!;
    const escalated = level === 0 ? fee.amount : fee.amount.times(factor);
    const amount = signed(roundMinor(escalated, minor), sign);
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
      amount,
      minorUnits: toMinorUnits(amount, minor),
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
  // The ladder of each reprice level: amount x (1 + rate)^n x reprice by n, and each full period's charge.
  let byKey = ctx.ladders?.get(fee.amount);
  if (!byKey) {
    byKey = new Map();
    ctx.ladders?.set(fee.amount, byKey);
  }
  const ladders: Ladder[] = [];
  const ladderAt = (level: number): Ladder => {
    let ladder: Ladder | undefined = ladders[level];
    if (ladder === undefined) {
      const key = `${fee.escalate ? fee.escalate.rate.toString() : "-"}|${reprices.factors[level]!.toString()}|${minor}|${sign}`;
      ladder = byKey.get(key);
      if (ladder === undefined) byKey.set(key, (ladder = { escalated: [], full: [], fullUnits: [] }));
      ladders[level] = ladder;
    }
    return ladder;
  };
  const escalatedBy = (level: number, n: number): Decimal => {
    const row = ladderAt(level).escalated;
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
  const fromMonths = monthsFrom(fee.from);
  let n = 0;
  let level = 0;
  let nextEscalation = escStep > 0 ? fromMonths(escStep) : Infinity;
  // Period k starts k periods after `from` (period 0 on `from` itself): the periods before `firstPeriod` are the
  // caller's, so scheduling starts at its first day, the escalation steps and reprice level caught up below.
  let start = firstPeriod === 0 ? fee.from : fromMonths(firstPeriod * step);
  for (let k = firstPeriod; start <= fee.until; k++) {
    const next = fromMonths((k + 1) * step);
    while (nextEscalation <= start) {
      n++;
      nextEscalation = fromMonths((n + 1) * escStep);
    }
    while (level < reprices.afters.length && reprices.afters[level]! < start) level++;
    if (--budget.left < 0) return false;
    const end = next - 1;
    const coverEnd = end <= fee.until ? end : fee.until;
    const fullDays = end - start + 1;
    const coveredDays = coverEnd - start + 1;
    const escalated = escalatedBy(level, n);
    let amount: Decimal;
    let minorUnits: bigint;
    let quantity: Decimal | undefined;
    if (units) {
      // price x M x (quantity-days) / days in the period, or price x 24 x (GPU-days): multiplied out exactly, divided last.
      quantity = units(start, coverEnd);
      amount = signed(roundMinor(perHour ? escalated.times(24).times(quantity) : escalated.times(step).times(quantity).div(fullDays), minor), sign);
      minorUnits = toMinorUnits(amount, minor);
    } else if (coveredDays === fullDays) {
      // Most periods are full: their charge is on the ladder, with its minor units.
      const ladder = ladderAt(level);
      amount = ladder.full[n] ?? (ladder.full[n] = signed(roundMinor(escalated, minor), sign));
      minorUnits = ladder.fullUnits[n] ?? (ladder.fullUnits[n] = toMinorUnits(amount, minor));
    } else {
      amount = signed(roundMinor(escalated.times(coveredDays).div(fullDays), minor), sign);
      minorUnits = toMinorUnits(amount, minor);
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
      minorUnits,
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
export interface Growth {
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

/**
 * The largest charge Dealspec computes exactly, as for amounts (DS222): a
 * charge below 10^24 has at most 24 + 3 digits to its smallest minor unit, and
 * the figures sum at most 500,000 of them (below 10^30), well inside the
 * engine's 60 significant digits; above it, escalation or a price times a
 * quantity would be rounded before the cents (DS331).
 */
export const MAX_CHARGE = new Decimal("1e24");

/** DS331's message: which charge of the fee passes 10^24, about how large it is, and what made it so. */
export function chargeBeyondMessage(fee: FeeModel, c: Charge, currency: string): string {
  const [mantissa, exponent] = c.amount.abs().toExponential(2, Decimal.ROUND_DOWN).split("e");
  const when = fee.every === "once" ? `on ${formatDay(c.start)}` : `for period ${c.period + 1} (${formatDay(c.start)} to ${formatDay(c.coverEnd)})`;
  const cause = `${fee.price ? "its price times the quantity" : "its amount"}${c.escalations > 0 ? ` escalated ${c.escalations} ${c.escalations === 1 ? "time" : "times"}` : ""}${c.reprice ? " and repriced by the exercised options" : ""}`;
  return `Fee \`${fee.id}\` charges about ${currency} ${mantissa} × 10^${Number(exponent)} ${when}, ${cause}: a charge must stay below 10^24 (\`1,000,000,000,000T\`), the largest Dealspec computes exactly, or figures would lose cents.`;
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
