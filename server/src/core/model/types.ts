/**
 * The deal model: what lowering reads from a deal file, exactly, and what
 * evaluation computes from. Every part keeps the ranges it came from, so any
 * figure or problem can point back at the file.
 */
import type { Day } from "../dates";
import type { Span } from "../diagnostics";
import type { Decimal } from "../money";
import type { BASES } from "../schema";
import type { DurationValue, PriceUnit } from "../values";

/** Most years a term may span, so that a schedule stays small. */
export const MAX_TERM_YEARS = 100;

export type Basis = (typeof BASES)[number];
export type Interval = "month" | "quarter" | "year" | "once";

export const INTERVAL_MONTHS: Readonly<Record<Interval, number>> = { month: 1, quarter: 3, year: 12, once: 0 };

export interface Provenance {
  readonly basis: Basis;
  readonly source?: string;
  readonly note?: string;
}

export interface TermModel extends Provenance {
  readonly start: Day;
  /** The last day, inclusive. */
  readonly last: Day;
  readonly days: number;
  readonly months?: number;
  readonly keySpan: Span;
  readonly span: Span;
}

/** A unit price: `amount` is the price of one unit; the quantity is the fee's own or the capacity in force. */
export interface PriceModel {
  readonly unit: PriceUnit;
  /** The fee's `quantity`, in the price's unit (MW, kW or GPUs). */
  readonly quantity?: Decimal;
  readonly quantityText?: string;
  readonly quantitySpan?: Span;
}

export interface FeeModel extends Provenance {
  /** Position in the file's `fees` list. */
  readonly index: number;
  readonly id: string;
  readonly label?: string;
  readonly idSpan: Span;
  readonly itemSpan: Span;
  /** Money per period (or once); for a unit-priced fee, the price of one unit. */
  readonly amount: Decimal;
  /** The range of `amount`, or of `price`. */
  readonly amountSpan: Span;
  /** Present when the fee is priced per unit (`price:`) rather than by `amount`. */
  readonly price?: PriceModel;
  readonly every: Interval;
  readonly from: Day;
  readonly until: Day;
  readonly fromExplicit: boolean;
  readonly untilExplicit: boolean;
  readonly escalate?: { readonly rate: Decimal; readonly months: number; readonly every: Exclude<Interval, "once"> };
  readonly credit: boolean;
  readonly paid: "in_advance" | "in_arrears";
}

export interface ClauseModel extends Provenance {
  readonly index: number;
  readonly roles: readonly string[];
  readonly byText: string;
  readonly notice: DurationValue;
  readonly noticeSpan: Span;
  readonly fee: Decimal;
  /** True when the clause writes a `fee` (a scenario's exit then charges it). */
  readonly hasFee: boolean;
  readonly noticeDay: Day;
  readonly notBeforeExplicit: boolean;
  /** The notice window `[noticeDay, windowEnd)`, before it is cut at the term's end. */
  readonly windowEnd: Day;
  readonly itemSpan: Span;
  readonly keySpan: Span;
}

export type ExpectedFigure = "total" | "run_rate" | "peak_month" | "exit_exposure" | "year";

export type Tolerance = { readonly kind: "percent"; readonly rate: Decimal } | { readonly kind: "money"; readonly amount: Decimal };

export interface ExpectationModel {
  readonly figure: ExpectedFigure;
  /** For `year`: the calendar year. For `exit_exposure`: the clause's index. */
  readonly index?: number;
  readonly expected: Decimal;
  readonly tolerance?: Tolerance;
  /** The expected amount's own range (what a fix replaces). */
  readonly valueSpan: Span;
  /** The whole expectation entry, key included, for messages. */
  readonly keySpan: Span;
  readonly label: string;
}

export interface StepModel extends Provenance {
  readonly index: number;
  readonly from: Day;
  readonly megawatts?: Decimal;
  readonly gpus?: Decimal;
  readonly span: Span;
  readonly fromSpan: Span;
}

export interface OptionModel extends Provenance {
  readonly index: number;
  readonly id: string;
  readonly label?: string;
  readonly idSpan: Span;
  readonly itemSpan: Span;
  readonly extend: DurationValue;
  readonly notice: DurationValue;
  readonly noticeSpan: Span;
  readonly roles: readonly string[];
  readonly byText: string;
  readonly exercised: boolean;
  /** The signed change of every charge after the option's L (0 when none). */
  readonly reprice: Decimal;
}

export interface CapacityModel extends Provenance {
  readonly megawatts?: Decimal;
  readonly powerText?: string;
  readonly gpus?: Decimal;
  readonly gpuModel?: string;
  readonly site?: string;
  readonly keySpan: Span;
  readonly powerSpan?: Span;
  readonly gpusSpan?: Span;
  /** Readable steps, in date order. */
  readonly steps: readonly StepModel[];
}

export interface DealModel {
  readonly id?: string;
  readonly idSpan?: Span;
  readonly title?: string;
  readonly currency?: string;
  readonly minor: number;
  readonly parties: Readonly<Record<string, string>>;
  readonly term?: TermModel;
  readonly capacity?: CapacityModel;
  /** The fees that could be read in full, in file order. */
  readonly fees: readonly FeeModel[];
  readonly commitment?: { readonly minimum: Decimal; readonly span: Span; readonly keySpan: Span };
  readonly termination: readonly ClauseModel[];
  /** The options to extend that could be read in full, in file order. */
  readonly options: readonly OptionModel[];
  readonly discountRate?: { readonly rate: Decimal; readonly span: Span };
  readonly expectations: readonly ExpectationModel[];
  readonly notes?: string;
  /** False when a fee or clause could not be read: figures then leave it out. */
  readonly complete: boolean;
  /** The fees that could not be evaluated, in file order: their ids (`#N` for an item without a readable id). */
  readonly excluded: readonly string[];
  /** True when the `fees` list itself could be read (false: no fee at all is evaluated). */
  readonly feesRead: boolean;
}

/** A model type while it is built property by property. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
