/**
 * Inlay hints: the computed figures written beside the terms they come from
 * (a fee's total after its `amount` or `price`, the capacity in force after a
 * step's `from`, an option's deadline and value after its `id`, a scenario's
 * difference from the base after its `id`). Labels are compact
 * (`formatCompact`); each tooltip gives the exact figure. When fees could not
 * be read, the deal id says so (`incomplete: ...`, `no figures: fix the
 * errors`), each such fee is marked as excluded, and the figures that sum over
 * fees are marked `(partial)`, or not shown at all when no fee was evaluated.
 * In a portfolio file (`portfolioInlayHints`): the total after the id, the
 * deals each include brought in, each expectation's result, and each
 * scenario's difference from the base.
 */
import type { Analysis } from "../analyze";
import { formatDay } from "../dates";
import type { Span } from "../diagnostics";
import { capacityTimeline, valueOn } from "../evaluate/timeline";
import { Decimal, formatCompact, formatMoney, formatMoneyExact } from "../money";
import type { ConvertedDeal } from "../portfolio/figures";
import { scenarioDelta } from "../portfolio/scenarios";
import type { DealStatus, PortfolioAnalysis, PortfolioDeal } from "../portfolio/types";
import { isRecord, nodeSpan, valueAt } from "../syntax";
import { formatCount, periodsShort, plural, spanContains, termLength, termLengthWords } from "./common";
import { figuresStatus, portfolioFiguresStatus, type FiguresStatus } from "./display";
import { lastWithOption } from "./explain";
import { inForce } from "./explainCapacity";
import { convertedByLocation, dealName, dealsOfInclude, explainInclude, formatComputed, signedCompact, signedMoney } from "./explainPortfolio";
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

export type PortfolioHintGroup = "includes" | "total" | "expectations" | "scenarios";

export interface PortfolioHint {
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
  readonly group: PortfolioHintGroup;
}

/** Why a deal is left out, in a hint's few words. */
const STATUS_SHORT: Readonly<Record<Exclude<DealStatus, "counted">, string>> = {
  errors: "errors",
  duplicate: "duplicate id",
  "no-rate": "no fx rate",
  "no-currency": "no currency",
};

/** Deals an include hint names one by one; more are summarised as a count and a sum. */
const HINT_DEALS = 3;

function includeHint(pa: PortfolioAnalysis, index: number, converted: Map<string, ConvertedDeal>): { label: string; tooltip: string } | undefined {
  const deals = dealsOfInclude(pa, index);
  if (deals.length === 0) return undefined;
  const f = pa.figures;
  const compact = (v: Decimal) => (f ? formatCompact(v, f.currency) : v.toFixed());
  const one = (d: PortfolioDeal) => {
    const c = converted.get(d.location);
    return c ? `${c.id} ${compact(c.total)}` : `${dealName(d)} ✗ ${STATUS_SHORT[d.status as Exclude<DealStatus, "counted">] ?? d.status}`;
  };
  const counted = deals.map((d) => converted.get(d.location)).filter((c): c is ConvertedDeal => c !== undefined);
  const excluded = deals.length - counted.length;
  let label: string;
  if (deals.length <= HINT_DEALS) label = `→ ${deals.map(one).join(" · ")}`;
  else {
    const sum = counted.reduce((s, c) => s.plus(c.total), new Decimal(0));
    label = `→ ${plural(counted.length, "deal")} ${compact(sum)}${excluded > 0 ? ` · ${excluded} left out` : ""}`;
  }
  const tooltip = explainInclude(pa, index) ?? "";
  return { label, tooltip };
}

export interface PortfolioHintOptions {
  readonly range?: Span;
  readonly off?: ReadonlySet<PortfolioHintGroup>;
}

export function portfolioInlayHints(pa: PortfolioAnalysis, options: PortfolioHintOptions = {}): PortfolioHint[] {
  const out: PortfolioHint[] = [];
  const on = (g: PortfolioHintGroup) => !options.off?.has(g);
  const inRange = (offset: number) => !options.range || spanContains(options.range, offset);
  const f = pa.figures;
  const m = pa.model;
  const status = portfolioFiguresStatus(pa);
  if (on("total") && m?.idSpan && inRange(m.idSpan.end) && status.kind === "none") {
    out.push({ offset: m.idSpan.end, label: status.label!, tooltip: status.detail!, group: "total" });
  } else if (on("total") && f && m?.idSpan && inRange(m.idSpan.end)) {
    out.push({
      offset: m.idSpan.end,
      label: `total ${formatCompact(f.total, f.currency)}${status.kind === "partial" ? " (partial)" : ""}`,
      tooltip: `${status.kind === "partial" ? `${status.label!}. ${status.detail!}\n\n` : ""}Portfolio total ${formatMoney(f.total, f.currency)} over ${plural(f.deals.length, "counted deal")}. Hover the id for the years, providers and firm commitment.`,
      group: "total",
    });
  }
  if (on("includes")) {
    const converted = convertedByLocation(f);
    for (const inc of pa.includes) {
      if (!inRange(inc.span.end)) continue;
      const h = includeHint(pa, inc.index, converted);
      if (h) out.push({ offset: inc.span.end, ...h, group: "includes" });
    }
  }
  if (on("expectations") && f) {
    for (const c of pa.expectations) {
      const at = c.expectation.valueSpan.end;
      if (!inRange(at)) continue;
      const computed = formatComputed(c, f);
      out.push({
        offset: at,
        label: c.holds ? "✓" : `✗ computed ${c.expectation.kind === "amount" ? formatCompact(c.computed, f.currency) : computed}`,
        tooltip: c.holds ? `Holds: computed ${computed}.` : `Does not hold: computed ${computed}.`,
        group: "expectations",
      });
    }
  }
  if (on("scenarios") && f) {
    for (const sc of pa.scenarios) {
      if (!inRange(sc.idSpan.end) || !sc.figures) continue;
      const d = scenarioDelta(f, sc);
      out.push({
        offset: sc.idSpan.end,
        label: d ? `${signedCompact(d.total, f.currency)} vs base` : `partial ${formatCompact(sc.figures.total, f.currency)}`,
        tooltip: d
          ? `Portfolio total ${formatMoney(sc.figures.total, f.currency)} in this scenario, ${signedMoney(d.total, f.currency)} against the base ${formatMoney(f.total, f.currency)}. Hover the id for each year.`
          : `Partial: ${sc.picks.filter((p) => p.status !== "applied").map((p) => `${p.deal} ${p.reason ?? p.status}`).join("; ")}. The figures leave those deals out; no difference from the base.`,
        group: "scenarios",
      });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
