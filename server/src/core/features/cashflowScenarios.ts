/**
 * The parts of a deal's cash-flow view (cashflow.ts) beyond its own months:
 * each scenario's cumulative spend on one axis, each termination clause's
 * exit curve, and the sensitivity tornado with its CSV.
 */
import type { Analysis } from "../analyze";
import { formatDay, formatMonthIndex } from "../dates";
import type { Figures } from "../evaluate";
import { completeness } from "../json";
import { Decimal, plain, ZERO } from "../money";
import { valueAt } from "../syntax";
import type { ScenarioResult } from "../scenarios";
import { sensitivity, sensitivityScenarioCount, type SensitivityVariant } from "../sensitivity";
import { csvText, stemOf } from "../schedule/csv";
import { addTo, dayLabel, money, monthIndexOf, monthLabel, monthRange, monthsOf, signedMoney, MAX_CASHFLOW_MONTHS, type MonthTable } from "./cashflowMonths";
import type { CashFlowAxisView, CashFlowExitCurveView, CashFlowMoneyView, CashFlowScenarioView, CashFlowSensitivityVariantView, CashFlowView } from "./cashflow";

/** Errors outside `scenarios:`: those inside one leave the base deal whole (the scenario is then listed as not drawn). */
export function baseHasErrors(analysis: Analysis): boolean {
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0 || valueAt(analysis.syntax.root, ["scenarios"]) === undefined) return errors.length > 0;
  const block = analysis.syntax.spanOf(["scenarios"]);
  return errors.some((d) => d.span.start < block.start || d.span.end > block.end);
}

/**
 * Each scenario's cumulative spend by month, from its own schedule, on one
 * axis of months holding the base's and every drawn scenario's; a scenario
 * without figures (errors) is listed with the reason, never drawn.
 */
export function scenarioViews(analysis: Analysis, baseFirst: number, baseLast: number): Pick<CashFlowView, "axis" | "scenarios" | "scenariosCsv" | "scenariosFileStem"> {
  const model = analysis.model!;
  const base = analysis.figures!;
  const { currency, minor } = base;
  const baseDone = completeness(model, base).complete;
  let first = baseFirst;
  let last = baseLast;
  const drawn: { view: Omit<CashFlowScenarioView, "figures">; figures: Figures; range: { first: number; last: number }; complete: boolean }[] = [];
  const views: (CashFlowScenarioView | (typeof drawn)[number])[] = [];
  for (const r of analysis.scenarios) {
    const head = { id: r.id, label: r.label ?? null, applied: [...r.applied] };
    if (!r.figures || !r.model) {
      views.push({ ...head, figures: null, unavailable: unavailableReason(analysis, r) });
      continue;
    }
    const range = monthRange(r.figures);
    const from = Math.min(first, range.first);
    const to = Math.max(last, range.last);
    if (to - from >= MAX_CASHFLOW_MONTHS) {
      views.push({ ...head, figures: null, unavailable: `Not drawn: its months (${formatMonthIndex(range.first)} to ${formatMonthIndex(range.last)}) lie too far from the base deal's to share one axis.` });
      continue;
    }
    first = from;
    last = to;
    const d = { view: { ...head, unavailable: null }, figures: r.figures, range, complete: completeness(r.model, r.figures).complete };
    drawn.push(d);
    views.push(d);
  }
  const axis: CashFlowAxisView = {
    months: Array.from({ length: last - first + 1 }, (_, i) => ({ month: formatMonthIndex(first + i), label: monthLabel(first + i) })),
    base: baseFirst - first,
  };
  const scenarios = views.map((v): CashFlowScenarioView => {
    if (!("range" in v)) return v;
    const f = v.figures;
    const table: MonthTable = { first: v.range.first, last: v.range.last, sums: new Map() };
    for (const c of f.schedule) addTo(table, monthIndexOf(c.paid), "all", c.amount, 1);
    const both = baseDone && v.complete;
    return {
      ...v.view,
      figures: {
        total: money(f.total, currency, minor),
        npv: f.npv ? money(f.npv.amount, currency, minor) : null,
        delta: {
          total: both ? signedMoney(f.total.minus(base.total), currency, minor) : null,
          npv: both && f.npv && base.npv ? signedMoney(f.npv.amount.minus(base.npv.amount), currency, minor) : null,
        },
        complete: v.complete,
        term: { from: formatDay(f.term.start), until: formatDay(f.term.last), days: f.term.days },
        start: v.range.first - first,
        months: monthsOf(table, ["all"], currency, minor).map((m) => ({ month: m.month, total: m.total, cumulative: m.cumulative })),
      },
    };
  });
  // One row per month of the axis: the base's running total and each drawn scenario's, empty outside their months.
  const columns = [
    { start: baseFirst - first, cumulative: [] as string[] },
    ...scenarios.filter((s) => s.figures).map((s) => ({ start: s.figures!.start, cumulative: s.figures!.months.map((m) => m.cumulative.amount) })),
  ];
  let running = ZERO;
  for (let m = baseFirst; m <= baseLast; m++) {
    running = running.plus(base.months.get(m) ?? ZERO);
    columns[0]!.cumulative.push(plain(running, minor));
  }
  const scenariosCsv = csvText([
    ["month", "base", ...scenarios.filter((s) => s.figures).map((s) => s.id)],
    ...axis.months.map((m, i) => [m.month, ...columns.map((c) => c.cumulative[i - c.start] ?? "")]),
  ]);
  return { axis, scenarios, scenariosCsv, scenariosFileStem: stemOf(model.id, "deal", "scenarios") };
}

/** Why a scenario has no figures: its first error, or the deal's. */
function unavailableReason(analysis: Analysis, r: ScenarioResult): string {
  const own = analysis.diagnostics.find((d) => d.severity === "error" && d.span.start >= r.itemSpan.start && d.span.end <= r.itemSpan.end);
  if (own) return `Not drawn: the scenario has errors (${own.code}: ${own.message})`;
  return "Not drawn: the scenario has no figures until the errors in the deal are fixed (see Problems).";
}

/** A clause's exit curve, with its cheapest and dearest notice dates (the earliest, when several tie). */
export function exitCurveView(analysis: Analysis, i: number, points: Figures["exitCurves"][number]): CashFlowExitCurveView {
  const model = analysis.model!;
  const { currency, minor } = analysis.figures!;
  const clause = model.termination[analysis.figures!.exits[i]?.clause ?? i]!;
  let cheapest: number | null = null;
  let dearest: number | null = null;
  points.forEach((p, k) => {
    if (cheapest === null || p.exposure.lt(points[cheapest]!.exposure)) cheapest = k;
    if (dearest === null || p.exposure.gt(points[dearest]!.exposure)) dearest = k;
  });
  const number = clause.index + 1;
  return {
    clause: number,
    by: clause.byText,
    notice: clause.notice.text,
    points: points.map((p) => ({ on: formatDay(p.on), label: dayLabel(p.on), exposure: money(p.exposure, currency, minor) })),
    cheapest,
    dearest,
    csv: csvText([["notice_on", "exposure", "mark"], ...points.map((p, k) => [formatDay(p.on), plain(p.exposure, minor), k === cheapest && k === dearest ? "cheapest and dearest" : k === cheapest ? "cheapest" : k === dearest ? "dearest" : ""])]),
    fileStem: stemOf(model.id, "deal", `exit-curve-${number}`),
  };
}

/**
 * The most work the chart asks of the sensitivity: generated scenarios x
 * (charges + fees), each generated scenario an evaluation of the schedule
 * and its sums (no exits or option values). About 40,000 is half a second on
 * this machine (a 200-line generated deal is 5,500 and takes 0.3 s; a
 * 2,000-line one is 380,000 and takes 4.5 s); beyond it, the view points to
 * `dealspec sensitivity`, which computes the same figures.
 */
const SENSITIVITY_BUDGET = 40_000;

/** What the sensitivity costs: the scenarios it generates, each one evaluation of the schedule. */
function sensitivityCost(analysis: Analysis): number {
  return sensitivityScenarioCount(analysis) * (analysis.figures!.schedule.length + analysis.model!.fees.length);
}

export function sensitivityView(analysis: Analysis): Pick<CashFlowView, "sensitivity" | "sensitivityUnavailable"> {
  const model = analysis.model!;
  const f = analysis.figures!;
  const { currency, minor } = f;
  if (baseHasErrors(analysis) || !completeness(model, f).complete) {
    return { sensitivity: null, sensitivityUnavailable: "No sensitivity while the deal has errors (see Problems)." };
  }
  const cost = sensitivityCost(analysis);
  if (cost > SENSITIVITY_BUDGET) {
    return { sensitivity: null, sensitivityUnavailable: "This deal is too large to vary on every edit: run `dealspec sensitivity` on the file for the same figures." };
  }
  const s = sensitivity(analysis);
  if (!s) return { sensitivity: null, sensitivityUnavailable: "No sensitivity while the deal has errors (see Problems)." };
  const opt = (v: Decimal | undefined) => (v === undefined ? null : money(v, currency, minor));
  const optSigned = (v: Decimal | undefined) => (v === undefined ? null : signedMoney(v, currency, minor));
  const variant = (v: SensitivityVariant): CashFlowSensitivityVariantView => ({
    label: v.label,
    total: opt(v.total),
    npv: opt(v.npv),
    delta: optSigned(s.measure === "npv" ? v.deltaNpv : v.deltaTotal),
    deltaTotal: optSigned(v.deltaTotal),
    deltaNpv: optSigned(v.deltaNpv),
  });
  const drivers = s.drivers.map((d) => ({ driver: d.driver, kind: d.kind, low: variant(d.low), high: d.high ? variant(d.high) : null, swing: money(d.swing, currency, minor) }));
  const cell = (m: CashFlowMoneyView | null | undefined) => m?.amount ?? "";
  const csv = csvText([
    ["driver", "kind", "low", "low_delta_total", "low_delta_npv", "high", "high_delta_total", "high_delta_npv", "swing"],
    ...drivers.map((d) => [d.driver, d.kind, d.low.label, cell(d.low.deltaTotal), cell(d.low.deltaNpv), d.high?.label ?? "", cell(d.high?.deltaTotal), cell(d.high?.deltaNpv), d.swing.amount]),
  ]);
  return {
    sensitivity: {
      measure: s.measure,
      step: `${s.step.times(100).toString()}%`,
      base: money(s.measure === "npv" ? f.npv!.amount : f.total, currency, minor),
      drivers,
      csv,
      fileStem: stemOf(model.id, "deal", "sensitivity"),
    },
    sensitivityUnavailable: null,
  };
}
