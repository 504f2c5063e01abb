/**
 * Inlay hints: the computed figures written beside the terms they come from.
 * Labels are compact (`formatCompact`); each tooltip gives the exact figure.
 * When fees could not be read, the deal id says so (`incomplete: ...`, `no
 * figures: fix the errors`), each such fee is marked as excluded, and the
 * figures that sum over fees are marked `(partial)`, or not shown at all when
 * no fee was evaluated.
 */
import type { Analysis } from "../analyze";
import type { Span } from "../diagnostics";
import { formatCompact, formatMoney } from "../money";
import { nodeSpan } from "../syntax";
import { isRecord, periodsShort, plural, spanContains, termLength, termLengthWords, valueAt } from "./common";
import { figuresStatus, type FiguresStatus } from "./display";
import { scenarioHints } from "./scenarios";

export const HINT_GROUPS = ["fees", "term", "termination", "expectations", "capacity", "scenarios"] as const;
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
      push(span[1], () => ({
        label: `${plural(t.days, "day")} · ${months}`,
        tooltip: `Term ${termLengthWords(length)}: ${plural(t.days, "day")}, both ends included.`,
        group: "term",
      }));
    }
  }

  if (on("fees")) {
    m.fees.forEach((fee, i) => {
      const ff = f.fees[i]!;
      push(fee.amountSpan.end, () => ({
        label: `= ${compact(ff.total)} · ${periodsShort(fee.every, ff.periods)}`,
        tooltip: `Fee \`${fee.id}\`: total ${exact(ff.total)} over ${plural(ff.periods, "payment")}. Hover the fee for the computation.`,
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
