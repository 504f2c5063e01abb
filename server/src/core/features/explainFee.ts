/**
 * The hover of a fee: its total and how it is computed from its charges (runs
 * of equal charges, prorated periods, escalation and reprice, and for a
 * unit-priced fee each period as price × quantity × months or hours), per
 * year, first and last payment, provenance.
 */
import type { Analysis } from "../analyze";
import { formatDay, yearOf } from "../dates";
import type { Charge, Figures } from "../evaluate/figures";
import type { Timeline } from "../evaluate/timeline";
import { formatPercent, ZERO, type Decimal } from "../money";
import { INTERVAL_MONTHS, type FeeModel } from "../model/types";
import { isGpuUnit, type PriceUnit } from "../values";
import { periodsLong, plural } from "./common";
import { caveat, exactOf, MAX_TABLE_ROWS, md, moneyOf, noFigures, provenanceLines, table, type Money } from "./markdown";
import { feeQuantityTimeline, formatQuantity, quantityDayUnit, quantityText, runsOver, runsTotal, stepDrives } from "./units";

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
export function extendedBy(a: Analysis, f: Figures): string[] {
  return a.model!.options.filter((_, i) => f.options[i]?.step.lastAfter !== undefined).map((o) => o.id);
}

/** What a unit-priced fee's explanation needs beyond the charge. */
export interface UnitExplain {
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
export function unitChargeComputation(u: UnitExplain, c: Charge): { expr: string; charge: string; note?: string; key?: string } {
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
  const charges = f.schedule.slice(ff.charges.from, ff.charges.to);
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
