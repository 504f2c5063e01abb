/**
 * A portfolio's cash flow for the chart of "Dealspec: Show Cash Flow",
 * stacked by provider; its view types are in cashflow.ts with the deal's.
 */
import { Decimal, plain, ZERO } from "../money";
import type { PortfolioAnalysis } from "../portfolio/analyze";
import { convert, sharePercent } from "../portfolio/figures";
import { csvText, stemOf } from "../schedule/csv";
import { addTo, money, monthIndexOf, monthsOf, MAX_CASHFLOW_MONTHS, type MonthTable } from "./cashflowMonths";
import type { PortfolioCashFlowView } from "./cashflow";

/**
 * A portfolio's cash flow stacked by provider, or `null` when it has no
 * figures. Each counted deal's monthly sums are converted at its rate and
 * rounded, then summed ("convert, round, then sum", as for the portfolio's
 * years), so with rates other than 1 the months can differ from the converted
 * totals by a minor unit per month and deal.
 */
export function portfolioCashFlowOf(analysis: PortfolioAnalysis): PortfolioCashFlowView | null {
  const f = analysis.figures;
  if (!f) return null;
  const { currency, minor } = f;
  let first = Infinity;
  let last = -Infinity;
  const perDeal: { provider: string; months: Map<number, { sum: Decimal; payments: number }>; rate: Decimal }[] = [];
  for (const d of f.deals) {
    const df = d.analysis.figures;
    if (!df) continue;
    first = Math.min(first, monthIndexOf(df.term.start));
    last = Math.max(last, monthIndexOf(df.term.last));
    const months = new Map<number, { sum: Decimal; payments: number }>();
    for (const c of df.schedule) {
      const m = monthIndexOf(c.paid);
      first = Math.min(first, m);
      last = Math.max(last, m);
      const s = months.get(m);
      if (s) {
        s.sum = s.sum.plus(c.amount);
        s.payments++;
      } else months.set(m, { sum: c.amount, payments: 1 });
    }
    perDeal.push({ provider: d.provider, months, rate: d.rate });
  }
  const names = f.providers.map((p) => p.name);
  const table: MonthTable = { first, last: Math.min(last, first + MAX_CASHFLOW_MONTHS - 1), sums: new Map() };
  for (const d of perDeal) {
    for (const [m, s] of d.months) if (m <= table.last) addTo(table, m, d.provider, convert(s.sum, d.rate, minor), s.payments);
  }
  const months = perDeal.length === 0 ? [] : monthsOf(table, names, currency, minor).map(({ parts, ...m }) => ({ ...m, byProvider: parts }));
  const csv = csvText([
    ["month", ...names, "total", "cumulative"],
    ...months.map((m) => [m.month, ...names.map((n) => m.byProvider.find((p) => p.key === n)?.amount ?? plain(ZERO, minor)), m.total.amount, m.cumulative.amount]),
  ]);
  const model = analysis.model;
  return {
    kind: "portfolio",
    portfolio: model?.id ?? null,
    title: model?.title ?? null,
    currency,
    total: money(f.total, currency, minor),
    providers: f.providers.map((p) => ({
      name: p.name,
      total: money(p.total, currency, minor),
      share: p.share === undefined ? null : p.share.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6),
      shareDisplay: p.share === undefined ? null : `${sharePercent(p.share).toFixed(2)}%`,
      deals: [...p.deals],
    })),
    months,
    excluded: analysis.deals.filter((d) => d.status !== "counted").length,
    complete: !analysis.diagnostics.some((d) => d.severity === "error") && last - first < MAX_CASHFLOW_MONTHS,
    csv,
    fileStem: stemOf(model?.id, "portfolio"),
  };
}
