/**
 * The key dates in the editor: the CodeLens on each option's exercise
 * deadline and the entries of the "Key Dates" view (the `dealspec/keyDates`
 * request). The dates are `keyDates` (core/keyDates.ts); what is added here
 * is only their distance from a given day, written out, so that the client
 * formats nothing. Pure: `today` is always an argument (the client supplies it).
 */
import type { Analysis } from "../analyze";
import { formatDay, type Day } from "../dates";
import type { Span } from "../diagnostics";
import { keyDates, type KeyDate, type KeyDateKind } from "../keyDates";
import type { Lens } from "./codeLens";

/** `702 days left`, `1 day left`, `today`, `passed 3 days ago`: how far a day is from `today`. */
export function daysLeftText(date: Day, today: Day): string {
  const n = date - today;
  if (n === 0) return "today";
  if (n > 0) return `${n.toLocaleString("en-US")} ${n === 1 ? "day" : "days"} left`;
  return `passed ${(-n).toLocaleString("en-US")} ${n === -1 ? "day" : "days"} ago`;
}

/**
 * A lens on the deadline (the `notice` line) of each option, with the days
 * left relative to `today`: `exercise by 2028-11-01 · 702 days left`; on an
 * exercised option, `exercised (deadline 2028-11-01)`. Without a today
 * (the client gave none), the date alone.
 */
export function keyDateLenses(a: Analysis, today: Day | undefined): Lens[] {
  return keyDates(a)
    .filter((d) => d.kind === "option-deadline")
    .map((d) => ({
      span: d.span,
      kind: "figure" as const,
      title: d.exercised ? `exercised (deadline ${formatDay(d.date)})` : today === undefined ? `exercise by ${formatDay(d.date)}` : `exercise by ${formatDay(d.date)} · ${daysLeftText(d.date, today)}`,
      tooltip: d.summary,
    }));
}

/** One key date as the editor shows it: the date's fields and its distance from today, every string written. */
export interface KeyDateEntry {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly kind: KeyDateKind;
  readonly deal: string;
  readonly key: string;
  readonly summary: string;
  readonly detail: string;
  /** A date by which someone must act (an unexercised option's deadline). */
  readonly deadline: boolean;
  readonly exercised?: boolean;
  /** Days from today to the date (negative: passed); absent when no today was given. */
  readonly daysLeft?: number;
  /** Before today. */
  readonly passed: boolean;
  /** The line a list shows after the summary: `2028-11-01 · 702 days left`, or the date alone without a today. */
  readonly description: string;
  readonly span: Span;
}

export function keyDateEntries(dates: readonly KeyDate[], today: Day | undefined): KeyDateEntry[] {
  return dates.map((d) => ({
    date: formatDay(d.date),
    kind: d.kind,
    deal: d.deal,
    key: d.key,
    summary: d.summary,
    detail: d.detail,
    deadline: d.deadline,
    ...(d.exercised === undefined ? {} : { exercised: d.exercised }),
    ...(today === undefined ? {} : { daysLeft: d.date - today }),
    passed: today !== undefined && d.date < today,
    description: today === undefined ? formatDay(d.date) : `${formatDay(d.date)} · ${daysLeftText(d.date, today)}`,
    span: d.span,
  }));
}
