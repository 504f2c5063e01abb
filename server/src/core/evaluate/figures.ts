/** What an evaluation computes: the schedule of charges and every figure derived from it. */
import type { Day } from "../dates";
import type { Diagnostic } from "../diagnostics";
import type { OptionStep } from "../extension";
import type { Decimal } from "../money";
import type { Basis, FeeModel, TermModel } from "../model/types";

/** One period's charge of one fee. */
export interface Charge {
  /** Index into `DealModel.fees`. */
  readonly fee: number;
  /** 0-based period number, anchored on the fee's `from`. */
  readonly period: number;
  readonly start: Day;
  /** Last day of the full period. */
  readonly end: Day;
  /** Last day the charge covers: the period's end, or `until` when that cuts it short. */
  readonly coverEnd: Day;
  readonly fullDays: number;
  readonly coveredDays: number;
  /** Escalation steps applied (n in amount x (1 + rate)^n). */
  readonly escalations: number;
  /**
   * amount x (1 + rate)^n x reprice, before proration and rounding; for a
   * unit-priced fee, the price of one unit so escalated and repriced.
   */
  readonly escalated: Decimal;
  /** The product of the reprices of the exercised options before this period (absent when 1). */
  readonly reprice?: Decimal;
  /** A unit-priced fee's quantity summed over the days covered (unit-days: MW, kW or GPU days). */
  readonly units?: Decimal;
  /** The rounded, signed charge. */
  readonly amount: Decimal;
  /** The same charge as a whole count of minor units (amount x 10^minor): what the sums, exits and NPV add up. */
  readonly minorUnits: bigint;
  readonly paid: Day;
}

export interface FeeFigures {
  /** True when a scenario's exit dropped the fee (it starts after the deal's new last day). */
  readonly dropped?: boolean;
  readonly total: Decimal;
  readonly periods: number;
  readonly first?: Day;
  readonly last?: Day;
  /** Where this fee's charges sit in the schedule: `schedule[from..to)` (a fee's charges follow one another). */
  readonly charges: { readonly from: number; readonly to: number };
}

export interface RunRatePart {
  readonly fee: number;
  readonly escalated: Decimal;
  readonly periodMonths: number;
  /** A unit-priced fee's quantity on the last day, in its price's unit. */
  readonly quantity?: Decimal;
  /** escalated x 12 / months, signed, unrounded. */
  readonly yearly: Decimal;
}

export interface ExposurePart {
  readonly charge: number;
  readonly daysInside: number;
  /** The charge's signed amount x days inside / days it covers, unrounded. */
  readonly counted: Decimal;
}

export interface ExitFigures {
  readonly clause: number;
  readonly noticeDay: Day;
  /** Exclusive end of the window, cut at the day after the term's end. */
  readonly windowEnd: Day;
  readonly cutAtTermEnd: boolean;
  readonly fee: Decimal;
  readonly parts: readonly ExposurePart[];
  readonly exposure: Decimal;
}

/** One point of a clause's exit curve: the exposure for notice given on `on`. */
export interface CurvePoint {
  readonly on: Day;
  readonly exposure: Decimal;
}

export interface OptionFigures {
  readonly step: OptionStep;
  readonly exercised: boolean;
  /** Total with the option exercised minus total without it; undefined when a side cannot be computed. */
  readonly value?: Decimal;
}

/** How an evaluation departs from the deal as written: what a scenario or an option's value asks. */
export interface EvaluateOptions {
  /** Which options are exercised, by position in `DealModel.options` (default: as the file says). */
  readonly exercised?: readonly boolean[];
  /** Notice given under a clause (its position in `DealModel.termination`) on a day: the deal ends with its window. */
  readonly exit?: { readonly on: Day; readonly clause: number };
  /** Compute each option's value (default true; the evaluations that compute them do not). */
  readonly optionValues?: boolean;
  /** The schedule and its sums only: no exit exposures or curves (the scenarios of a sensitivity table). */
  readonly totalsOnly?: boolean;
  /**
   * With a memo: what it keeps this evaluation's month sums under (a
   * scenario's id), for the next evaluation under the same name to update by
   * difference. Default: the options exercised and the exit.
   */
  readonly ledger?: string;
}

export interface Figures {
  readonly currency: string;
  readonly minor: number;
  /** The term in force: extended by exercised options, cut by a scenario's exit. */
  readonly term: TermModel;
  readonly schedule: readonly Charge[];
  /**
   * The fees as evaluated: `DealModel.fees` in order (each one's `until`
   * moved by exercised options or an exit), then a scenario exit's
   * `termination-fee`. Aligned with `fees`.
   */
  readonly feeModels: readonly FeeModel[];
  /** Aligned with `feeModels` (and so, for its first entries, with `DealModel.fees`). */
  readonly fees: readonly FeeFigures[];
  readonly total: Decimal;
  /** Calendar year to the sum paid in it, ascending; years without payments absent. */
  readonly years: ReadonlyMap<number, Decimal>;
  /** Month index (year x 12 + month - 1) to the sum paid in it, ascending. */
  readonly months: ReadonlyMap<number, Decimal>;
  readonly peakMonth?: { readonly month: number; readonly amount: Decimal };
  readonly runRate: { readonly amount: Decimal; readonly parts: readonly RunRatePart[] };
  /** Aligned with `DealModel.termination` (empty after a scenario's exit). */
  readonly exits: readonly ExitFigures[];
  /** Aligned with `exits`: each clause's exposure for notice on `not_before` and on the first of every later month. */
  readonly exitCurves: readonly (readonly CurvePoint[])[];
  /** Aligned with `DealModel.options`. */
  readonly options: readonly OptionFigures[];
  readonly perGpuHour?: { readonly amount: Decimal; readonly gpuHours: Decimal };
  readonly perMwMonth?: { readonly amount: Decimal; readonly megawatts: Decimal };
  readonly npv?: { readonly amount: Decimal; readonly rate: Decimal };
  readonly byBasis: ReadonlyArray<readonly [Basis, Decimal]>;
  readonly shortfall?: Decimal;
}

export type Evaluation = { readonly figures?: Figures; readonly diagnostics: readonly Diagnostic[] };
