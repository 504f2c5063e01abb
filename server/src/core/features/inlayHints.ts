/**
 * Inlay hints: the computed figures written beside the terms they come from
 * (a fee's total after its `amount` or `price`, the capacity in force after a
 * step's `from`, an option's deadline and value after its `id`, a scenario's
 * difference from the base after its `id`). Labels are compact
 * (`formatCompact`); each tooltip gives the exact figure. When fees could not
 * be read, the deal id says so (`incomplete: ...`, `no figures: fix the
 * errors`), each such fee is marked as excluded, and the figures that sum over
 * fees are marked `(partial)`, or not shown at all when no fee was evaluated.
 */
import type { Analysis } from "../analyze";
import { formatDay } from "../dates";
import type { Span } from "../diagnostics";
import { capacityTimeline, valueOn } from "../evaluate/timeline";
import { formatCompact, formatMoney, formatMoneyExact } from "../money";
import { isRecord, nodeSpan, valueAt } from "../syntax";
import { formatCount, periodsShort, plural, spanContains, termLength, termLengthWords } from "./common";
import { figuresStatus, type FiguresStatus } from "./display";
import { inForce, lastWithOption } from "./explain";
import { scenarioHints } from "./scenarios";
import { powerText, stepDrives } from "./units";

export const HINT_GROUPS = ["fees", "term", "termination", "expectations", "capacity", "steps", "options", "scenarios"] as const;
export type HintGroup = (typeof HINT_GROUPS)[number];

export interface Hint {
  /** Where the hint is shown: just after the value it is about. */
  readonly offset: number;
  readonly label: string;
  /** Markdown: the exact figure and where it comes from. */
  readonly tooltip: string;
  readonly group: HintGroup;
}

export interface HintOptions {
  /** Only hints inside this range (default: the whole file). */
  readonly range?: Span;
  /** Groups turned off (default: none). */
  readonly off?: ReadonlySet<HintGroup>;
}

export function inlayHints(a: Analysis, options: HintOptions = {}): Hint[] {
  const m = a.model;
  const f = a.figures;
  if (!m) return [];
  const on = (g: HintGroup) => !options.off?.has(g);
  const inRange = (offset: number) => !options.range || spanContains(options.range, offset);
  const status = figuresStatus(a);
  const said = on("fees") ? statusHints(a, status).filter((h) => inRange(h.offset)) : [];
  if (!f) return said;
  const mark = status.kind === "partial" ? " (partial)" : "";
  const caveat = status.kind === "partial" ? `${status.detail!}\n\n` : "";
  const exact = (v: Parameters<typeof formatMoney>[0]) => formatMoney(v, f.currency);
  const compact = (v: Parameters<typeof formatCompact>[0]) => formatCompact(v, f.currency);
  const out: Hint[] = [...said];
  /** Builds the hint only when it is in range: a viewport of a large file formats a few labels, not all. */
  const push = (offset: number, make: () => Omit<Hint, "offset">) => {
    if (inRange(offset)) out.push({ offset, ...make() });
  };

  if (on("term")) {
    const t = m.term!;
    const end = a.syntax.locate(["term", t.months !== undefined ? "months" : "end"]);
    const span = end?.node?.range;
    if (span) {
      const length = termLength(t);
      const months = length.days === 0 ? `${length.months} mo` : length.months === 0 ? `${length.days} d` : `${length.months} mo ${length.days} d`;
      const extended = f.term.last !== t.last ? f.term : undefined;
      push(span[1], () => ({
        label: `${plural(t.days, "day")} · ${months}${extended ? ` (${plural(extended.days, "day")} with options)` : ""}`,
        tooltip: `Term ${termLengthWords(length)}: ${plural(t.days, "day")}, both ends included.${extended ? ` With the exercised options it runs to ${formatDay(extended.last)}: ${plural(extended.days, "day")}, and the figures count the extended term.` : ""}`,
        group: "term",
      }));
    }
  }

  if (on("fees")) {
    m.fees.forEach((fee, i) => {
      const ff = f.fees[i]!;
      push(fee.amountSpan.end, () => ({
        label: `= ${compact(ff.total)} · ${periodsShort(fee.every, ff.periods)}`,
        tooltip: fee.price
          ? `Fee \`${fee.id}\`: total ${exact(ff.total)} over ${plural(ff.periods, "payment")}, at ${formatMoneyExact(fee.amount, f.currency)} per ${fee.price.unit} × ${fee.price.quantity !== undefined ? "its `quantity`" : "the capacity in force each day"}. Hover the fee for each period's computation.`
          : `Fee \`${fee.id}\`: total ${exact(ff.total)} over ${plural(ff.periods, "payment")}. Hover the fee for the computation.`,
        group: "fees",
      }));
    });
  }

  if (status.kind === "none") return out.sort((x, y) => x.offset - y.offset);

  if (on("termination")) {
    f.exits.forEach((e) => {
      const clause = m.termination[e.clause]!;
      push(clause.noticeSpan.end, () => ({
        label: `exit ${compact(e.exposure)}${mark}`,
        tooltip: `${caveat}Exit exposure ${exact(e.exposure)}: owed if notice is given on the first allowed day. Hover the clause for each charge counted.`,
        group: "termination",
      }));
    });
  }

  if (on("expectations")) {
    for (const r of a.expectations) {
      push(r.expectation.valueSpan.end, () => ({
        label: r.holds ? "✓" : `✗ computed ${compact(r.computed)}`,
        tooltip: r.holds ? `Holds: computed ${exact(r.computed)}.` : `Does not hold: computed ${exact(r.computed)}, expected ${exact(r.expectation.expected)}.`,
        group: "expectations",
      }));
    }
  }

  const capacity = m.capacity;
  if (on("capacity") && capacity) {
    const { perGpuHour, perMwMonth } = f;
    if (perGpuHour && capacity.gpusSpan) {
      push(capacity.gpusSpan.end, () => ({
        label: `${compact(perGpuHour.amount)}/GPU-h${mark}`,
        tooltip: `${caveat}Cost per GPU-hour: ${exact(perGpuHour.amount)} (total / GPU-hours over the term).`,
        group: "capacity",
      }));
    }
    if (perMwMonth && capacity.powerSpan) {
      push(capacity.powerSpan.end, () => ({
        label: `${compact(perMwMonth.amount)}/MW-mo${mark}`,
        tooltip: `${caveat}Cost per MW-month: ${exact(perMwMonth.amount)} (peak month / megawatts).`,
        group: "capacity",
      }));
    }
  }
  const term = m.term;
  if (on("steps") && capacity && term && capacity.steps.length > 0) {
    const power = capacityTimeline(capacity, term.start, "megawatts");
    const gpus = capacityTimeline(capacity, term.start, "gpus");
    for (const step of capacity.steps) {
      push(step.fromSpan.end, () => {
        const changes: string[] = [];
        const was = (t: typeof power, text: (v: NonNullable<typeof step.gpus>) => string) => {
          const v = t && step.from > term.start ? valueOn(t, step.from - 1) : undefined;
          return v === undefined || v.isZero() ? "none" : text(v);
        };
        if (step.megawatts !== undefined) changes.push(`power ${was(power, powerText)} → ${powerText(step.megawatts)}`);
        if (step.gpus !== undefined) changes.push(`GPUs ${was(gpus, formatCount)} → ${formatCount(step.gpus)}`);
        const driven = m.fees.filter((fee) => stepDrives(step, fee)).map((fee) => `\`${fee.id}\``);
        return {
          label: `in force: ${inForce(power, gpus, step.from)}`,
          tooltip: `Step ${step.index + 1}, from ${formatDay(step.from)}: ${changes.join(", ")}.${driven.length > 0 ? ` Drives ${driven.join(", ")}.` : " No fee is priced on it."} Hover the step for the charges it changes.`,
          group: "steps",
        };
      });
    }
  }

  if (on("options")) {
    m.options.forEach((o, i) => {
      const of = f.options[i];
      if (!of) return;
      push(o.idSpan.end, () => {
        const after = lastWithOption(a, i);
        const value = of.value === undefined ? "" : ` · value ${compact(of.value)}`;
        return {
          label: `deadline ${formatDay(of.step.deadline)}${value}`,
          tooltip: `Option \`${o.id}\` (${of.exercised ? "exercised" : "not exercised"}): exercise by ${formatDay(of.step.deadline)}; last day ${formatDay(of.step.lastBefore)} without it, ${formatDay(after)} with it.${of.value === undefined ? "" : ` Value ${exact(of.value)} (total with it − total without it).`}`,
          group: "options",
        };
      });
    });
  }

  if (on("scenarios")) for (const h of scenarioHints(a, options.range)) out.push({ ...h, group: "scenarios" });
  return out.sort((x, y) => x.offset - y.offset);
}

/**
 * What the `fees` group says when fees could not be read: the status after
 * the deal id, and `✗ excluded` on each fee left out (after its id, or after
 * the first value of an item without one).
 */
function statusHints(a: Analysis, status: FiguresStatus): Hint[] {
  if (status.label === undefined) return [];
  const m = a.model!;
  const out: Hint[] = [];
  if (m.idSpan) out.push({ offset: m.idSpan.end, label: status.label, tooltip: status.detail!, group: "fees" });
  const raw = valueAt(a.syntax.root, ["fees"]);
  if (!Array.isArray(raw)) return out;
  const read = new Set(m.fees.map((fee) => fee.index));
  raw.forEach((item, i) => {
    if (read.has(i)) return;
    const first = isRecord(item) ? ("id" in item ? "id" : Object.keys(item)[0]) : undefined;
    const span = nodeSpan((first === undefined ? a.syntax.locate(["fees", i]) : a.syntax.locate(["fees", i, first]))?.node);
    if (!span) return;
    const id = valueAt(item, ["id"]);
    const name = typeof id === "string" && id !== "" ? `Fee \`${id}\`` : `Fee #${i + 1}`;
    out.push({
      offset: span.end,
      label: "✗ excluded",
      tooltip: `${name} is left out of the figures: it could not be read. Fix its errors (see Problems).`,
      group: "fees",
    });
  });
  return out;
}
