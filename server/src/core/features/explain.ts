/**
 * Explanations of the computed figures, as Markdown: how each number was
 * reached from the charges of the schedule. Every amount is formatted by the
 * engine's one formatter (`formatMoney`); the sums shown are the engine's
 * own figures, and the breakdowns are sums over the same charges. Here: the
 * deal (its id and term), a termination clause, an expectation, the
 * commitment and an option; a fee in explainFee.ts, the capacity and its
 * steps in explainCapacity.ts, a portfolio in explainPortfolio.ts.
 */
import type { Analysis } from "../analyze";
import { computedFor } from "../analyze";
import { formatDay, formatMonthIndex } from "../dates";
import type { Figures } from "../evaluate/figures";
import { optionTimeline } from "../extension";
import { Decimal, formatMoneyExact, formatPercent, ZERO } from "../money";
import type { ClauseModel, DealModel, ExpectationModel, OptionModel, TermModel } from "../model/types";
import { formatCount, plural, termLength, termLengthWords } from "./common";
import { figuresStatus } from "./display";
import { extendedBy } from "./explainFee";
import { caveat, exactOf, MAX_TABLE_ROWS, md, moneyOf, noFigures, provenanceLines, table, type Money } from "./markdown";
import { formatQuantity, quantityText } from "./units";

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
