/** The hovers of `capacity` and of a capacity step: what is in force from each day, and the fees it drives. */
import type { Analysis } from "../analyze";
import { formatDay } from "../dates";
import { capacityTimeline, valueOn, type Timeline } from "../evaluate/timeline";
import type { Decimal } from "../money";
import type { StepModel } from "../model/types";
import { isGpuUnit } from "../values";
import { formatCount, plural } from "./common";
import { unitEconomicsLines } from "./explain";
import { unitChargeComputation, type UnitExplain } from "./explainFee";
import { caveat, exactOf, MAX_TABLE_ROWS, md, moneyOf, noFigures, provenanceLines } from "./markdown";
import { feeQuantityTimeline, gpuText, powerText, stepDrives } from "./units";

/** The hover of `capacity`: the unit economics. */
export function explainCapacity(a: Analysis): string {
  const c = a.model?.capacity;
  const out = ["### Capacity", ""];
  if (c?.powerText) {
    const mw = c.megawatts ? `${c.megawatts.toString()} MW` : undefined;
    out.push(`Power: ${md(c.powerText)}${mw && mw !== c.powerText.replace(/\s+/g, " ") ? ` (${mw})` : ""}`);
  }
  if (c?.gpus) out.push(`GPUs: ${formatCount(c.gpus)}${c.gpuModel ? ` (${md(c.gpuModel)})` : ""}`);
  if (c?.site) out.push(`Site: ${md(c.site)}`);
  out.push("");
  const m = a.model;
  if (c && m?.term && c.steps.length > 0) {
    const power = capacityTimeline(c, m.term.start, "megawatts");
    const gpus = capacityTimeline(c, m.term.start, "gpus");
    out.push("Steps (each changes what it sets from its `from` day on):", "");
    for (const step of c.steps.slice(0, MAX_TABLE_ROWS)) out.push(`- step ${step.index + 1}, ${formatDay(step.from)}: ${stepSets(step)}; in force: ${inForce(power, gpus, step.from)}`);
    if (c.steps.length > MAX_TABLE_ROWS) out.push(`- … and ${plural(c.steps.length - MAX_TABLE_ROWS, "more step")}`);
    out.push("");
  }
  const priced = m?.fees.filter((fee) => fee.price && fee.price.quantity === undefined) ?? [];
  if (priced.length > 0) out.push(`Fees priced on this capacity: ${priced.map((fee) => `\`${fee.id}\` (per ${fee.price!.unit})`).join(", ")}.`, "");
  const lines = unitEconomicsLines(a);
  if (lines.length > 0) out.push(...caveat(a), "Unit economics:", "", ...lines, "");
  if (c) out.push(provenanceLines(c).join(" · "));
  return out.join("\n");
}

/** What a step sets: `power 30 MW, GPUs 6,144`. */
function stepSets(step: StepModel): string {
  const parts: string[] = [];
  if (step.megawatts !== undefined) parts.push(`power ${powerText(step.megawatts)}`);
  if (step.gpus !== undefined) parts.push(`GPUs ${formatCount(step.gpus)}`);
  return parts.join(", ");
}

/** The capacity in force on a day: `30 MW · 6,144 GPUs` (only the kinds the deal gives). */
export function inForce(power: Timeline | undefined, gpus: Timeline | undefined, day: number): string {
  const parts: string[] = [];
  if (power) parts.push(powerText(valueOn(power, day)));
  if (gpus) parts.push(gpuText(valueOn(gpus, day)));
  return parts.join(" · ");
}

/** The hover of a capacity step: what changes from its day, and the fees it drives with the charges it changes. */
export function explainStep(a: Analysis, step: StepModel): string {
  const m = a.model!;
  const f = a.figures;
  const c = m.capacity!;
  const title = `### Capacity step ${step.index + 1} · from ${formatDay(step.from)}`;
  const out = [title, ""];
  if (!m.term) return [...out, `Sets ${stepSets(step)} from ${formatDay(step.from)} on.`, "", provenanceLines(step).join(" · ")].join("\n");
  out.push(...caveat(a));
  const power = capacityTimeline(c, m.term.start, "megawatts");
  const gpus = capacityTimeline(c, m.term.start, "gpus");
  const before = step.from - 1;
  const change = (label: string, t: Timeline | undefined, value: Decimal | undefined, text: (v: Decimal) => string): string | undefined => {
    if (!t) return undefined;
    const old = step.from > m.term!.start ? valueOn(t, before) : undefined;
    const was = old === undefined || old.isZero() ? "none" : text(old);
    if (value === undefined) return `${label} stays ${was}`;
    return `${label} ${was} → **${text(value)}**`;
  };
  const changes = [change("power", power, step.megawatts, powerText), change("GPUs", gpus, step.gpus, (v) => formatCount(v))].filter((x): x is string => x !== undefined);
  out.push(`From ${formatDay(step.from)} on: ${changes.join(", ")}.`);
  const next = c.steps.find((s) => s.from > step.from);
  const end = f?.term.last ?? m.term.last;
  out.push(next ? `In force until ${formatDay(next.from - 1)}: step ${next.index + 1} follows on ${formatDay(next.from)}.` : `In force to the term's last day (${formatDay(end)}).`, "");
  const driven = m.fees.filter((fee) => stepDrives(step, fee));
  if (!f) {
    out.push(noFigures(a), "", provenanceLines(step).join(" · "));
    return out.join("\n");
  }
  const money = moneyOf(f);
  const exact = exactOf(f);
  const lines: string[] = [];
  for (const fee of driven) {
    const index = m.fees.indexOf(fee);
    const evaluated = f.feeModels[index] ?? fee;
    const price = fee.price!;
    const head = `- \`${fee.id}\` (${exact(fee.amount)} per ${price.unit})`;
    if (evaluated.until < step.from) {
      lines.push(`${head}: ended on ${formatDay(evaluated.until)}, before this step`);
      continue;
    }
    const { from, to } = f.fees[index]!.charges;
    const charges = f.schedule.slice(from, to);
    const timeline = feeQuantityTimeline(fee, c, m.term);
    const u: UnitExplain = { fee, unit: price.unit, money, exact, ...(timeline ? { timeline } : {}) };
    const holding = charges.find((ch) => ch.start <= step.from && step.from <= ch.coverEnd);
    if (!holding) {
      const first = charges[0];
      lines.push(first ? `${head}: starts on ${formatDay(evaluated.from)} at the quantity this step sets; first charge ${money(first.amount)}` : `${head}: no charge`);
      continue;
    }
    const shown = unitChargeComputation(u, holding);
    const where = holding.start === step.from ? `period ${holding.period + 1} (${formatDay(holding.start)} to ${formatDay(holding.coverEnd)}) starts at it` : `period ${holding.period + 1} (${formatDay(holding.start)} to ${formatDay(holding.coverEnd)}) holds it`;
    let line = `${head}: ${where}: ${shown.expr} = ${shown.charge}${shown.note ? ` (${shown.note})` : ""}`;
    const after = charges.find((ch) => ch.start > step.from && ch.coveredDays === ch.fullDays && (!next || ch.coverEnd < next.from));
    if (after && holding.start !== step.from) line += `; period ${after.period + 1}, the first whole one after it: ${money(after.amount)}`;
    lines.push(line);
  }
  if (lines.length > 0) out.push("Fees it drives (priced per unit on the capacity in force):", "", ...lines, "");
  else out.push("No fee is priced on the capacity this step sets.", "");
  const own = m.fees.filter((fee) => fee.price?.quantity !== undefined && (isGpuUnit(fee.price.unit) ? step.gpus !== undefined : step.megawatts !== undefined));
  if (own.length > 0) out.push(`Not driven: ${own.map((fee) => `\`${fee.id}\``).join(", ")} (${own.length === 1 ? "its" : "their"} own \`quantity\`).`, "");
  out.push(provenanceLines(step).join(" · "));
  return out.join("\n");
}
