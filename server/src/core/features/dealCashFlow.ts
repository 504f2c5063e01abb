/**
 * A deal's cash flow for the chart of "Dealspec: Show Cash Flow" (the view
 * types are in cashflow.ts; the month axis in cashflowMonths.ts; scenarios,
 * exit curves and sensitivity in cashflowScenarios.ts).
 */
import type { Analysis } from "../analyze";
import { formatMonthIndex } from "../dates";
import { scheduleCsv, stemOf } from "../schedule/csv";
import { dealSchedule } from "../schedule/rows";
import { figuresStatus } from "./display";
import { addTo, money, monthIndexOf, monthLabel, monthsOf, windowOf, type MonthTable } from "./cashflowMonths";
import { baseHasErrors, exitCurveView, scenarioViews, sensitivityView } from "./cashflowScenarios";
import type { CashFlowView } from "./cashflow";

/**
 * A deal's cash flow, or `null` when it has no figures (the engine stops at
 * errors before the currency and term are known, or no fee could be read: a
 * chart of nothing would read as a $0 deal). A deal with other errors gets a
 * chart of what could be read, with `complete: false`, and, when fees are
 * left out, `excluded` and the words that say so.
 */
export function cashFlowOf(analysis: Analysis): CashFlowView | null {
  const model = analysis.model;
  const f = analysis.figures;
  const status = figuresStatus(analysis);
  if (!model || !f || status.kind === "none") return null;
  const { currency, minor, term } = f;
  // Payments fall inside the term (fee windows must), but the chart shows every one of them regardless.
  let first = monthIndexOf(term.start);
  let last = monthIndexOf(term.last);
  const sums: MonthTable["sums"] = new Map();
  const table = { first, last, sums };
  for (const c of f.schedule) {
    const m = monthIndexOf(c.paid);
    first = Math.min(first, m);
    last = Math.max(last, m);
    addTo(table, m, model.fees[c.fee]!.id, c.amount, 1);
  }
  table.first = first;
  table.last = last;
  const months = monthsOf(table, model.fees.map((fee) => fee.id), currency, minor).map(({ parts, ...m }) => ({ ...m, byFee: parts }));

  // The schedule's CSV is the schedule view's (`dealspec schedule --format csv`).
  const csv = scheduleCsv(dealSchedule(analysis)!);

  return {
    kind: "deal",
    deal: model.id ?? null,
    title: model.title ?? null,
    currency,
    term: { ...windowOf(term.start, term.last, first), days: term.days },
    total: money(f.total, currency, minor),
    peakMonth: f.peakMonth ? { month: formatMonthIndex(f.peakMonth.month), label: monthLabel(f.peakMonth.month), amount: money(f.peakMonth.amount, currency, minor) } : null,
    months,
    fees: model.fees.map((fee, i) => ({
      id: fee.id,
      label: fee.label ?? fee.id,
      every: fee.every,
      basis: fee.basis,
      credit: fee.credit,
      window: windowOf(fee.from, fee.every === "once" ? fee.from : fee.until, first),
      total: money(f.fees[i]!.total, currency, minor),
      payments: f.fees[i]!.periods,
    })),
    exits: f.exits.map((e) => {
      const clause = model.termination[e.clause]!;
      return {
        clause: e.clause + 1,
        by: clause.byText,
        notice: clause.notice.text,
        window: windowOf(e.noticeDay, e.windowEnd - 1, first),
        cutAtTermEnd: e.cutAtTermEnd,
        exposure: money(e.exposure, currency, minor),
      };
    }),
    complete: status.complete && model.complete && !baseHasErrors(analysis),
    excluded: status.excluded,
    ...(status.label === undefined ? {} : { status: status.label, statusDetail: status.detail! }),
    csv,
    fileStem: stemOf(model.id, "deal"),
    ...scenarioViews(analysis, first, last),
    exitCurves: f.exitCurves.map((points, i) => exitCurveView(analysis, i, points)),
    ...sensitivityView(analysis),
  };
}
