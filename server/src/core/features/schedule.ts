/**
 * The payment schedule of a deal as data and as readable Markdown: one row
 * per charge, sums per month and per year, each with its total. Money is in
 * the plain decimal form of the figures JSON; the Markdown uses the exact
 * formatter.
 */
import type { Analysis } from "../analyze";
import type { PortfolioAnalysis } from "../portfolio/analyze";
import { figuresStatus, portfolioFiguresStatus } from "./display";
import { formatDay, formatMonthIndex, monthKey, yearOf } from "../dates";
import { Decimal, formatMoney, plain, ZERO } from "../money";

/*
 * ScheduleRowView and ScheduleView mirror ScheduleRow and ScheduleResult of
 * server/src/lsp/protocol.ts, which stays free of imports so the client can
 * share it; the lsp layer's `dealspec/schedule` handler is typed to return
 * ScheduleResult, so the compiler checks that the two agree.
 */
export interface ScheduleRowView {
  readonly fee: string;
  readonly label?: string;
  readonly periodStart: string;
  /** The last day the charge covers (the period's end, or `until` when that cuts it short). */
  readonly periodEnd: string;
  readonly paid: string;
  readonly amount: string;
  readonly prorated?: { readonly days: number; readonly of: number };
  readonly escalations: number;
}

export interface ScheduleView {
  readonly deal: string | null;
  readonly currency: string | null;
  readonly total: string | null;
  readonly rows: readonly ScheduleRowView[];
  readonly months: Readonly<Record<string, string>>;
  readonly years: Readonly<Record<string, string>>;
  readonly markdown: string;
}

/** Fees shown as their own columns in the Markdown tables; more than this and only totals are shown. */
export const MAX_FEE_COLUMNS = 6;

function sumTable(
  title: string,
  keys: readonly string[],
  perFee: ReadonlyMap<string, Map<string, Decimal>>,
  totals: ReadonlyMap<string, Decimal>,
  counts: ReadonlyMap<string, number>,
  feeIds: readonly string[],
  money: (v: Decimal) => string,
): string[] {
  const columns = feeIds.length <= MAX_FEE_COLUMNS ? feeIds : [];
  const header = [title, ...columns.map((id) => `\`${id}\``), "Payments", "Total"];
  const lines = [`| ${header.join(" | ")} |`, `| --- |${header.slice(1).map(() => " ---: |").join("")}`];
  let all = ZERO;
  let n = 0;
  for (const k of keys) {
    const total = totals.get(k) ?? ZERO;
    all = all.plus(total);
    n += counts.get(k) ?? 0;
    lines.push(`| ${k} | ${columns.map((id) => { const v = perFee.get(id)?.get(k); return v === undefined ? "" : money(v); }).join(" | ")}${columns.length > 0 ? " | " : ""}${counts.get(k) ?? 0} | ${money(total)} |`);
  }
  const feeTotals = columns.map((id) => `**${money([...(perFee.get(id)?.values() ?? [])].reduce((s, v) => s.plus(v), ZERO))}**`);
  lines.push(`| **Total** | ${feeTotals.join(" | ")}${columns.length > 0 ? " | " : ""}**${n}** | **${money(all)}** |`);
  return lines;
}

export function scheduleOf(a: Analysis): ScheduleView {
  const m = a.model;
  const f = a.figures;
  if (!m || !f) {
    return { deal: m?.id ?? null, currency: m?.currency ?? null, total: null, rows: [], months: {}, years: {}, markdown: `No schedule. ${figuresStatus(a).detail!}` };
  }
  const status = figuresStatus(a);
  if (status.kind === "none") {
    return { deal: m.id ?? null, currency: f.currency, total: null, rows: [], months: {}, years: {}, markdown: `No schedule. ${status.detail!}` };
  }
  const money = (v: Decimal) => formatMoney(v, f.currency);
  const rows: ScheduleRowView[] = f.schedule.map((c) => {
    const fee = m.fees[c.fee]!;
    const row: { -readonly [K in keyof ScheduleRowView]: ScheduleRowView[K] } = {
      fee: fee.id,
      periodStart: formatDay(c.start),
      periodEnd: formatDay(c.coverEnd),
      paid: formatDay(c.paid),
      amount: plain(c.amount, f.minor),
      escalations: c.escalations,
    };
    if (fee.label !== undefined) row.label = fee.label;
    if (c.coveredDays !== c.fullDays) row.prorated = { days: c.coveredDays, of: c.fullDays };
    return row;
  });

  const feeIds = m.fees.map((fee) => fee.id);
  const perFeeMonth = new Map<string, Map<string, Decimal>>();
  const perFeeYear = new Map<string, Map<string, Decimal>>();
  const monthCounts = new Map<string, number>();
  const yearCounts = new Map<string, number>();
  const add = (map: Map<string, Map<string, Decimal>>, id: string, k: string, v: Decimal) => {
    const inner = map.get(id) ?? new Map<string, Decimal>();
    inner.set(k, (inner.get(k) ?? ZERO).plus(v));
    map.set(id, inner);
  };
  for (const c of f.schedule) {
    const id = m.fees[c.fee]!.id;
    const mk = monthKey(c.paid);
    const yk = String(yearOf(c.paid));
    add(perFeeMonth, id, mk, c.amount);
    add(perFeeYear, id, yk, c.amount);
    monthCounts.set(mk, (monthCounts.get(mk) ?? 0) + 1);
    yearCounts.set(yk, (yearCounts.get(yk) ?? 0) + 1);
  }
  const months = new Map([...f.months].map(([k, v]) => [formatMonthIndex(k), v]));
  const years = new Map([...f.years].map(([k, v]) => [String(k), v]));

  const markdown = [
    `## Payment schedule of \`${m.id ?? "?"}\``,
    "",
    ...(status.kind === "partial" ? [`**⚠ ${status.label}**: ${status.detail!}`, ""] : []),
    `Total **${money(f.total)}**${status.kind === "partial" ? " (partial)" : ""} in ${rows.length} ${rows.length === 1 ? "payment" : "payments"}, ${formatDay(f.term.start)} to ${formatDay(f.term.last)}.`,
    "",
    "### By year",
    "",
    ...sumTable("Year", [...years.keys()], perFeeYear, years, yearCounts, feeIds, money),
    "",
    "### By month",
    "",
    ...sumTable("Month", [...months.keys()], perFeeMonth, months, monthCounts, feeIds, money),
    "",
  ].join("\n");

  return {
    deal: m.id ?? null,
    currency: f.currency,
    total: plain(f.total, f.minor),
    rows,
    months: Object.fromEntries([...months].map(([k, v]) => [k, plain(v, f.minor)])),
    years: Object.fromEntries([...years].map(([k, v]) => [k, plain(v, f.minor)])),
    markdown,
  };
}

/**
 * A portfolio's schedule: its figures (each deal converted to the portfolio's
 * currency) per year and provider, and per deal. `deal` is the portfolio's
 * id; `rows` and `months` are empty (a deal's own schedule has them).
 */
export function portfolioScheduleOf(pa: PortfolioAnalysis): ScheduleView {
  const f = pa.figures;
  const id = pa.model?.id ?? null;
  const status = portfolioFiguresStatus(pa);
  if (!f || status.kind === "none") {
    return { deal: id, currency: f?.currency ?? null, total: null, rows: [], months: {}, years: {}, markdown: `No schedule. ${status.detail!}` };
  }
  const money = (v: Decimal) => formatMoney(v, f.currency);
  const names = f.providers.map((p) => p.name || "(no provider)");
  const perProvider = new Map<string, Map<string, Decimal>>();
  const counts = new Map<string, number>();
  for (const d of f.deals) {
    const name = d.provider || "(no provider)";
    const inner = perProvider.get(name) ?? new Map<string, Decimal>();
    for (const [y, v] of d.years) inner.set(String(y), (inner.get(String(y)) ?? ZERO).plus(v));
    perProvider.set(name, inner);
    for (const c of d.figures.schedule) {
      const y = String(yearOf(c.paid));
      counts.set(y, (counts.get(y) ?? 0) + 1);
    }
  }
  const years = new Map([...f.years].map(([k, v]) => [String(k), v]));
  const markdown = [
    `## Payment schedule of portfolio \`${id ?? "?"}\``,
    "",
    ...(status.kind === "partial" ? [`**⚠ ${status.label}**: ${status.detail!}`, ""] : []),
    `Total **${money(f.total)}**${status.kind === "partial" ? " (partial)" : ""} over ${f.deals.length} ${f.deals.length === 1 ? "deal" : "deals"}, in ${f.currency}.`,
    "",
    "### By year and provider",
    "",
    ...sumTable("Year", [...years.keys()], perProvider, years, counts, names, money),
    "",
    "### By deal",
    "",
    `| Deal | Provider | Total (${f.currency}) |`,
    "| --- | --- | ---: |",
    ...f.deals.map((d) => `| \`${d.id}\` | ${d.provider} | ${money(d.total)} |`),
    `| **Total** | | **${money(f.total)}** |`,
    "",
  ].join("\n");
  return {
    deal: id,
    currency: f.currency,
    total: plain(f.total, f.minor),
    rows: [],
    months: {},
    years: Object.fromEntries([...years].map(([k, v]) => [k, plain(v, f.minor)])),
    markdown,
  };
}
