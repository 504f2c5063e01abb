/**
 * Explanations of the computed figures, as Markdown: how each number was
 * reached from the charges of the schedule. Every amount is formatted by the
 * engine's one formatter (`formatMoney`); the sums shown are the engine's
 * own figures, and the breakdowns are sums over the same charges.
 */
import type { Analysis } from "../analyze";
import { computedFor } from "../analyze";
import { formatDay, formatMonthIndex, yearOf } from "../dates";
import type { Charge, Figures } from "../evaluate/figures";
import { capacityTimeline, valueOn, type Timeline } from "../evaluate/timeline";
import { optionTimeline } from "../extension";
import { Decimal, formatMoney, formatMoneyExact, formatPercent, ZERO } from "../money";
import { INTERVAL_MONTHS, type ClauseModel, type DealModel, type ExpectationModel, type FeeModel, type OptionModel, type Provenance, type StepModel, type TermModel } from "../model/types";
import { isGpuUnit, type PriceUnit } from "../values";
import { formatCount, periodsLong, plural, termLength, termLengthWords } from "./common";
import { figuresStatus } from "./display";
import { feeQuantityTimeline, formatQuantity, gpuText, powerText, quantityDayUnit, quantityText, runsOver, runsTotal, stepDrives } from "./units";

/** Longest tables a hover shows before it summarises the rest. */
export const MAX_TABLE_ROWS = 24;

type Money = (v: Decimal) => string;

/** Figures, rounded to the minor unit as the engine rounds them. */
function moneyOf(f: Figures): Money {
  return (v) => formatMoney(v, f.currency);
}

/** Amounts as written or before rounding (a fee's amount, an escalated amount), every decimal kept. */
function exactOf(f: Figures): Money {
  return (v) => formatMoneyExact(v, f.currency);
}

/** Escapes text from the deal file for Markdown. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, " ");
}

function provenanceLines(p: Provenance): string[] {
  const out = [`Basis: **${p.basis}**${p.basis === "contract" && p.source === undefined ? " (default)" : ""}`];
  if (p.source !== undefined) out.push(`Source: ${md(p.source)}`);
  if (p.note !== undefined) out.push(`Note: ${md(p.note)}`);
  return out;
}

/** Why a hover shows no figures: the deal's own reason (`No figures: the deal's \`term\` cannot be read (...)`). */
function noFigures(a: Analysis): string {
  return figuresStatus(a).detail ?? "No figures.";
}

function caveat(a: Analysis): string[] {
  const status = figuresStatus(a);
  if (status.kind === "partial") return [`**⚠ ${status.label}**: ${status.detail}`, ""];
  const errors = a.diagnostics.filter((d) => d.severity === "error").length;
  if (errors === 0 && a.model?.complete !== false) return [];
  return [`_This file has ${plural(errors, "error")}: the figures leave out what could not be read._`, ""];
}

function table(header: readonly string[], align: readonly ("l" | "r")[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(" | ")} |`, `|${align.map((x) => (x === "r" ? " ---: " : " --- ")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

function escalationFactor(fee: FeeModel, n: number): string {
  return fee.escalate ? `(1 + ${formatPercent(fee.escalate.rate)})${n === 1 ? "" : `^${n}`}` : "1";
}

/** How a charge's escalated amount (a unit price, for a unit-priced fee) is reached: amount × (1 + rate)^n × the options' reprice. */
function derivationOf(fee: FeeModel, c: Charge, exact: Money): string {
  const factors: string[] = [];
  if (c.escalations > 0) factors.push(escalationFactor(fee, c.escalations));
  if (c.reprice) factors.push(`${c.reprice.toString()} (reprice)`);
  return factors.length === 0 ? exact(c.escalated) : `${exact(fee.amount)} × ${factors.join(" × ")} = ${exact(c.escalated)}`;
}

/** How one fee's total is made: runs of equal charges, prorated periods, escalation steps. */
function feeComputation(fee: FeeModel, charges: readonly Charge[], money: Money, exact: Money): string[] {
  const lines: string[] = [];
  const credit = fee.credit ? " (credit)" : "";
  const derivation = (c: Charge) => derivationOf(fee, c, exact);
  let i = 0;
  while (i < charges.length) {
    const c = charges[i]!;
    const prorated = c.coveredDays !== c.fullDays;
    let j = i + 1;
    if (!prorated) {
      while (j < charges.length && charges[j]!.escalations === c.escalations && charges[j]!.escalated.eq(c.escalated) && charges[j]!.coveredDays === charges[j]!.fullDays) j++;
    }
    const run = charges.slice(i, j);
    const subtotal = run.reduce((s, x) => s.plus(x.amount), ZERO);
    const periods = run.length === 1 ? `period ${c.period + 1}` : `periods ${c.period + 1}–${run[run.length - 1]!.period + 1}`;
    if (fee.every === "once") {
      lines.push(`- paid once on ${formatDay(c.paid)}: ${exact(fee.amount)}${credit}, charged ${money(c.amount)}`);
    } else if (prorated) {
      lines.push(`- ${periods} (${formatDay(c.start)} to ${formatDay(c.coverEnd)}), prorated ${c.coveredDays} of ${c.fullDays} days: ${derivation(c)} × ${c.coveredDays} / ${c.fullDays}${credit}, charged ${money(c.amount)}`);
    } else {
      const rounded = !c.escalated.eq(c.amount.abs());
      const each = c.escalations > 0 || c.reprice !== undefined || rounded ? ` (${derivation(c)}${rounded ? ", rounded" : ""})` : "";
      lines.push(`- ${periods} (${formatDay(c.start)} to ${formatDay(run[run.length - 1]!.coverEnd)}): ${run.length} × ${money(c.amount)}${each} = ${money(subtotal)}`);
    }
    i = j;
  }
  if (lines.length > MAX_TABLE_ROWS) {
    const rest = lines.length - MAX_TABLE_ROWS + 1;
    lines.splice(MAX_TABLE_ROWS - 1, lines.length, `- … and ${plural(rest, "more step")}`);
  }
  if (lines.length === 0) lines.push("- no period of this fee falls inside its window");
  return lines;
}

function yearTable(charges: readonly Charge[], total: Decimal, money: Money, withCounts: boolean): string[] {
  const years = new Map<number, { n: number; sum: Decimal }>();
  for (const c of charges) {
    const y = yearOf(c.paid);
    const e = years.get(y) ?? { n: 0, sum: ZERO };
    e.n++;
    e.sum = e.sum.plus(c.amount);
    years.set(y, e);
  }
  const rows = [...years].sort((a, b) => a[0] - b[0]).map(([y, e]) => (withCounts ? [String(y), String(e.n), money(e.sum)] : [String(y), money(e.sum)]));
  rows.push(withCounts ? ["**Total**", `**${charges.length}**`, `**${money(total)}**`] : ["**Total**", `**${money(total)}**`]);
  return withCounts ? table(["Year", "Payments", "Paid"], ["l", "r", "r"], rows) : table(["Year", "Paid"], ["l", "r"], rows);
}

/** The exercised options whose extension moved a fee's `until` (their ids, in file order). */
function extendedBy(a: Analysis, f: Figures): string[] {
  return a.model!.options.filter((_, i) => f.options[i]?.step.lastAfter !== undefined).map((o) => o.id);
}

/** What a unit-priced fee's explanation needs beyond the charge. */
interface UnitExplain {
  readonly fee: FeeModel;
  readonly unit: PriceUnit;
  /** The quantity counted each day, to name the runs behind a day-weighted charge (descriptive only). */
  readonly timeline?: Timeline;
  readonly money: Money;
  readonly exact: Money;
}

/**
 * One charge of a unit-priced fee as its computation, from the engine's
 * figures for that charge (`escalated`, `units`, `amount`): price × quantity
 * × months (a whole period at one quantity), price × quantity-days / days ×
 * months (a period with a step, or cut short), price × GPUs × hours or
 * price × GPU-days × 24 h (GPU-hour). `simple` is true for the first and
 * third forms with a constant quantity: charges with equal `key` are equal.
 */
function unitChargeComputation(u: UnitExplain, c: Charge): { expr: string; charge: string; note?: string; key?: string } {
  const units = c.units ?? ZERO;
  const runs = runsOver(u.timeline, c.start, c.coverEnd);
  const described = runs.length > 0 && runsTotal(runs).eq(units);
  const constant = described && runs.length === 1;
  const full = c.coveredDays === c.fullDays;
  const price = u.exact(c.escalated);
  const charge = `${u.money(c.amount.abs())}${u.fee.credit ? " (credit)" : ""}`;
  const dayUnit = quantityDayUnit(u.unit);
  const runsNote = described && (runs.length > 1 || !full) ? `${formatQuantity(units)} ${dayUnit} = ${runs.map((r) => `${quantityText(r.value, u.unit)} × ${plural(r.to - r.from + 1, "day")}`).join(" + ")}` : undefined;
  if (u.unit === "GPU-hour") {
    if (constant) {
      const hours = c.coveredDays * 24;
      const expr = `${price} × ${quantityText(runs[0]!.value, u.unit)} × ${hours.toLocaleString("en-US")} h`;
      const note = full ? undefined : `cut short: ${c.coveredDays} of ${c.fullDays} days`;
      return { expr, charge, ...(note ? { note } : {}), key: `${c.escalated.toString()} ${runs[0]!.value.toString()} ${hours}` };
    }
    return { expr: `${price} × ${formatQuantity(units)} ${dayUnit} × 24 h`, charge, ...(runsNote ? { note: runsNote } : {}) };
  }
  const months = INTERVAL_MONTHS[u.fee.every];
  if (constant && full) {
    return { expr: `${price} × ${quantityText(runs[0]!.value, u.unit)} × ${months} mo`, charge, key: `${c.escalated.toString()} ${runs[0]!.value.toString()}` };
  }
  return { expr: `${price} × ${formatQuantity(units)} ${dayUnit} / ${c.fullDays} days × ${months} mo`, charge, ...(runsNote ? { note: runsNote } : {}) };
}

function periodsLabel(run: readonly Charge[]): string {
  const c = run[0]!;
  return run.length === 1 ? `period ${c.period + 1}` : `periods ${c.period + 1}–${run[run.length - 1]!.period + 1}`;
}

/** How a unit-priced fee's total is made: each period (runs of equal charges together) as price × quantity × months or hours. */
function unitComputation(u: UnitExplain, charges: readonly Charge[]): string[] {
  const lines: string[] = [];
  // The escalated price is derived on the first line that charges it.
  let derived: Decimal | undefined;
  let i = 0;
  while (i < charges.length) {
    const c = charges[i]!;
    const first = unitChargeComputation(u, c);
    let j = i + 1;
    if (first.key !== undefined && first.note === undefined) {
      while (j < charges.length && charges[j]!.amount.eq(c.amount) && unitChargeComputation(u, charges[j]!).key === first.key) j++;
    }
    const run = charges.slice(i, j);
    const escalation = (c.escalations > 0 || c.reprice !== undefined) && !(derived && derived.eq(c.escalated)) ? `; price ${derivationOf(u.fee, c, u.exact)}` : "";
    derived = c.escalated;
    const when = `${formatDay(c.start)} to ${formatDay(run[run.length - 1]!.coverEnd)}${first.note ? `; ${first.note}` : ""}`;
    if (run.length === 1) {
      lines.push(`- ${periodsLabel(run)} (${when}): ${first.expr} = ${first.charge}${escalation}`);
    } else {
      const subtotal = run.reduce((s, x) => s.plus(x.amount), ZERO);
      lines.push(`- ${periodsLabel(run)} (${when}): ${run.length} × (${first.expr} = ${first.charge}) = ${u.money(subtotal)}${escalation}`);
    }
    i = j;
  }
  if (lines.length > MAX_TABLE_ROWS) {
    const rest = lines.length - MAX_TABLE_ROWS + 1;
    lines.splice(MAX_TABLE_ROWS - 1, lines.length, `- … and ${plural(rest, "more line")} (the schedule lists every charge)`);
  }
  if (lines.length === 0) lines.push("- no period of this fee falls inside its window");
  return lines;
}

/** Where the quantity a unit-priced fee counts comes from, and its runs over the fee's window. */
function quantityLines(a: Analysis, fee: FeeModel, evaluated: FeeModel, timeline: Timeline | undefined): string[] {
  const price = fee.price!;
  if (price.quantity !== undefined) return [`Quantity: \`quantity: ${(price.quantityText ?? formatQuantity(price.quantity)).replace(/`/g, "")}\`, ${quantityText(price.quantity, price.unit)} every day of the fee (not the deal's capacity).`];
  const m = a.model!;
  const kind = isGpuUnit(price.unit) ? "gpus" : "power";
  const runs = runsOver(timeline, evaluated.from, evaluated.until);
  const out = [`Quantity: the capacity in force each day (\`capacity.${kind}\`${m.capacity?.steps.some((s) => stepDrives(s, fee)) ? " and its steps" : ""})${price.unit === "kW-month" ? ", in kW" : ""}:`];
  for (const r of runs.slice(0, MAX_TABLE_ROWS)) {
    const step = m.capacity?.steps.find((s) => s.from === r.from && stepDrives(s, fee));
    const why = step ? ` (step ${step.index + 1})` : r.value.isZero() ? " (no capacity of this kind in force yet: charged 0)" : r.from === m.term?.start ? " (`capacity`)" : "";
    out.push(`- ${quantityText(r.value, price.unit)} from ${formatDay(r.from)}${why}`);
  }
  if (runs.length > MAX_TABLE_ROWS) out.push(`- … and ${plural(runs.length - MAX_TABLE_ROWS, "more change")}`);
  return out;
}

/** The hover of a fee: its total, how it was computed, per year, first and last payment, provenance. */
export function explainFee(a: Analysis, fee: FeeModel): string {
  const f = a.figures;
  const title = `### Fee \`${fee.id}\`${fee.label ? ` · ${md(fee.label)}` : ""}`;
  if (!f) return [title, "", noFigures(a), "", ...provenanceLines(fee)].join("\n");
  const money = moneyOf(f);
  const exact = exactOf(f);
  const index = a.model!.fees.indexOf(fee);
  const ff = f.fees[index]!;
  // The fee as evaluated: its `until` moved by the exercised options.
  const evaluated = f.feeModels[index] ?? fee;
  const charges = ff.charges.map((i) => f.schedule[i]!);
  const out = [title, "", ...caveat(a)];
  const kind = fee.credit ? "credit" : "fee";
  const credit = fee.credit ? " (a credit: each charge is subtracted)" : "";
  out.push(fee.every === "once" ? `**Total ${money(ff.total)}**, paid once${credit}.` : `**Total ${money(ff.total)}** over ${periodsLong(fee.every, ff.periods)}${credit}.`, "");
  let until = `until ${formatDay(evaluated.until)}`;
  if (evaluated.until !== fee.until) {
    const ids = extendedBy(a, f);
    until += ` (${fee.untilExplicit ? `its \`until\`, ${formatDay(fee.until)},` : `the term's last day, ${formatDay(fee.until)},`} extended by ${ids.length === 1 ? "option" : "options"} ${ids.map((id) => `\`${id}\``).join(", ")})`;
  } else if (!fee.untilExplicit) until += " (the term's last day)";
  const window = fee.every === "once" ? `paid on ${formatDay(fee.from)}` : `from ${formatDay(fee.from)}${fee.fromExplicit ? "" : " (the term's start)"} ${until}`;
  const paid = fee.every === "once" ? "" : `, paid ${fee.paid === "in_arrears" ? "in arrears (on each period's last day)" : "in advance (on each period's first day)"}`;
  const price = fee.price;
  if (price) {
    out.push(`Price ${exact(fee.amount)} per ${price.unit}, charged every ${fee.every}, ${window}${paid}.`);
  } else {
    out.push(`Amount ${exact(fee.amount)} ${fee.every === "once" ? "once" : `per ${fee.every}`}, ${window}${paid}.`);
  }
  if (fee.escalate) {
    out.push(`Escalation: ${formatPercent(fee.escalate.rate)} compound every ${fee.escalate.every}, counted from ${formatDay(fee.from)}.`);
  }
  if (price) {
    const timeline = a.model!.term ? feeQuantityTimeline(fee, a.model!.capacity, a.model!.term) : undefined;
    const u: UnitExplain = { fee, unit: price.unit, money, exact, ...(timeline ? { timeline } : {}) };
    out.push("", ...quantityLines(a, fee, evaluated, timeline), "");
    if (price.unit === "GPU-hour") {
      const hours = charges.reduce((s, c) => s + c.coveredDays * 24, 0);
      out.push(`Hours counted: 24 for each day a period covers, ${hours.toLocaleString("en-US")} h in all. A period with a step counts the GPU-days it covers × 24 h.`);
    } else {
      const months = INTERVAL_MONTHS[fee.every];
      out.push(`Months counted: ${months} per ${fee.every === "month" ? "monthly" : fee.every === "quarter" ? "quarterly" : "yearly"} period (${plural(charges.length, "period")}). A period with a step, or cut short, counts its ${quantityDayUnit(price.unit)} over the days of the whole period.`);
    }
    out.push("", `How the ${kind}'s total is computed (each charge rounded to the currency's minor unit):`, ...unitComputation(u, charges), `- sum: **${money(ff.total)}**`, "");
  } else {
    out.push("", `How the ${kind}'s total is computed (each charge rounded to the currency's minor unit):`, ...feeComputation(fee, charges, money, exact), `- sum: **${money(ff.total)}**`, "");
  }
  if (charges.length > 0) {
    out.push(...yearTable(charges, ff.total, money, true), "");
    const first = charges.find((c) => c.paid === ff.first) ?? charges[0]!;
    const last = [...charges].reverse().find((c) => c.paid === ff.last) ?? charges[charges.length - 1]!;
    out.push(
      first === last
        ? `Payment: ${formatDay(first.paid)}, ${money(first.amount)}.`
        : `First payment ${formatDay(first.paid)}: ${money(first.amount)} · last payment ${formatDay(last.paid)}: ${money(last.amount)}.`,
      "",
    );
  }
  out.push(provenanceLines(fee).join(" · "));
  return out.join("\n");
}

/** Unit economics, each with its computation. */
export function unitEconomicsLines(a: Analysis): string[] {
  const f = a.figures;
  const m = a.model;
  if (!f || !m || figuresStatus(a).kind === "none") return [];
  const money = moneyOf(f);
  const out: string[] = [];
  const gpuSteps = m.capacity?.steps.some((s) => s.gpus !== undefined) === true;
  const powerSteps = m.capacity?.steps.some((s) => s.megawatts !== undefined) === true;
  if (f.perGpuHour && m.capacity?.gpus && !gpuSteps) {
    out.push(
      `- Per GPU-hour: **${money(f.perGpuHour.amount)}** = total ${money(f.total)} / (${formatCount(m.capacity.gpus)} GPUs × ${f.term.days.toLocaleString("en-US")} days × 24 h = ${formatCount(f.perGpuHour.gpuHours)} GPU-hours)`,
    );
  } else if (f.perGpuHour) {
    out.push(
      `- Per GPU-hour: **${money(f.perGpuHour.amount)}** = total ${money(f.total)} / (${formatQuantity(f.perGpuHour.gpuHours.div(24))} GPU-days × 24 h = ${formatCount(f.perGpuHour.gpuHours)} GPU-hours: the GPUs in force each day of the term, summed)`,
    );
  }
  if (f.perMwMonth && f.peakMonth) {
    out.push(`- Per MW-month: **${money(f.perMwMonth.amount)}** = peak month ${money(f.peakMonth.amount)} / ${f.perMwMonth.megawatts.toString()} MW${powerSteps ? " (the largest power in force on any day of the term)" : ""}`);
  }
  return out;
}

function runRateLine(a: Analysis, f: Figures, money: Money): string {
  const m = a.model!;
  if (f.runRate.parts.length === 0) return `- Run rate: **${money(f.runRate.amount)}** a year: no recurring fee is in force on the term's last day (${formatDay(f.term.last)})`;
  const parts = f.runRate.parts.map((p) => {
    const fee = f.feeModels[p.fee] ?? m.fees[p.fee]!;
    const price = formatMoneyExact(p.escalated, f.currency);
    if (fee.price && p.quantity !== undefined) {
      return `\`${fee.id}\` ${fee.credit ? "-" : ""}${price} × ${quantityText(p.quantity, fee.price.unit)} × ${fee.price.unit === "GPU-hour" ? "8,760 h" : "12 mo"}`;
    }
    return `\`${fee.id}\` ${fee.credit ? "-" : ""}${price} × 12 / ${p.periodMonths}`;
  });
  return `- Run rate: **${money(f.runRate.amount)}** a year = ${parts.join(" + ")} (the recurring fees in force on ${formatDay(f.term.last)})`;
}

/** The term in force as a term whose length is counted from its days (a term given in `months` keeps them otherwise). */
function extendedTerm(t: TermModel): TermModel {
  const { months: _months, ...rest } = t;
  void _months;
  return rest;
}

/** The hover of the deal id and the term: per year, peak month, run rate, NPV, unit economics, split by basis. */
export function explainDeal(a: Analysis): string {
  const m = a.model;
  const f = a.figures;
  const out = [`### Deal \`${m?.id ?? "?"}\`${m?.title ? ` · ${md(m.title)}` : ""}`, ""];
  if (m) {
    const parties = Object.entries(m.parties).map(([role, name]) => `${md(name)} (${role})`);
    if (parties.length > 0) out.push(`${parties.join(", ")}${m.currency ? ` · ${m.currency}` : ""}`, "");
  }
  if (!m?.term || !f) {
    out.push(noFigures(a));
    return out.join("\n");
  }
  const status = figuresStatus(a);
  if (status.kind === "none") return [...out, status.detail!].join("\n");
  const money = moneyOf(f);
  const t = m.term;
  out.push(...caveat(a));
  out.push(`Term ${formatDay(t.start)} to ${formatDay(t.last)}: ${t.days.toLocaleString("en-US")} days (${termLengthWords(termLength(t))})${t.months !== undefined ? `, from \`months: ${t.months}\`` : ""}.`);
  if (f.term.last !== t.last) {
    const ids = extendedBy(a, f);
    out.push(
      `Extended by the exercised ${ids.length === 1 ? "option" : "options"} ${ids.map((id) => `\`${id}\``).join(", ")} to ${formatDay(f.term.last)}: ${f.term.days.toLocaleString("en-US")} days (${termLengthWords(termLength(extendedTerm(f.term)))}). The figures below are over the extended term.`,
    );
  }
  if (t.basis !== "contract" || t.source !== undefined) out.push(provenanceLines(t).join(" · "));
  out.push("");
  const feeCount = f.fees.filter((x) => x.periods > 0).length;
  out.push(`**Total ${money(f.total)}**${status.kind === "partial" ? " (partial)" : ""}: the sum of ${plural(f.schedule.length, "charge")} of ${plural(feeCount, "fee")}.`, "");
  out.push(...table(["Year", "Paid"], ["l", "r"], [...[...f.years].map(([y, v]) => [String(y), money(v)]), ["**Total**", `**${money(f.total)}**`]]), "");
  if (f.peakMonth) out.push(`- Peak month: **${money(f.peakMonth.amount)}** in ${formatMonthIndex(f.peakMonth.month)} (the largest sum paid in one calendar month)`);
  out.push(runRateLine(a, f, money));
  if (f.npv) out.push(`- NPV at ${formatPercent(f.npv.rate)}: **${money(f.npv.amount)}**: each charge discounted by (1 + ${formatPercent(f.npv.rate)})^(days from ${formatDay(t.start)} to its payment / 365)`);
  out.push(...unitEconomicsLines(a));
  f.exits.forEach((e) => {
    const c = m.termination[e.clause]!;
    out.push(`- Exit exposure, termination by ${md(c.byText)} with ${c.notice.text} notice on ${formatDay(e.noticeDay)}: **${money(e.exposure)}**`);
  });
  m.options.forEach((o, i) => {
    const of = f.options[i];
    if (!of) return;
    const value = of.value === undefined ? "value not computed" : `value ${money(of.value)}`;
    out.push(`- Option \`${o.id}\` (${o.extend.text}): ${of.exercised ? "exercised" : "not exercised"}, deadline ${formatDay(of.step.deadline)}, ${value}`);
  });
  if (m.commitment) {
    out.push(`- Committed minimum ${money(m.commitment.minimum)}: ${f.shortfall ? `shortfall **${money(f.shortfall)}** = minimum − total` : "met by the total"}`);
  }
  if (f.byBasis.length > 0) {
    out.push("", "By basis (how much of the total rests on contract, reported and assumed fees):", "");
    out.push(
      ...table(
        ["Basis", "Amount", "Share"],
        ["l", "r", "r"],
        f.byBasis.map(([b, v]) => [b, money(v), f.total.isZero() ? "–" : formatPercent(v.div(f.total).toDecimalPlaces(4, Decimal.ROUND_HALF_UP))]),
      ),
    );
  }
  return out.join("\n");
}

/** The hover of a termination clause: the window and each charge counted in the exit exposure. */
export function explainClause(a: Analysis, clause: ClauseModel): string {
  const f = a.figures;
  const m = a.model!;
  const title = `### Termination by ${md(clause.byText)} · ${clause.notice.text} notice`;
  const e = f?.exits[m.termination.indexOf(clause)];
  if (!f || !e) return [title, "", noFigures(a), "", provenanceLines(clause).join(" · ")].join("\n");
  if (figuresStatus(a).kind === "none") return [title, "", figuresStatus(a).detail!, "", provenanceLines(clause).join(" · ")].join("\n");
  const money = moneyOf(f);
  const out = [title, "", ...caveat(a)];
  out.push(`**Exit exposure ${money(e.exposure)}**: what the buyer still owes if notice is given on ${formatDay(e.noticeDay)}${clause.notBeforeExplicit ? " (`not_before`)" : " (the term's start; set `not_before` to move it)"}.`, "");
  const windowDays = e.windowEnd - e.noticeDay;
  out.push(
    `Notice window ${formatDay(e.noticeDay)} to ${formatDay(e.windowEnd - 1)} (${plural(windowDays, "day")}${e.cutAtTermEnd ? `, cut at the term's last day; the full notice runs to ${formatDay(clause.windowEnd - 1)}` : ""}). Roles that may terminate: ${clause.roles.join(", ")}.`,
    "",
  );
  const rows = e.parts.slice(0, MAX_TABLE_ROWS).map((p) => {
    const c = f.schedule[p.charge]!;
    const fee = m.fees[c.fee]!;
    const counted = p.daysInside === c.coveredDays ? money(p.counted) : `${money(c.amount)} × ${p.daysInside} / ${c.coveredDays} = ${money(p.counted)}`;
    return [`\`${fee.id}\` period ${c.period + 1}`, `${formatDay(c.start)} to ${formatDay(c.coverEnd)}`, formatDay(c.paid), `${p.daysInside} of ${c.coveredDays}`, counted];
  });
  if (e.parts.length > MAX_TABLE_ROWS) {
    const rest = e.parts.slice(MAX_TABLE_ROWS).reduce((s, p) => s.plus(p.counted), ZERO);
    rows.push([`… ${plural(e.parts.length - MAX_TABLE_ROWS, "more charge")}`, "", "", "", money(rest)]);
  }
  rows.push(["termination fee", "", "", "", exactOf(f)(e.fee)]);
  rows.push(["**Exit exposure**", "", "", "", `**${money(e.exposure)}**`]);
  out.push(...table(["Charge", "Covers", "Paid", "Days inside the window", "Counted"], ["l", "l", "l", "r", "r"], rows), "");
  out.push("Each charge counts in proportion to the days it covers inside the window, wherever it is paid. Parts are shown to the minor unit; their exact sum is rounded once.");
  out.push("", provenanceLines(clause).join(" · "));
  return out.join("\n");
}

const FIGURE_MEANING: Readonly<Record<ExpectationModel["figure"], string>> = {
  total: "the sum of all charges",
  run_rate: "the yearly rate of the recurring fees in force on the term's last day",
  peak_month: "the largest sum paid in one calendar month",
  exit_exposure: "what the buyer still owes after notice of termination",
  year: "the sum paid in that calendar year",
};

/** The hover of an expectation: expected, computed, difference. */
export function explainExpectation(a: Analysis, e: ExpectationModel): string {
  const f = a.figures;
  const out = [`### Expectation: ${e.label}`, ""];
  if (!f) return [...out, "Not checked: the deal has no figures yet."].join("\n");
  const status = figuresStatus(a);
  const money = moneyOf(f);
  const result = a.expectations.find((r) => r.expectation === e);
  const computed = status.kind === "none" ? undefined : (result?.computed ?? computedFor(e, f));
  const rows: string[][] = [["Expected", exactOf(f)(e.expected)]];
  if (computed !== undefined) {
    rows.push([status.kind === "partial" ? "Computed (partial)" : "Computed", money(computed)]);
    const difference = result?.difference ?? computed.minus(e.expected);
    rows.push(["Difference", `${difference.isPositive() && !difference.isZero() ? "+" : ""}${money(difference)}`]);
  }
  if (e.tolerance) {
    rows.push(["Tolerance", e.tolerance.kind === "percent" ? `${formatPercent(e.tolerance.rate)} of expected = ${money(e.expected.abs().times(e.tolerance.rate))}` : money(e.tolerance.amount)]);
  } else {
    rows.push(["Tolerance", "none: exact to the minor unit"]);
  }
  out.push(...table(["", "Amount"], ["l", "r"], rows), "");
  out.push(`Computed: ${FIGURE_MEANING[e.figure]}.`, "");
  if (result) out.push(result.holds ? "✓ The expectation holds." : "✗ The expectation does not hold: update it or the terms.");
  else out.push("Not checked: expectations are checked once the deal has no errors.");
  return out.join("\n");
}

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

/** The hover of `commitment`: the minimum against the total. */
export function explainCommitment(a: Analysis, commitment: NonNullable<DealModel["commitment"]>): string {
  const f = a.figures;
  const out = ["### Commitment", ""];
  if (!f) return [...out, a.model?.currency ? `Minimum ${formatMoneyExact(commitment.minimum, a.model.currency)}. ${noFigures(a)}` : noFigures(a)].join("\n");
  const money = moneyOf(f);
  const exact = exactOf(f);
  const status = figuresStatus(a);
  if (status.kind === "none") return [...out, `Minimum ${exact(commitment.minimum)}. ${status.detail!}`].join("\n");
  out.push(...caveat(a));
  out.push(`Minimum ${exact(commitment.minimum)} · total ${money(f.total)}`, "");
  out.push(f.shortfall ? `Shortfall **${money(f.shortfall)}** = ${exact(commitment.minimum)} − ${money(f.total)}.` : "The total meets the minimum: no shortfall.");
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
    const charges = f.fees[index]!.charges.map((i) => f.schedule[i]!);
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

/** The options as the figures have them, with option `i` the other way. */
function flippedAt(f: Figures, i: number): boolean[] {
  return f.options.map((x, j) => (j === i ? !x.exercised : x.exercised));
}

/** The last day option `i` moves the term to when exercised (the engine's timeline, the options before it as declared). */
export function lastWithOption(a: Analysis, i: number): number {
  const f = a.figures!;
  const step = f.options[i]!.step;
  if (step.lastAfter !== undefined) return step.lastAfter;
  return optionTimeline(a.model!.term!.last, a.model!.options, flippedAt(f, i)).steps[i]!.lastAfter ?? step.lastBefore;
}

/** The hover of an option to extend: its deadline, the last day with and without it, its value, its reprice. */
export function explainOption(a: Analysis, o: OptionModel): string {
  const m = a.model!;
  const f = a.figures;
  const i = m.options.indexOf(o);
  const title = `### Option \`${o.id}\`${o.label ? ` · ${md(o.label)}` : ""}`;
  const out = [title, ""];
  const terms = `Extends the term by ${o.extend.text}; ${md(o.byText)} may exercise it, with ${o.notice.text} notice.`;
  const of = f?.options[i];
  if (!f || !of || !m.term) {
    out.push(`${o.exercised ? "Exercised" : "Not exercised"}. ${terms}`, "", noFigures(a), "", provenanceLines(o).join(" · "));
    return out.join("\n");
  }
  out.push(...caveat(a));
  const money = moneyOf(f);
  const step = of.step;
  out.push(of.exercised ? "**Exercised**: the figures include the extension." : "**Not exercised**: the figures leave the extension out (`exercised: true` puts it in).", "", terms, "");
  const after = lastWithOption(a, i);
  out.push(`- Deadline: **${formatDay(step.deadline)}**, ${o.notice.text} before ${formatDay(step.lastBefore + 1)} (the day after the last day in force before it)`);
  out.push(`- Last day: ${formatDay(step.lastBefore)} without it, **${formatDay(after)}** with it (${o.extend.text} more)`);
  const flipped = optionTimeline(m.term.last, m.options, flippedAt(f, i)).last;
  const withLast = of.exercised ? f.term.last : flipped;
  const withoutLast = of.exercised ? flipped : f.term.last;
  if (withLast !== after || withoutLast !== step.lastBefore) {
    out.push(`- The deal's last day, the other options as declared: ${formatDay(withoutLast)} without it, ${formatDay(withLast)} with it`);
  }
  if (of.value !== undefined) {
    const withTotal = of.exercised ? f.total : f.total.plus(of.value);
    const withoutTotal = of.exercised ? f.total.minus(of.value) : f.total;
    out.push(`- Value: **${money(of.value)}** = total with it ${money(withTotal)} − total without it ${money(withoutTotal)}`);
  } else {
    out.push("- Value: not computed while the deal has fees that could not be read");
  }
  if (!o.reprice.isZero()) {
    out.push(`- Reprice: ${o.reprice.isPositive() ? "+" : "−"}${formatPercent(o.reprice.abs())} on the charge of every period, of any fee, that starts after ${formatDay(step.lastBefore)}${of.exercised ? "" : " (when exercised)"}`);
  }
  const runOn = m.fees.filter((fee) => fee.every !== "once" && fee.until === m.term!.last);
  out.push(runOn.length > 0 ? `- Fees that run on through it: ${runOn.map((fee) => `\`${fee.id}\``).join(", ")} (those whose window ends on the term's last day)` : "- No fee runs on through it: every fee ends before the term's last day");
  out.push("", provenanceLines(o).join(" · "));
  return out.join("\n");
}
