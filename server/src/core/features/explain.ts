/**
 * Explanations of the computed figures, as Markdown: how each number was
 * reached from the charges of the schedule. Every amount is formatted by the
 * engine's one formatter (`formatMoney`); the sums shown are the engine's
 * own figures, and the breakdowns are sums over the same charges.
 */
import type { Analysis } from "../analyze";
import { computedFor } from "../analyze";
import { formatDay, formatMonthIndex, yearOf } from "../dates";
import type { Charge, Figures } from "../evaluate";
import { Decimal, formatMoney, formatMoneyExact, formatPercent, ZERO } from "../money";
import type { ClauseModel, DealModel, ExpectationModel, FeeModel, Provenance } from "../model";
import { formatCount, periodsLong, plural, termLength, termLengthWords } from "./common";
import { figuresStatus } from "./display";

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

/** How one fee's total is made: runs of equal charges, prorated periods, escalation steps. */
function feeComputation(fee: FeeModel, charges: readonly Charge[], money: Money, exact: Money): string[] {
  const lines: string[] = [];
  const credit = fee.credit ? " (credit)" : "";
  const derivation = (c: Charge) => (c.escalations > 0 ? `${exact(fee.amount)} × ${escalationFactor(fee, c.escalations)} = ${exact(c.escalated)}` : exact(c.escalated));
  let i = 0;
  while (i < charges.length) {
    const c = charges[i]!;
    const prorated = c.coveredDays !== c.fullDays;
    let j = i + 1;
    if (!prorated) {
      while (j < charges.length && charges[j]!.escalations === c.escalations && charges[j]!.coveredDays === charges[j]!.fullDays) j++;
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
      const each = c.escalations > 0 || rounded ? ` (${derivation(c)}${rounded ? ", rounded" : ""})` : "";
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

/** The hover of a fee: its total, how it was computed, per year, first and last payment, provenance. */
export function explainFee(a: Analysis, fee: FeeModel): string {
  const f = a.figures;
  const title = `### Fee \`${fee.id}\`${fee.label ? ` · ${md(fee.label)}` : ""}`;
  if (!f) return [title, "", "No figures: the deal's currency and term are needed to compute them.", "", ...provenanceLines(fee)].join("\n");
  const money = moneyOf(f);
  const exact = exactOf(f);
  const ff = f.fees[a.model!.fees.indexOf(fee)]!;
  const charges = ff.charges.map((i) => f.schedule[i]!);
  const out = [title, "", ...caveat(a)];
  const kind = fee.credit ? "credit" : "fee";
  const credit = fee.credit ? " (a credit: each charge is subtracted)" : "";
  out.push(fee.every === "once" ? `**Total ${money(ff.total)}**, paid once${credit}.` : `**Total ${money(ff.total)}** over ${periodsLong(fee.every, ff.periods)}${credit}.`, "");
  const window = fee.every === "once" ? `paid on ${formatDay(fee.from)}` : `from ${formatDay(fee.from)}${fee.fromExplicit ? "" : " (the term's start)"} until ${formatDay(fee.until)}${fee.untilExplicit ? "" : " (the term's last day)"}`;
  out.push(`Amount ${exact(fee.amount)} ${fee.every === "once" ? "once" : `per ${fee.every}`}, ${window}${fee.every === "once" ? "" : `, paid ${fee.paid === "in_arrears" ? "in arrears (on each period's last day)" : "in advance (on each period's first day)"}`}.`);
  if (fee.escalate) {
    out.push(`Escalation: ${formatPercent(fee.escalate.rate)} compound every ${fee.escalate.every}, counted from ${formatDay(fee.from)}.`);
  }
  out.push("", `How the ${kind}'s total is computed (each charge rounded to the currency's minor unit):`, ...feeComputation(fee, charges, money, exact), `- sum: **${money(ff.total)}**`, "");
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
  if (f.perGpuHour && m.capacity?.gpus) {
    out.push(
      `- Per GPU-hour: **${money(f.perGpuHour.amount)}** = total ${money(f.total)} / (${formatCount(m.capacity.gpus)} GPUs × ${f.term.days.toLocaleString("en-US")} days × 24 h = ${formatCount(f.perGpuHour.gpuHours)} GPU-hours)`,
    );
  }
  if (f.perMwMonth && f.peakMonth) {
    out.push(`- Per MW-month: **${money(f.perMwMonth.amount)}** = peak month ${money(f.peakMonth.amount)} / ${f.perMwMonth.megawatts.toString()} MW`);
  }
  return out;
}

function runRateLine(a: Analysis, f: Figures, money: Money): string {
  const m = a.model!;
  if (f.runRate.parts.length === 0) return `- Run rate: **${money(f.runRate.amount)}** a year: no recurring fee is in force on the term's last day (${formatDay(f.term.last)})`;
  const parts = f.runRate.parts.map((p) => {
    const fee = m.fees[p.fee]!;
    return `\`${fee.id}\` ${fee.credit ? "-" : ""}${formatMoneyExact(p.escalated, f.currency)} × 12 / ${p.periodMonths}`;
  });
  return `- Run rate: **${money(f.runRate.amount)}** a year = ${parts.join(" + ")} (the recurring fees in force on ${formatDay(f.term.last)})`;
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
    out.push("No figures: the deal's currency and term are needed to compute them.");
    return out.join("\n");
  }
  const status = figuresStatus(a);
  if (status.kind === "none") return [...out, status.detail!].join("\n");
  const money = moneyOf(f);
  const t = m.term;
  out.push(...caveat(a));
  out.push(`Term ${formatDay(t.start)} to ${formatDay(t.last)}: ${t.days.toLocaleString("en-US")} days (${termLengthWords(termLength(t))})${t.months !== undefined ? `, from \`months: ${t.months}\`` : ""}.`);
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
  if (!f || !e) return [title, "", "No figures: the deal's currency and term are needed to compute them.", "", provenanceLines(clause).join(" · ")].join("\n");
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
  const lines = unitEconomicsLines(a);
  if (lines.length > 0) out.push(...caveat(a), "Unit economics:", "", ...lines, "");
  if (c) out.push(provenanceLines(c).join(" · "));
  return out.join("\n");
}

/** The hover of `commitment`: the minimum against the total. */
export function explainCommitment(a: Analysis, commitment: NonNullable<DealModel["commitment"]>): string {
  const f = a.figures;
  const out = ["### Commitment", ""];
  if (!f) return [...out, "Minimum: no figures yet, the deal's currency and term are needed."].join("\n");
  const money = moneyOf(f);
  const exact = exactOf(f);
  const status = figuresStatus(a);
  if (status.kind === "none") return [...out, `Minimum ${exact(commitment.minimum)}. ${status.detail!}`].join("\n");
  out.push(...caveat(a));
  out.push(`Minimum ${exact(commitment.minimum)} · total ${money(f.total)}`, "");
  out.push(f.shortfall ? `Shortfall **${money(f.shortfall)}** = ${exact(commitment.minimum)} − ${money(f.total)}.` : "The total meets the minimum: no shortfall.");
  return out.join("\n");
}
