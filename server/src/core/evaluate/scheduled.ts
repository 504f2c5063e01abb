/**
 * What every evaluation does first: the options in force (their reprices and
 * the last day they move the term to), an exit's cut, the fees as evaluated
 * (run on through extensions, cut by an exit, a scenario exit's
 * `termination-fee`), then each fee's charges and sums (evaluate/charges.ts,
 * evaluate/sums.ts; from a memo when kept). `evaluate` derives every figure
 * from the result; an option's value needs only its total (`totalOf`).
 */
import { addMonths, formatDay, LAST_DAY, type Day } from "../dates";
import { diagnostic, type Diagnostic } from "../diagnostics";
import { addDuration, optionTimeline } from "../extension";
import { Decimal, fromMinorUnits, ONE } from "../money";
import { MAX_TERM_YEARS, type ClauseModel, type DealModel, type FeeModel, type TermModel } from "../model/types";
import { chargeBeyondMessage, scheduleFee, type Growth, type ScheduleContext } from "./charges";
import type { Charge, EvaluateOptions } from "./figures";
import type { ChargeMemo } from "./memo";
import { monthIndexer, monthsAndYears, sumCharges, type FeeSums, type KeptSums, type SumContext } from "./sums";
import { capacityTimeline } from "./timeline";

/** The fee id a scenario's exit charges its clause's fee under. */
export const TERMINATION_FEE_ID = "termination-fee";

/** Most charges one deal may schedule, so that analysis stays bounded. */
export const MAX_CHARGES = 500_000;

/** The fee a scenario's exit charges: the clause's `fee`, once, on the deal's new last day. */
function terminationFee(clause: ClauseModel, index: number, day: Day): FeeModel {
  const fee: { -readonly [K in keyof FeeModel]: FeeModel[K] } = {
    basis: clause.basis,
    index,
    id: TERMINATION_FEE_ID,
    label: "Termination fee",
    idSpan: clause.keySpan,
    itemSpan: clause.itemSpan,
    amount: clause.fee,
    amountSpan: clause.keySpan,
    every: "once",
    from: day,
    until: day,
    fromExplicit: true,
    untilExplicit: false,
    credit: false,
    paid: "in_advance",
  };
  if (clause.source !== undefined) fee.source = clause.source;
  return fee;
}

/** A deal scheduled: its fees' charges and sums, and what they were scheduled on. */
export interface Scheduled {
  readonly currency: string;
  readonly minor: number;
  readonly exercised: readonly boolean[];
  readonly timeline: ReturnType<typeof optionTimeline>;
  /** The term in force: extended by exercised options, cut by an exit. */
  readonly term: TermModel;
  readonly feeModels: readonly FeeModel[];
  readonly dropped: readonly boolean[];
  readonly ctx: ScheduleContext;
  /** Every charge, fee by fee (empty when not kept). */
  readonly schedule: readonly Charge[];
  /** Each fee's charges in `schedule`: [from, to). */
  readonly ranges: readonly (readonly [number, number])[];
  /** Each fee's sums (undefined for a dropped fee). */
  readonly sums: readonly (FeeSums | undefined)[];
  /**
   * The months and years paid, from the fees' months: with a memo, its ledger
   * for this kind of evaluation updated by difference; computed when asked
   * (a total needs none).
   */
  months(): { months: Map<number, Decimal>; years: Map<number, Decimal> };
}

/**
 * Schedules a deal whose currency and term are known, as written or with the
 * options and exit `opts` asks for; undefined (with the reason in
 * `diagnostics`) when it cannot be computed. `keep` false: the charges are
 * summed, not gathered (a total is all the caller needs).
 */
export function scheduleDeal(model: DealModel, opts: EvaluateOptions, diagnostics: Diagnostic[], memo?: ChargeMemo, keep = true): Scheduled | undefined {
  const { currency, minor } = model;
  const written = model.term;
  if (!written || !currency) return undefined;

  // Options in file order move the last day; an exit then cuts the deal at its notice window's end.
  const exercised = opts.exercised ?? model.options.map((o) => o.exercised);
  const timeline = optionTimeline(written.last, model.options, exercised);
  const afters: Day[] = [];
  const factors: Decimal[] = [ONE];
  timeline.steps.forEach((step, i) => {
    if (step.lastAfter === undefined) return;
    const r = model.options[i]!.reprice;
    if (!r.isZero()) {
      afters.push(step.lastBefore);
      factors.push(factors[factors.length - 1]!.times(ONE.plus(r)));
    }
  });
  // Lowering leaves out each option that passes 9999-12-31 as written; exercised together (a scenario, an option's value) they still may.
  if (timeline.last > LAST_DAY || timeline.steps.some((s) => s.deadline > LAST_DAY)) {
    const o = model.options.find((_, i) => exercised[i]) ?? model.options[0];
    diagnostics.push(diagnostic("DS330", o?.idSpan ?? written.keySpan, "With the exercised options the term runs past 9999-12-31, the last date Dealspec computes (dates have four-digit years)."));
    return undefined;
  }
  // Extensions are bounded like the term itself, so that a schedule (and an exit curve) stays small.
  if (timeline.last !== written.last && addMonths(written.start, MAX_TERM_YEARS * 12) <= timeline.last) {
    const o = model.options.find((_, i) => exercised[i]) ?? model.options[0]!;
    diagnostics.push(diagnostic("DS311", o.idSpan, `With the exercised options the term runs to ${formatDay(timeline.last)}, longer than ${MAX_TERM_YEARS} years, the most Dealspec schedules.`));
    return undefined;
  }
  let last = timeline.last;
  const exitClause = opts.exit ? model.termination[opts.exit.clause] : undefined;
  if (opts.exit && exitClause) last = Math.min(addDuration(opts.exit.on, exitClause.notice) - 1, last);
  const term: TermModel = last === written.last ? written : { ...written, last, days: last - written.start + 1 };

  const feeModels: FeeModel[] = [];
  const dropped: boolean[] = [];
  for (const fee of model.fees) {
    // A fee whose window ended on the last day runs on through each exercised extension (they follow one another).
    let until = fee.every !== "once" && fee.until === written.last ? timeline.last : fee.until;
    const gone = exitClause !== undefined && fee.from > last;
    if (!gone && until > last) until = last;
    // With a memo, the same copy of a fee with another `until` in every evaluation that moves it there.
    feeModels.push(until === fee.until ? fee : memo ? memo.withUntil(fee, until) : { ...fee, until });
    dropped.push(gone);
  }
  if (exitClause?.hasFee) {
    feeModels.push(terminationFee(exitClause, model.fees.length, last));
    dropped.push(false);
  }

  /** Without `keep`, the charges are not gathered (a memo keeps them, or they are dropped once summed). */
  const schedule: Charge[] = [];
  const budget = { left: MAX_CHARGES };
  const ctx: ScheduleContext = {
    minor,
    reprices: { afters, factors },
    power: capacityTimeline(model.capacity, written.start, "megawatts"),
    gpus: capacityTimeline(model.capacity, written.start, "gpus"),
    powers: memo?.powers ?? new Map<string, Growth>(),
    ...(memo ? { ladders: memo.ladders } : {}),
  };
  // Each fee's charges, then their sums (evaluate/sums.ts); a memo keeps both for fees scheduled before.
  const sumContext: SumContext = memo ? memo.sumContext(minor) : { minor, monthOf: monthIndexer() };
  /** Without a memo, what the fees pay in each month is summed here as they are scheduled. */
  const monthUnits = new Map<number, bigint>();
  const ranges: [number, number][] = [];
  const sums: (FeeSums | undefined)[] = [];
  /** With a memo: the same sums, each with its own months, for the memo's ledger. */
  const kept: KeptSums[] = [];
  for (let i = 0; i < feeModels.length; i++) {
    const from = schedule.length;
    if (dropped[i]) {
      ranges.push([from, from]);
      sums.push(undefined);
      continue;
    }
    let feeSums: FeeSums | undefined;
    if (memo) {
      const k = memo.schedule(feeModels[i]!, i, ctx, keep ? schedule : undefined, budget, sumContext);
      if (k) kept.push(k);
      feeSums = k;
    } else if (scheduleFee(feeModels[i]!, i, ctx, schedule, budget)) {
      feeSums = sumCharges(schedule, from, schedule.length, sumContext, { months: monthUnits });
      if (!keep) schedule.length = from;
    }
    if (!feeSums) {
      diagnostics.push(
        diagnostic("DS311", feeModels[i]!.idSpan, `This deal schedules more than ${MAX_CHARGES.toLocaleString("en-US")} charges, more than Dealspec computes; split it into several deals.`),
      );
      return undefined;
    }
    if (feeSums.beyond) {
      diagnostics.push(diagnostic("DS331", feeModels[i]!.amountSpan, chargeBeyondMessage(feeModels[i]!, feeSums.beyond, currency)));
      return undefined;
    }
    ranges.push([from, schedule.length]);
    sums.push(feeSums);
  }

  const months = () =>
    memo ? memo.months(opts.ledger ?? `${exercised.join(",")}|${opts.exit ? `${opts.exit.clause}@${opts.exit.on}` : ""}`, minor, kept) : monthsAndYears(monthUnits, minor);
  return { currency, minor, exercised, timeline, term, feeModels, dropped, ctx, schedule, ranges, sums, months };
}

/** The deal's total as `opts` asks it, computed from the fees' sums alone (an option's value); undefined when it cannot be computed. */
export function totalOf(model: DealModel, opts: EvaluateOptions, memo?: ChargeMemo): Decimal | undefined {
  const scheduled = scheduleDeal(model, opts, [], memo, false);
  if (!scheduled) return undefined;
  let units = 0n;
  for (const s of scheduled.sums) units += s?.units ?? 0n;
  return fromMinorUnits(units, scheduled.minor);
}
