/**
 * Key dates of a deal: the days a deal team acts on or watches (the term's
 * start and end, each option's exercise deadline and the end it would bring,
 * the earliest day notice may be given under a clause, each step up of an
 * escalating fee, each capacity step, each one-time payment). Pure: every date
 * is read from the model and the figures the engine computed (the option
 * timeline of `extension.ts`, the charges of `evaluate.ts`), never derived a
 * second way, and nothing here knows today's date: `passedDeadlines` takes it
 * as an argument.
 */
import type { Analysis } from "./analyze";
import { formatDay, type Day } from "./dates";
import { diagnostic, type Diagnostic, type Span } from "./diagnostics";
import { optionTimeline } from "./extension";
import type { Figures } from "./evaluate";
import type { DealModel, FeeModel } from "./model/types";
import { formatMoney, formatMoneyExact, formatPercent, roundMinor, type Decimal } from "./money";
import type { DurationValue } from "./values";
import { gpuText, powerText } from "./features/units";

export const KEY_DATE_KINDS = ["term-start", "term-end", "option-deadline", "option-end", "notice-earliest", "escalation", "capacity-step", "payment"] as const;
export type KeyDateKind = (typeof KEY_DATE_KINDS)[number];

/** What a key date comes from: the term, a fee, an option, a termination clause (1-based, file order) or a capacity step (1-based, file order). */
export type KeyDateSource =
  | { readonly type: "term" }
  | { readonly type: "fee"; readonly id: string }
  | { readonly type: "option"; readonly id: string }
  | { readonly type: "clause"; readonly position: number }
  | { readonly type: "step"; readonly position: number };

export interface KeyDate {
  readonly kind: KeyDateKind;
  /** The deal's id (empty when the file gives none). */
  readonly deal: string;
  readonly date: Day;
  readonly source: KeyDateSource;
  /**
   * Stable within the deal, never built from the date or a position in the
   * list of dates: `term-end`, `option-deadline/extend-2y`, `escalation/base/2`
   * (the second step up), `notice-earliest/clause-1`, `capacity-step/step-2`.
   * A date that moves keeps its key.
   */
  readonly key: string;
  /** Where the date is written (or, for a computed date, the value it is computed from). */
  readonly span: Span;
  /** One line a person reads in a calendar: `colossus-1: last day to exercise extend-2y (buyer, 180 days' notice)`. */
  readonly summary: string;
  /** A few more words: how the date arises. */
  readonly detail: string;
  /** True for a date by which someone must act (an unexercised option's deadline): calendars put alarms on these. */
  readonly deadline: boolean;
  /** For option dates: whether the file exercises the option. */
  readonly exercised?: boolean;
}

const KIND_ORDER: Readonly<Record<KeyDateKind, number>> = Object.fromEntries(KEY_DATE_KINDS.map((k, i) => [k, i])) as Record<KeyDateKind, number>;

/** `180 days' notice`, `1 month's notice`. */
export function noticeWords(d: DurationValue): string {
  return `${d.text}${d.text.endsWith("s") ? "'" : "'s"} notice`;
}

function feeLabel(fee: FeeModel): string {
  return fee.label ? `${fee.id} (${fee.label})` : fee.id;
}

/** The price or amount of one full period of a fee from a charge on: the charge's escalated amount, rounded as a full period is. */
function perPeriod(fee: FeeModel, escalated: Decimal, f: Figures): string {
  if (fee.price) return `${formatMoneyExact(escalated, f.currency)} per ${fee.price.unit}`;
  const word = fee.every === "month" ? "a month" : fee.every === "quarter" ? "a quarter" : "a year";
  return `${formatMoney(roundMinor(escalated, f.minor), f.currency)} ${word}`;
}

/**
 * The key dates of a deal as the file declares it (options exercised or not
 * as written; scenarios are not dates), in date order (ties: the kinds in the
 * order of `KEY_DATE_KINDS`, then file order). Empty when the deal has no
 * term or currency to compute from; a deal whose figures leave fees out gives
 * the dates of the fees it could read.
 */
export function keyDates(a: Analysis): KeyDate[] {
  const m = a.model;
  const f = a.figures;
  const term = m?.term;
  if (!m || !f || !term) return [];
  const deal = m.id ?? "";
  const who = deal || "deal";
  const tree = a.syntax;
  const out: KeyDate[] = [];
  const push = (d: KeyDate) => out.push(d);

  // The term as written; the options' timeline as the figures have it.
  push({
    kind: "term-start",
    deal,
    date: term.start,
    source: { type: "term" },
    key: "term-start",
    span: tree.spanOf(["term", "start"]),
    summary: `${who}: term starts`,
    detail: `First day of the term (${formatDay(term.start)} to ${formatDay(term.last)}, ${term.days.toLocaleString("en-US")} days).`,
    deadline: false,
  });
  const exercisedIds = m.options.filter((_, i) => f.options[i]?.exercised).map((o) => o.id);
  push({
    kind: "term-end",
    deal,
    date: term.last,
    source: { type: "term" },
    key: "term-end",
    span: tree.spanOf(["term", term.months === undefined ? "end" : "months"]),
    summary: exercisedIds.length === 0 ? `${who}: last day of the term` : `${who}: last day of the original term (extended by ${exercisedIds.join(", ")})`,
    detail:
      term.months === undefined
        ? `The term's last day, as written (term.end).`
        : `The term's last day: ${formatDay(term.start)} + ${term.months} months - 1 day (term.months).`,
    deadline: false,
  });
  optionDates(a, m, f, who, push);

  for (const clause of m.termination) {
    if (!clause.notBeforeExplicit) continue;
    const position = clause.index + 1;
    push({
      kind: "notice-earliest",
      deal,
      date: clause.noticeDay,
      source: { type: "clause", position },
      key: `notice-earliest/clause-${position}`,
      span: tree.spanOf(["termination", clause.index, "not_before"]),
      summary: `${who}: earliest notice under termination clause ${position} (${clause.byText}, ${noticeWords(clause.notice)})`,
      detail: `Notice may be given from this day (not_before); the notice window then runs to ${formatDay(clause.windowEnd - 1)}.`,
      deadline: false,
    });
  }

  // Escalation steps: the first charge of each fee at a higher step n, as the schedule has it.
  m.fees.forEach((fee, i) => {
    if (!fee.escalate) return;
    const ff = f.fees[i];
    if (!ff) return;
    let n = 0;
    for (let k = ff.charges.from; k < ff.charges.to; k++) {
      const c = f.schedule[k]!;
      if (c.escalations <= n) continue;
      n = c.escalations;
      push({
        kind: "escalation",
        deal,
        date: c.start,
        source: { type: "fee", id: fee.id },
        key: `escalation/${fee.id}/${n}`,
        span: tree.spanOf(["fees", fee.index, "escalate"]),
        summary: `${who}: ${fee.id} steps up ${formatPercent(fee.escalate.rate)} to ${perPeriod(fee, c.escalated, f)}`,
        detail: `Escalation ${n} of ${feeLabel(fee)}: ${formatPercent(fee.escalate.rate)} every ${fee.escalate.every}, compounded (amount x (1 + rate)^${n}) from the period starting this day.`,
        deadline: false,
      });
    }
  });

  for (const step of m.capacity?.steps ?? []) {
    const parts: string[] = [];
    if (step.megawatts !== undefined) parts.push(powerText(step.megawatts));
    if (step.gpus !== undefined) parts.push(gpuText(step.gpus));
    push({
      kind: "capacity-step",
      deal,
      date: step.from,
      source: { type: "step", position: step.index + 1 },
      key: `capacity-step/step-${step.index + 1}`,
      span: step.fromSpan,
      summary: `${who}: capacity becomes ${parts.join(" and ")}`,
      detail: `Capacity step ${step.index + 1}: in force from this day (capacity.steps).`,
      deadline: false,
    });
  }

  m.fees.forEach((fee, i) => {
    if (fee.every !== "once") return;
    const ff = f.fees[i];
    const c = ff && ff.charges.to > ff.charges.from ? f.schedule[ff.charges.from] : undefined;
    if (!c) return;
    push({
      kind: "payment",
      deal,
      date: c.paid,
      source: { type: "fee", id: fee.id },
      key: `payment/${fee.id}`,
      span: fee.idSpan,
      summary: `${who}: one-time ${fee.credit ? "credit" : "payment"} ${fee.id}, ${formatMoney(c.amount, f.currency)}`,
      detail: `${feeLabel(fee)}: paid once, on its from day.`,
      deadline: false,
    });
  });

  return sortKeyDates(out);
}

function optionDates(a: Analysis, m: DealModel, f: Figures, who: string, push: (d: KeyDate) => void): void {
  const term = m.term!;
  const declared = m.options.map((_, i) => f.options[i]?.exercised === true);
  m.options.forEach((o, i) => {
    const of = f.options[i];
    if (!of) return;
    const exercised = of.exercised;
    const terms = `${o.byText}, ${noticeWords(o.notice)}`;
    push({
      kind: "option-deadline",
      deal: m.id ?? "",
      date: of.step.deadline,
      source: { type: "option", id: o.id },
      key: `option-deadline/${o.id}`,
      span: o.noticeSpan,
      summary: `${who}: last day to exercise ${o.id} (${terms}${exercised ? "; exercised" : ""})`,
      detail: `Option ${o.label ? `${o.id} (${o.label})` : o.id}: extend by ${o.extend.text}${o.reprice.isZero() ? "" : `, reprice ${o.reprice.isNegative() ? "" : "+"}${formatPercent(o.reprice)}`}; the deadline is the day after the last day in force before it (${formatDay(of.step.lastBefore)}) minus ${o.notice.text}.`,
      deadline: !exercised,
      exercised,
    });
    // The last day the option brings: the figures' own when exercised; otherwise the same timeline with this option exercised.
    const lastAfter = of.step.lastAfter ?? optionTimeline(term.last, m.options, declared.map((e, j) => (j === i ? true : e))).steps[i]!.lastAfter!;
    push({
      kind: "option-end",
      deal: m.id ?? "",
      date: lastAfter,
      source: { type: "option", id: o.id },
      key: `option-end/${o.id}`,
      span: a.syntax.spanOf(["options", o.index, "extend"]),
      summary: exercised ? `${who}: last day of the term as extended by ${o.id}` : `${who}: last day of the term if ${o.id} is exercised`,
      detail: `${o.extend.text} after ${formatDay(of.step.lastBefore)}${exercised ? " (exercised)" : " (not exercised)"}.`,
      deadline: false,
      exercised,
    });
  });
}

/** Date order; ties: kind order, then the order given (file order). */
export function sortKeyDates(dates: readonly KeyDate[]): KeyDate[] {
  return dates
    .map((d, i) => ({ d, i }))
    .sort((x, y) => x.d.date - y.d.date || KIND_ORDER[x.d.kind] - KIND_ORDER[y.d.kind] || x.i - y.i)
    .map((x) => x.d);
}

/** The deadlines of unexercised options that lie before `today`: the only key dates that depend on the clock. */
export function passedDeadlines(dates: readonly KeyDate[], today: Day): KeyDate[] {
  return dates.filter((d) => d.kind === "option-deadline" && d.exercised === false && d.date < today);
}

/**
 * DS700 on each option whose deadline passed before `today` while the file
 * does not exercise it (on its `notice`, which sets the deadline). Only
 * `dealspec lint --today DATE` asks for these: lint is otherwise independent
 * of the clock.
 */
export function passedDeadlineDiagnostics(a: Analysis, today: Day): Diagnostic[] {
  return passedDeadlines(keyDates(a), today).map((k) =>
    diagnostic(
      "DS700",
      k.span,
      `The last day to exercise option \`${k.source.type === "option" ? k.source.id : k.key}\` was ${formatDay(k.date)}, before ${formatDay(today)}, and the file does not exercise it: set \`exercised: true\` if it was exercised, or remove the option.`,
    ),
  );
}
