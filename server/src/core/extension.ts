/**
 * Dates moved by durations, and the timeline of a deal's options to extend:
 * each option's deadline and, when exercised, the last day it moves the term
 * to. Shared by lowering (deadline checks), evaluation and scenarios.
 */
import { addMonths, type Day } from "./dates";
import type { DurationValue } from "./values";

/** `d` moved by a duration: days add days, months (and years) add calendar months, the day clamped. */
export function addDuration(d: Day, duration: DurationValue, sign: 1 | -1 = 1): Day {
  return duration.unit === "days" ? d + sign * duration.count : addMonths(d, sign * duration.count);
}

export interface OptionTerms {
  readonly extend: DurationValue;
  readonly notice: DurationValue;
}

export interface OptionStep {
  /** The last day in force just before this option (L). */
  readonly lastBefore: Day;
  /** (L + 1 day) - notice. */
  readonly deadline: Day;
  /** The last day after it, when exercised (L'). */
  readonly lastAfter?: Day;
}

/**
 * Applies the options in file order from the term's last day: each exercised
 * one moves the last day L to (L + 1 day) + extend - 1 day.
 */
export function optionTimeline(last: Day, options: readonly OptionTerms[], exercised: readonly boolean[]): { readonly steps: readonly OptionStep[]; readonly last: Day } {
  const steps: OptionStep[] = [];
  let l = last;
  options.forEach((o, i) => {
    const deadline = addDuration(l + 1, o.notice, -1);
    if (exercised[i]) {
      const after = addDuration(l + 1, o.extend) - 1;
      steps.push({ lastBefore: l, deadline, lastAfter: after });
      l = after;
    } else {
      steps.push({ lastBefore: l, deadline });
    }
  });
  return { steps, last: l };
}
