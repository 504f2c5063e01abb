/**
 * Each fee's charges kept between evaluations, for a caller that evaluates
 * one deal again and again (an editor, through an `AnalysisSession`): keyed
 * by what scheduling the fee reads (every field of the fee but its ranges,
 * position, id, label and provenance) and by what it depends on beyond the fee (the currency's
 * minor unit, the exercised options' reprices it can reach, the capacity in
 * force for a fee priced on it). A fee cut or extended (an exit, an option's
 * extension) starts from the periods the same fee kept with another `until`
 * has as they are. The charges are those `scheduleFee` computes, so the
 * figures stay exactly those of an evaluation without the memo. It keeps
 * each fee's sums with its charges (evaluate/sums.ts), and the deal's month
 * sums by kind of evaluation, updated by difference. Owned by the caller,
 * never by the core.
 */
import type { Day } from "../dates";
import { Decimal } from "../money";
import type { FeeModel } from "../model/types";
import { scheduleFee, type Growth, type Ladders, type ScheduleContext } from "./charges";
import type { AccrualMemo, WindowMemo } from "./exits";
import type { Discounts } from "./npv";
import type { Charge } from "./figures";
import { monthIndexer, MonthLedger, sumCharges, type FeeSums, type KeptSums, type SumContext, type SumStart } from "./sums";
import type { Timeline } from "./timeline";

/**
 * A fee's charges as kept: the first `first` charges of `prefix`, then
 * `tail`. A fee cut or extended shares its first periods with a donor: the
 * donor's list is its prefix, not copied (a deal's option values extend most
 * of its fees, each by a few periods).
 */
class Kept {
  #all: readonly Charge[] | undefined;
  /**
   * The units of the first i charges, at i (from 0): a fee that starts with
   * some of them sums only the rest. Worked out when the fee is first a donor
   * (few are: an option's value, an exit), not kept for every fee.
   */
  cum?: bigint[];

  constructor(
    readonly prefix: readonly Charge[],
    readonly first: number,
    readonly tail: readonly Charge[],
    readonly sums: KeptSums,
    /** What its charges were scheduled on (for a fee cut or extended, `reusable`). */
    readonly minor: number,
    readonly reprices: ScheduleContext["reprices"],
    readonly capacity: string,
    public used: number,
  ) {}

  get count(): number {
    return this.first + this.tail.length;
  }

  at(i: number): Charge {
    return i < this.first ? this.prefix[i]! : this.tail[i - this.first]!;
  }

  /** Every charge in one list (made once, when the first are a donor's). */
  get charges(): readonly Charge[] {
    return this.first === 0 ? this.tail : (this.#all ??= this.prefix.slice(0, this.first).concat(this.tail));
  }

  /** Appends every charge to `out`. */
  pushTo(out: Charge[]): void {
    append(out, this.prefix, this.first, this.tail);
  }
}

/** Copies of `charges` (one fee's) carrying the fee's new position, for a fee moved in the list. */
function atPosition(charges: readonly Charge[], feeIndex: number): Charge[] {
  return charges.map((c) => ({ ...c, fee: feeIndex }));
}

/** Appends the first `first` charges of `prefix`, then `tail`, to `out`. */
function append(out: Charge[], prefix: readonly Charge[], first: number, tail: readonly Charge[]): void {
  for (let i = 0; i < first; i++) out.push(prefix[i]!);
  for (const c of tail) out.push(c);
}

/**
 * How many of `donor`'s first charges a fee that differs from the donor's
 * only by its `until` has as they are: with the same minor unit (and for a
 * unit price, the same capacity), its full periods that end by the new
 * `until`, while the reprices give them the same factor. An option's extension, or an exit, moves `until` and
 * leaves the periods before it unchanged.
 */
function reusable(donor: Kept, until: Day, ctx: ScheduleContext, capacity: string | undefined): number {
  if (ctx.minor !== donor.minor || (capacity !== undefined && capacity !== donor.capacity)) return 0;
  const reprices = ctx.reprices;
  const theirs = donor.reprices;
  // The reprice level of each period, here and in the donor's evaluation (periods start in order).
  let mine = 0;
  let old = 0;
  let same = true;
  let p = 0;
  for (let i = 0; i < donor.count; i++) {
    const c = donor.at(i);
    if (c.coverEnd !== c.end || c.end > until) break;
    let moved = false;
    while (mine < reprices.afters.length && reprices.afters[mine]! < c.start) (mine++, (moved = true));
    while (old < theirs.afters.length && theirs.afters[old]! < c.start) (old++, (moved = true));
    if (moved || p === 0) same = reprices.factors[mine] === theirs.factors[old] || reprices.factors[mine]!.eq(theirs.factors[old]!);
    if (!same) break;
    p++;
  }
  return p;
}

/** The units of `kept`'s first `n` charges, from its running sums (made when first asked for). */
function unitsBefore(kept: Kept, n: number): bigint {
  let cum = kept.cum;
  if (!cum) {
    cum = kept.cum = [0n];
    let units = 0n;
    for (let i = 0; i < kept.count; i++) cum.push((units += kept.at(i).minorUnits));
  }
  return cum[n]!;
}

/**
 * A value of a fee as key text: Decimals by their digits, objects field by
 * field (named, so two fees whose fields differ never share a key); what
 * scheduling does not read left out: ranges, the fee's position, its id,
 * label and provenance.
 */
const IGNORED: ReadonlySet<string> = new Set(["index", "id", "label", "basis", "source", "note"]);

/** An object's fields as key text, but those scheduling does not read and `leftOut`. */
function fieldsKey(v: object, leftOut?: string): string {
  let out = "{";
  for (const k in v) {
    if (k === leftOut || IGNORED.has(k) || k.endsWith("Span")) continue;
    out += `${k}:${keyOf((v as Record<string, unknown>)[k])},`;
  }
  return `${out}}`;
}

function keyOf(v: unknown): string {
  if (v instanceof Decimal) return v.isZero() && v.isNeg() ? "-0" : v.toString();
  if (v === null || typeof v !== "object") return typeof v === "string" ? JSON.stringify(v) : String(v);
  if (Array.isArray(v)) return `[${v.map(keyOf).join(",")}]`;
  return fieldsKey(v);
}

function timelineKey(t: Timeline | undefined): string {
  return t ? `${t.days.join(",")}=${t.values.map((v) => v.toString()).join(",")}` : "-";
}

/** The fees kept under one stem: by `until`, then by what they depend on beyond themselves; and those that may be donors. */
interface KeptEntry {
  readonly byUntil: Map<Day, Map<string, Kept>>;
  donors: Kept[];
}

/** No charges (a kept fee's prefix when it has no donor). */
const NONE: readonly Charge[] = [];

/** Most payment days' discounts a memo keeps, over its rates (a 100-year term has 36,525 days). */
const MAX_DISCOUNT_DAYS = 100_000;

export class ChargeMemo {
  /** What each kept run of charges counts in the notice windows of exits (evaluate/exits.ts). */
  readonly windows: WindowMemo = new WeakMap();
  /** The accruals of the last exit curves computed (evaluate/exits.ts). */
  readonly accruals: AccrualMemo = [];
  /**
   * Each fee model's key text but its `until`, computed once per object: a
   * copy of a fee with only its spans moved (as the lowering memo makes) may
   * be given its original's, since the key leaves spans out, and so is a
   * copy with another `until` (`withUntil`).
   */
  readonly stemKeys = new WeakMap<FeeModel, string>();
  /** Each fee's copies with another `until` (`withUntil`). */
  private readonly copies = new WeakMap<FeeModel, Map<Day, FeeModel>>();
  /**
   * By the fee's key but its `until` (a string made once per fee, whose hash
   * is kept), then by its `until`, then by what it depends on beyond itself;
   * with each stem, the fees kept under it (whose first charges may start
   * those of the same fee cut or extended).
   */
  private readonly kept = new Map<string, KeptEntry>();
  /**
   * Each fee model's place in `kept` (its stem's entry and, under its `until`, the fees kept by context), found
   * once per object and analysis: a scenario, an option's value or an editor's next version gives most fees as
   * the same objects, and a long key's lookup costs more than a `WeakMap`'s. Made anew by `next`, which drops
   * entries from `kept`.
   */
  private places = new WeakMap<FeeModel, { readonly entry: KeptEntry; readonly byContext: Map<string, Kept> }>();
  /** By context, then by how many of its reprices a fee can reach: the key text of what the fee depends on beyond itself. */
  private readonly contexts = new WeakMap<ScheduleContext, { readonly plain: string[]; readonly priced: string[]; readonly capacity: string }>();
  /** By minor unit and kind of evaluation (exercised options, exit): the deal's month sums, kept and updated by difference. */
  private readonly ledgers = new Map<string, { readonly ledger: MonthLedger; used: number }>();
  private generation = 0;
  /** By minor unit: what summing needs (one object, which the kept sums hold). */
  private readonly sumContexts = new Map<number, SumContext>();
  /** Each payment day's month index. */
  private readonly monthOf = monthIndexer();
  /** The powers of each escalation's 1 + rate (evaluate/charges.ts), by rate: the same in every evaluation. */
  readonly powers = new Map<string, Growth>();
  /** Each amount's escalated charges (evaluate/charges.ts): the same in every evaluation. */
  readonly ladders: Ladders = new WeakMap();
  /** The NPV's discount factors by rate (evaluate/npv.ts): the same in every evaluation. */
  readonly discounts: Discounts = new Map();
  /** Each kept fee's part of the NPV (evaluate/npv.ts `discountedUnits`), by rate and start. */
  private readonly parts = new WeakMap<FeeSums, Map<string, bigint>>();

  /** A kept fee's part of the NPV at a rate and start (`key`), worked out by `compute` the first time. */
  discounted(sums: FeeSums, key: string, compute: () => bigint): bigint {
    let byKey = this.parts.get(sums);
    if (!byKey) this.parts.set(sums, (byKey = new Map()));
    let part = byKey.get(key);
    if (part === undefined) byKey.set(key, (part = compute()));
    return part;
  }

  /** What summing a fee's charges needs, its cache kept (days as months). */
  sumContext(minor: number): SumContext {
    let ctx = this.sumContexts.get(minor);
    if (!ctx) this.sumContexts.set(minor, (ctx = { minor, monthOf: this.monthOf }));
    return ctx;
  }

  /**
   * The month sums of one kind of evaluation of the deal, as the last such
   * evaluation left them, brought to `current`. A kind not kept starts from
   * the kept ledger that holds most of `current` (a scenario's from the
   * base's: it then sums only the fees the scenario changed), or from none.
   */
  months(key: string, minor: number, current: readonly KeptSums[]): { months: Map<number, Decimal>; years: Map<number, Decimal> } {
    key = `${minor}|${key}`;
    let entry = this.ledgers.get(key);
    if (!entry) {
      let seed: MonthLedger | undefined;
      let most = current.length / 2;
      for (const { ledger } of this.ledgers.values()) {
        if (ledger.minor !== minor) continue;
        const n = ledger.overlap(current);
        if (n > most) [most, seed] = [n, ledger];
      }
      this.ledgers.set(key, (entry = { ledger: seed ? seed.copy() : new MonthLedger(minor), used: this.generation }));
    }
    entry.used = this.generation;
    return entry.ledger.update(current);
  }

  /** Starts a new analysis: what the last two did not use is dropped at the next. */
  next(): void {
    this.generation++;
    this.places = new WeakMap();
    const old = this.generation - 2;
    for (const [stem, entry] of this.kept) {
      for (const [until, byContext] of entry.byUntil) {
        for (const [key, k] of byContext) if (k.used < old) byContext.delete(key);
        if (byContext.size === 0) entry.byUntil.delete(until);
      }
      if (entry.byUntil.size === 0) this.kept.delete(stem);
      else entry.donors = entry.donors.filter((k) => k.used >= old);
    }
    for (const [key, l] of this.ledgers) if (l.used < old) this.ledgers.delete(key);
    // Rates typed one after another each leave their powers and discounts: few are kept.
    if (this.powers.size > 64) this.powers.clear();
    // A rate keeps the discount of each payment day it saw (each term start moves them): bounded too.
    let days = 0;
    for (const d of this.discounts.values()) days += d.at.size;
    if (this.discounts.size > 16 || days > MAX_DISCOUNT_DAYS) this.discounts.clear();
  }

  /**
   * `scheduleFee` then `sumCharges`, from the memo when the fee and what it
   * depends on were scheduled before: the fee's charges appended to `out`
   * (when given) and its sums returned, or undefined when its charges would
   * pass the budget.
   */
  schedule(fee: FeeModel, feeIndex: number, ctx: ScheduleContext, out: Charge[] | undefined, budget: { left: number }, sum: SumContext): KeptSums | undefined {
    let context = this.contexts.get(ctx);
    if (context === undefined) this.contexts.set(ctx, (context = { plain: [], priced: [], capacity: `|${timelineKey(ctx.power)}|${timelineKey(ctx.gpus)}` }));
    // Only the reprices after days before the fee's last period start can apply to it (an option's
    // reprice starts after the term it extends: a fee that ends before then is scheduled as without it).
    const { afters, factors } = ctx.reprices;
    const last = fee.every === "once" ? fee.from : fee.until;
    let reach = 0;
    while (reach < afters.length && afters[reach]! < last) reach++;
    const priced = fee.price !== undefined && fee.price.quantity === undefined;
    const keys = priced ? context.priced : context.plain;
    let key = keys[reach];
    if (key === undefined) {
      key = `${ctx.minor}|${afters.slice(0, reach).join(",")}|${factors.slice(0, reach + 1).map((f) => f.toString()).join(",")}${priced ? context.capacity : ""}`;
      keys[reach] = key;
    }
    const { entry, byContext } = this.placeOf(fee);
    const kept = byContext.get(key);
    if (kept && budget.left >= kept.count) {
      budget.left -= kept.count;
      let hit = kept;
      // A fee moved in the list (one inserted or removed before it): its charges carry its new position.
      if (kept.count > 0 && kept.at(0).fee !== feeIndex) {
        hit = new Kept(NONE, 0, atPosition(kept.charges, feeIndex), kept.sums, kept.minor, kept.reprices, kept.capacity, this.generation);
        byContext.set(key, hit);
        entry.donors.push(hit);
      } else kept.used = this.generation;
      if (out) hit.pushTo(out);
      return hit.sums;
    }
    // The same fee with another `until` (an option's extension, an exit) kept before: its first periods, as they
    // are, with their sums (summing starts after them).
    let first = 0;
    let best: Kept | undefined;
    if (fee.every !== "once") {
      for (const donor of entry.donors) {
        const p = reusable(donor, fee.until, ctx, priced ? context.capacity : undefined);
        if (p > first) [first, best] = [p, donor];
        // Every donor has the same periods: one whose next period ends after `until` gives all a donor can.
        if (p < donor.count && donor.at(p).end > fee.until) break;
      }
      if (budget.left < first) return undefined;
      budget.left -= first;
    }
    // The donor's first charges, shared (a list whose first `first` they are); copied only for a fee moved in the list.
    let prefix: readonly Charge[] = NONE;
    if (best) {
      if (best.at(0).fee !== feeIndex) prefix = atPosition(best.charges.slice(0, first), feeIndex);
      else prefix = first <= best.first ? best.prefix : best.charges;
    }
    const tail: Charge[] = [];
    const ok = scheduleFee(fee, feeIndex, ctx, tail, budget, first);
    const from = out?.length ?? 0;
    if (out) append(out, prefix, first, tail);
    if (!ok) return undefined;
    // What the fee pays in each month: only a ledger (an evaluation's months) reads it, so an evaluation (`out`)
    // sums the whole fee with its months, and a total goes on from the donor's sums, its months left to be summed
    // when first read.
    let sums: KeptSums;
    let made: Kept | undefined;
    if (out) sums = sumCharges(out, from, out.length, sum, { feeMonths: true });
    else if (best) {
      let at = -1;
      if (best.sums.beyond) for (let i = 0; i < first && at < 0; i++) if (best.at(i) === best.sums.beyond) at = i;
      // A fee's periods follow one another, and each is paid on its first or its last day: payment days never go back.
      const start: SumStart = { units: unitsBefore(best, first), periods: first, first: prefix[0]!.paid, last: prefix[first - 1]!.paid, beyond: at >= 0 ? prefix[at] : undefined };
      sums = sumCharges(tail, 0, tail.length, sum, { start, whole: () => made!.charges });
    } else sums = sumCharges(tail, 0, tail.length, sum);
    made = new Kept(prefix, first, tail, sums, ctx.minor, ctx.reprices, context.capacity, this.generation);
    byContext.set(key, made);
    entry.donors.push(made);
    return sums;
  }

  /** `fee` with another `until` (an evaluation cuts or extends fees so): one copy per fee and day, which shares the fee's stem. */
  withUntil(fee: FeeModel, until: Day): FeeModel {
    let byUntil = this.copies.get(fee);
    if (!byUntil) this.copies.set(fee, (byUntil = new Map()));
    let copy = byUntil.get(until);
    if (!copy) {
      byUntil.set(until, (copy = { ...fee, until }));
      this.stemKeys.set(copy, this.stemOf(fee));
    }
    return copy;
  }

  /** Where `fee`'s charges are kept (made empty when none are). */
  private placeOf(fee: FeeModel): { readonly entry: KeptEntry; readonly byContext: Map<string, Kept> } {
    let place = this.places.get(fee);
    if (place === undefined) {
      const stem = this.stemOf(fee);
      let entry = this.kept.get(stem);
      if (!entry) this.kept.set(stem, (entry = { byUntil: new Map(), donors: [] }));
      let byContext = entry.byUntil.get(fee.until);
      if (!byContext) entry.byUntil.set(fee.until, (byContext = new Map()));
      this.places.set(fee, (place = { entry, byContext }));
    }
    return place;
  }

  /** A fee's key text but its `until` (which the memo keys apart: a fee cut or extended shares the rest), made once per fee. */
  private stemOf(fee: FeeModel): string {
    let stem = this.stemKeys.get(fee);
    if (stem === undefined) this.stemKeys.set(fee, (stem = fieldsKey(fee, "until")));
    return stem;
  }
}
