/**
 * Each fee's charges kept between evaluations, for a caller that evaluates
 * one deal again and again (an editor, through an `AnalysisSession`): keyed
 * by what scheduling the fee reads (every field of the fee but its ranges,
 * position, id, label and provenance) and by what it depends on beyond the fee (the currency's
 * minor unit, the exercised options' reprices, the capacity in force for a
 * fee priced on it). The charges are those `scheduleFee` computes, so the
 * figures stay exactly those of an evaluation without the memo. Owned by
 * the caller, never by the core.
 */
import { Decimal, minorUnitsOf } from "../money";
import type { FeeModel } from "../model/types";
import { scheduleFee, type ScheduleContext } from "./charges";
import type { WindowMemo } from "./exits";
import type { Charge } from "./figures";
import type { Timeline } from "./timeline";

interface Kept {
  readonly charges: readonly Charge[];
  used: number;
}

/**
 * A value of a fee as key text: Decimals by their digits, objects field by
 * field (named, so two fees whose fields differ never share a key); what
 * scheduling does not read left out: ranges, the fee's position, its id,
 * label and provenance.
 */
const IGNORED: ReadonlySet<string> = new Set(["index", "id", "label", "basis", "source", "note"]);

function keyOf(v: unknown): string {
  if (v instanceof Decimal) return v.isZero() && v.isNeg() ? "-0" : v.toString();
  if (v === null || typeof v !== "object") return typeof v === "string" ? JSON.stringify(v) : String(v);
  if (Array.isArray(v)) return `[${v.map(keyOf).join(",")}]`;
  let out = "{";
  for (const k in v) {
    if (IGNORED.has(k) || k.endsWith("Span")) continue;
    out += `${k}:${keyOf((v as Record<string, unknown>)[k])},`;
  }
  return `${out}}`;
}

function timelineKey(t: Timeline | undefined): string {
  return t ? `${t.days.join(",")}=${t.values.map((v) => v.toString()).join(",")}` : "-";
}

export class ChargeMemo {
  /** What each kept run of charges counts in the notice windows of exits (evaluate/exits.ts). */
  readonly windows: WindowMemo = new WeakMap();
  /**
   * Each fee model's key text, computed once per object (a copy of a fee with
   * only its spans moved, as the lowering memo makes, may be given its
   * original's: the key leaves spans out).
   */
  readonly feeKeys = new WeakMap<FeeModel, string>();
  private readonly kept = new Map<string, Kept>();
  private readonly contexts = new WeakMap<ScheduleContext, string>();
  private generation = 0;
  /** By minor unit: each charge amount (a Decimal object, shared by the charges kept) in minor units. */
  private readonly units = new Map<number, WeakMap<Decimal, bigint>>();

  /** An amount rounded to the minor unit, as an integer count of minor units, converted once per Decimal object. */
  minorUnits(minor: number): (amount: Decimal) => bigint {
    let byAmount = this.units.get(minor);
    if (!byAmount) this.units.set(minor, (byAmount = new WeakMap()));
    return minorUnitsOf(minor, byAmount);
  }

  /** Starts a new analysis: what the last two did not use is dropped at the next. */
  next(): void {
    this.generation++;
    for (const [key, k] of this.kept) if (k.used < this.generation - 2) this.kept.delete(key);
  }

  /** `scheduleFee`, from the memo when the fee and what it depends on were scheduled before. */
  schedule(fee: FeeModel, feeIndex: number, ctx: ScheduleContext, out: Charge[], budget: { left: number }): boolean {
    let context = this.contexts.get(ctx);
    if (context === undefined) {
      context = `${ctx.minor}|${ctx.reprices.afters.join(",")}|${ctx.reprices.factors.map((f) => f.toString()).join(",")}`;
      this.contexts.set(ctx, context);
    }
    const capacity = fee.price && fee.price.quantity === undefined ? `|${timelineKey(ctx.power)}|${timelineKey(ctx.gpus)}` : "";
    let feeKey = this.feeKeys.get(fee);
    if (feeKey === undefined) this.feeKeys.set(fee, (feeKey = keyOf(fee)));
    const key = `${feeKey}|${context}${capacity}`;
    const kept = this.kept.get(key);
    if (kept && budget.left >= kept.charges.length) {
      budget.left -= kept.charges.length;
      // A fee moved in the list (one inserted or removed before it): its charges carry its new position.
      const charges = kept.charges.length > 0 && kept.charges[0]!.fee !== feeIndex ? kept.charges.map((c) => ({ ...c, fee: feeIndex })) : kept.charges;
      this.kept.set(key, { charges, used: this.generation });
      for (const c of charges) out.push(c);
      return true;
    }
    const mine: Charge[] = [];
    const ok = scheduleFee(fee, feeIndex, ctx, mine, budget);
    for (const c of mine) out.push(c);
    if (ok) this.kept.set(key, { charges: mine, used: this.generation });
    return ok;
  }
}
